using StackPack.Engine.Git;

namespace StackPack.Engine.Tests.Git;

/// <summary>
/// libgit2 reports progress on its worker thread while the pipeline thread takes it for the
/// progress bar (issue 9: shared without synchronization). A record is three fields: read while
/// half written, it would pair one report's object count with another's bytes.
/// </summary>
public class TransferWatchTests
{
    [Fact]
    public void Progress_taken_on_another_thread_is_never_a_mix_of_two_reports()
    {
        var watch = new TransferWatch();
        using var stop = new CancellationTokenSource();
        // Its own thread: on a busy runner the thread pool may not start a task for seconds.
        var writer = new Thread(() =>
        {
            // Every report keeps Total = 2 × Received and Bytes = 1000 × Received.
            for (var i = 0; !stop.IsCancellationRequested; i++)
            {
                watch.Activity(new GitTransferProgress(i, 2 * i, 1000L * i));
            }
        }) { IsBackground = true };
        writer.Start();

        var seen = 0;
        // Two seconds of reading, and at least one report taken (a generous cap for a slow runner).
        var deadline = DateTime.UtcNow.AddSeconds(2);
        var cap = DateTime.UtcNow.AddSeconds(60);
        while ((DateTime.UtcNow < deadline || seen == 0) && DateTime.UtcNow < cap)
        {
            if (watch.TakeLatest() is { } progress)
            {
                seen++;
                Assert.Equal(2 * progress.ReceivedObjects, progress.TotalObjects);
                Assert.Equal(1000L * progress.ReceivedObjects, progress.ReceivedBytes);
            }
        }

        stop.Cancel();
        writer.Join();
        Assert.True(seen > 0, "no progress was ever taken");
    }

    [Fact]
    public void Progress_is_taken_once()
    {
        var watch = new TransferWatch();
        watch.Activity(new GitTransferProgress(1, 2, 3));

        Assert.Equal(new GitTransferProgress(1, 2, 3), watch.TakeLatest());
        Assert.Null(watch.TakeLatest());
    }
}
