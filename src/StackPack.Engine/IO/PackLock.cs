using System.Diagnostics;

namespace StackPack.Engine.IO;

/// <summary>
/// A per-pack lock shared by every StackPack process on the machine: an exclusively opened
/// lock file (flock on Unix) under the state folder, released when disposed or when the
/// process dies. The holder writes who it is beside it, so a waiter can name it.
/// </summary>
public sealed class PackLock : IDisposable
{
    private readonly FileStream _stream;
    private readonly string _ownerFile;

    private PackLock(FileStream stream, string ownerFile)
    {
        _stream = stream;
        _ownerFile = ownerFile;
    }

    /// <exception cref="StackPackException">PackLocked when another process holds it beyond <paramref name="timeout"/>.</exception>
    public static PackLock Acquire(string locksFolder, string reference, TimeSpan timeout, CancellationToken cancellation)
    {
        try
        {
            Directory.CreateDirectory(locksFolder);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new StackPackException("PermissionDenied", $"Cannot create StackPack's lock folder '{locksFolder}': {e.Message}", reference, "Run as a user who may write the base path.", e);
        }

        var lockFile = Path.Combine(locksFolder, reference + ".lock");
        var ownerFile = Path.Combine(locksFolder, reference + ".owner");
        var clock = Stopwatch.StartNew();
        while (true)
        {
            cancellation.ThrowIfCancellationRequested();
            try
            {
                var stream = new FileStream(lockFile, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
                using var process = Process.GetCurrentProcess();
                File.WriteAllText(ownerFile, $"process {Environment.ProcessId} ({process.ProcessName}) of {Environment.UserName} since {DateTimeOffset.Now:yyyy-MM-dd HH:mm:ss}");
                return new PackLock(stream, ownerFile);
            }
            catch (IOException) when (clock.Elapsed < timeout)
            {
                Thread.Sleep(100);
            }
            catch (UnauthorizedAccessException e)
            {
                throw new StackPackException("PermissionDenied", $"Cannot take the lock of pack '{reference}' in '{locksFolder}': {e.Message}", reference,
                    "Run as a user who may write StackPack's state folder (under the base path).", e);
            }
            catch (IOException e)
            {
                var holder = File.Exists(ownerFile) ? File.ReadAllText(ownerFile) : "another process";
                throw new StackPackException("PackLocked", $"Pack '{reference}' is being changed by {holder}; waited {timeout.TotalSeconds:0.#} s.", reference,
                    "Try again when it has finished, or wait longer with -TimeoutSec.", e);
            }
        }
    }

    public void Dispose()
    {
        try
        {
            File.Delete(_ownerFile);
        }
        catch (IOException)
        {
        }

        _stream.Dispose();
    }
}
