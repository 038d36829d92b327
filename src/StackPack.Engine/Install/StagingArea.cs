using StackPack.Engine.IO;

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
    private const string OwnerLock = ".owner.lock";

    private readonly string _root;
    private readonly string? _createdBase;
    private readonly string _packsBase;
    private readonly FileStream _owner;

    private StagingArea(string root, string path, string? createdBase, FileStream owner)
    {
        _root = root;
        _packsBase = System.IO.Path.GetDirectoryName(root)!;
        Path = path;
        _createdBase = createdBase;
        _owner = owner;
    }

    public string Path { get; }

    /// <exception cref="StackPackException">PermissionDenied when the packs base path cannot be written.</exception>
    public static StagingArea Create(string packsBase)
    {
        try
        {
            // The highest folder that does not exist yet: staging removes what it created.
            string? createdBase = null;
            for (var folder = System.IO.Path.GetFullPath(packsBase); folder is not null && !Directory.Exists(folder); folder = System.IO.Path.GetDirectoryName(folder))
            {
                createdBase = folder;
            }

            var root = System.IO.Path.Combine(packsBase, FolderName);
            Directory.CreateDirectory(root);
            RemoveStale(root);
            var path = System.IO.Path.Combine(root, $"{Environment.ProcessId}-{Guid.NewGuid():N}");
            Directory.CreateDirectory(path);
            // Held open (locked) for as long as this process stages: a folder whose lock can be
            // taken belongs to a process that is gone, whoever it was, on any OS.
            var owner = new FileStream(System.IO.Path.Combine(path, OwnerLock), FileMode.Create, FileAccess.ReadWrite, FileShare.None);
            return new StagingArea(root, path, createdBase, owner);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new StackPackException("PermissionDenied", $"Cannot stage packs in '{packsBase}': {e.Message}", packsBase,
                "Run as a user who may write the packs base path (StackStorm's packs are usually owned by root), or use -Destination.", e);
        }
    }

    /// <summary>
    /// For a preview (-WhatIf): a private temporary folder (mode 0700) outside the packs path, so
    /// that a preview writes nothing there: a read-only packs folder does not stop it, and st2
    /// never sees a half-fetched folder. Nothing staged here is ever moved into place.
    /// </summary>
    /// <exception cref="StackPackException">PermissionDenied when the temporary folder cannot be written.</exception>
    public static StagingArea CreatePreview()
    {
        try
        {
            var path = Directory.CreateTempSubdirectory("stackpack-preview-").FullName;
            var owner = new FileStream(System.IO.Path.Combine(path, OwnerLock), FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None);
            return new StagingArea(path, path, createdBase: null, owner);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new StackPackException("PermissionDenied", $"Cannot create a temporary folder for the preview in '{System.IO.Path.GetTempPath()}': {e.Message}", System.IO.Path.GetTempPath(),
                "Set TMPDIR to a folder you may write.", e);
        }
    }

    /// <summary>A new empty folder name inside the area (not created).</summary>
    public string NewFolder(string hint) => System.IO.Path.Combine(Path, $"{hint}-{Guid.NewGuid():N}"[..Math.Min(hint.Length + 9, 64)]);

    public void Dispose()
    {
        _owner.Dispose();
        SafeTree.TryDelete(Path);
        // Leave nothing behind, not even an empty root, or a packs folder staging had to create
        // (an install that does nothing, e.g. -WhatIf, changes nothing).
        SafeTree.TryDeleteEmptyFolder(_root);
        if (_createdBase is not null)
        {
            for (var folder = _packsBase; folder is not null && folder.Length >= _createdBase.Length; folder = System.IO.Path.GetDirectoryName(folder))
            {
                SafeTree.TryDeleteEmptyFolder(folder);
            }
        }
    }

    /// <summary>The suffix of the folders where a two-rename swap parks a pack's old copy (InstallJournal.AsideFor).</summary>
    public const string AsideSuffix = ".old";

    /// <summary>
    /// Removes the staging folders of processes that are gone (killed mid-install). Never an
    /// aside folder (&lt;ref&gt;.old): it may hold a pack's only copy, and only that pack's recovery,
    /// under its lock, moves it back or deletes it.
    /// </summary>
    public static void RemoveStale(string root)
    {
        foreach (var folder in Directory.EnumerateDirectories(root).Where(f => FileSystemProbe.Lstat(f).Kind == FileKind.Directory))
        {
            if (folder.EndsWith(AsideSuffix, StringComparison.Ordinal))
            {
                continue;
            }

            var lockFile = System.IO.Path.Combine(folder, OwnerLock);
            try
            {
                if (File.Exists(lockFile))
                {
                    using var probe = new FileStream(lockFile, FileMode.Open, FileAccess.ReadWrite, FileShare.None);
                }
                else if (DateTime.UtcNow - Directory.GetLastWriteTimeUtc(folder) < TimeSpan.FromMinutes(1))
                {
                    continue; // just created by another process, which is about to take its lock
                }
            }
            catch (IOException)
            {
                continue; // its owner still holds it: a live install
            }
            catch (UnauthorizedAccessException)
            {
                continue; // not ours to judge
            }

            SafeTree.TryDelete(folder);
        }
    }

}
