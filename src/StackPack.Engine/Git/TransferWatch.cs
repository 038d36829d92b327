using System.Diagnostics;

namespace StackPack.Engine.Git;

/// <summary>
/// What one libgit2 transfer is doing, shared between the worker thread that runs it (libgit2
/// calls back there) and the pipeline thread that waits for it: the latest progress (for
/// progress bars), when bytes last moved (for the inactivity limit), and whether to abort.
/// Every access goes through one lock: a progress record is several fields and must not tear.
/// </summary>
internal sealed class TransferWatch
{
    private readonly object _gate = new();
    private readonly long _started = Stopwatch.GetTimestamp();
    private long _lastActivity = Stopwatch.GetTimestamp();
    private GitTransferProgress? _latest;
    private bool _fresh;
    private volatile bool _aborted;

    /// <summary>Set once the waiting side gives up: libgit2 aborts at its next callback.</summary>
    public bool Aborted => _aborted;

    public void Abort() => _aborted = true;

    /// <summary>The server sent something (a progress report, sideband text, a reference).</summary>
    public void Activity(GitTransferProgress? progress = null)
    {
        lock (_gate)
        {
            _lastActivity = Stopwatch.GetTimestamp();
            if (progress is { } value)
            {
                _latest = value;
                _fresh = true;
            }
        }
    }

    /// <summary>The progress reported since the last call, or null when nothing new came.</summary>
    public GitTransferProgress? TakeLatest()
    {
        lock (_gate)
        {
            var fresh = _fresh;
            _fresh = false;
            return fresh ? _latest : null;
        }
    }

    public TimeSpan Idle
    {
        get
        {
            lock (_gate)
            {
                return Stopwatch.GetElapsedTime(_lastActivity);
            }
        }
    }

    public TimeSpan Elapsed => Stopwatch.GetElapsedTime(_started);
}
