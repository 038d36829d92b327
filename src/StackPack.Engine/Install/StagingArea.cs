using System.Diagnostics;

namespace StackPack.Engine.Install;

/// <summary>
/// Private folders for fetching packs, under &lt;packs base&gt;/.stackpack-staging so that moving a
/// finished pack into place is a rename on the same filesystem (never the shared /tmp). Each
/// process has its own folder, named after it; folders left by a process that died are removed
/// the next time any StackPack process stages.
/// </summary>
public sealed class StagingArea : IDisposable
{
    public const string FolderName = ".stackpack-staging";

    private readonly string _root;

    private StagingArea(string root, string path)
    {
        _root = root;
        Path = path;
    }

    public string Path { get; }

    public static StagingArea Create(string packsBase)
    {
        var root = System.IO.Path.Combine(packsBase, FolderName);
        Directory.CreateDirectory(root);
        RemoveStale(root);
        using var process = Process.GetCurrentProcess();
        var path = System.IO.Path.Combine(root, $"{Environment.ProcessId}-{process.StartTime.ToUniversalTime().Ticks}-{Guid.NewGuid():N}"[..48]);
        Directory.CreateDirectory(path);
        return new StagingArea(root, path);
    }

    /// <summary>A new empty folder name inside the area (not created).</summary>
    public string NewFolder(string hint) => System.IO.Path.Combine(Path, $"{hint}-{Guid.NewGuid():N}"[..Math.Min(hint.Length + 9, 64)]);

    public void Dispose()
    {
        TryDelete(Path);
        try
        {
            // Leave nothing behind, not even the empty root (an install -WhatIf changes nothing).
            if (Directory.Exists(_root) && !Directory.EnumerateFileSystemEntries(_root).Any())
            {
                Directory.Delete(_root);
            }
        }
        catch (IOException)
        {
        }
    }

    /// <summary>Removes the staging folders of processes that no longer run (killed mid-install).</summary>
    public static void RemoveStale(string root)
    {
        foreach (var folder in Directory.EnumerateDirectories(root))
        {
            var parts = System.IO.Path.GetFileName(folder).Split('-');
            if (parts.Length < 2 || !int.TryParse(parts[0], out var pid) || !long.TryParse(parts[1], out var started) || !IsRunning(pid, started))
            {
                TryDelete(folder);
            }
        }
    }

    private static bool IsRunning(int pid, long startedTicks)
    {
        try
        {
            using var process = Process.GetProcessById(pid);
            // The same process, not a reused id. On Linux .NET derives StartTime from "now minus
            // uptime", so two reads differ by microseconds: compare with a tolerance.
            return Math.Abs(process.StartTime.ToUniversalTime().Ticks - startedTicks) < 2 * TimeSpan.TicksPerSecond;
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException or System.ComponentModel.Win32Exception)
        {
            return false;
        }
    }

    internal static void TryDelete(string folder)
    {
        try
        {
            if (Directory.Exists(folder))
            {
                foreach (var file in Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories))
                {
                    File.SetAttributes(file, FileAttributes.Normal); // git objects are read-only
                }

                Directory.Delete(folder, recursive: true);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Left for the next cleanup.
        }
    }
}
