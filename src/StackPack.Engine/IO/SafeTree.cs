namespace StackPack.Engine.IO;

/// <summary>One entry met by <see cref="SafeTree.Walk"/>.</summary>
/// <param name="RelativePath">Relative to the walked root, with the OS's separator.</param>
/// <param name="HasValidName">False when the name on disk is not valid UTF-8 (.NET shows it with U+FFFD and cannot open it again).</param>
/// <param name="ModifiedUtc">The entry's own last write time (a link's, not its target's), from the same lstat.</param>
public sealed record TreeEntry(string FullPath, string RelativePath, FileKind Kind, long Size, int Depth, bool HasValidName, DateTime ModifiedUtc = default);

/// <summary>A tree nests deeper than a pack plausibly can (or loops through something we cannot see).</summary>
public sealed class TreeTooDeepException(string path, int limit)
    : IOException($"'{path}' nests more than {limit} folders deep.")
{
    public string Path { get; } = path;

    public int Limit { get; } = limit;
}

/// <summary>
/// Walking and deleting folders that may hold hostile content (packs are other people's code,
/// and StackPack often runs as root): symbolic links are reported and removed as links and
/// never followed, so a link to /etc or a link loop is just an entry; nothing outside the tree
/// is ever read, chmodded or deleted. The framework's recursive enumeration and
/// Directory.Delete(recursive) are not used for such trees.
/// </summary>
public static class SafeTree
{
    /// <summary>Deeper than any real pack (real ones nest a handful of levels; virtualenvs about a dozen).</summary>
    public const int DefaultMaxDepth = 256;

    /// <summary>
    /// Every entry below <paramref name="root"/> (not the root itself), parents before children,
    /// names in ordinal order. Links are entries of kind <see cref="FileKind.SymbolicLink"/>; their
    /// targets are not visited. <paramref name="skipDirectory"/> prunes folders (e.g. ".git").
    /// </summary>
    /// <exception cref="TreeTooDeepException">Folders nest deeper than <paramref name="maxDepth"/>.</exception>
    public static IEnumerable<TreeEntry> Walk(string root, Func<TreeEntry, bool>? skipDirectory = null, int maxDepth = DefaultMaxDepth)
    {
        var pending = new Stack<(string Path, int Depth)>();
        pending.Push((root, 0));
        while (pending.Count > 0)
        {
            var (folder, depth) = pending.Pop();
            var children = new List<TreeEntry>();
            foreach (var path in Directory.EnumerateFileSystemEntries(folder).Order(StringComparer.Ordinal))
            {
                var validName = !System.IO.Path.GetFileName(path).Contains('\uFFFD');
                var facts = FileSystemProbe.Lstat(path);
                if (!facts.Exists && validName)
                {
                    continue; // vanished while we looked
                }

                // A name that is not valid UTF-8 is reported (Kind Missing: .NET cannot reach it again), never skipped silently.
                children.Add(new TreeEntry(path, System.IO.Path.GetRelativePath(root, path), facts.Kind, facts.Size, depth + 1, validName, facts.ModifiedUtc));
            }

            // Depth-first, parents before children, in name order: deterministic for hashing and output.
            var subfolders = new List<TreeEntry>();
            foreach (var child in children)
            {
                yield return child;
                if (child.Kind == FileKind.Directory && (skipDirectory is null || !skipDirectory(child)))
                {
                    if (child.Depth >= maxDepth)
                    {
                        throw new TreeTooDeepException(root, maxDepth);
                    }

                    subfolders.Add(child);
                }
            }

            for (var i = subfolders.Count - 1; i >= 0; i--)
            {
                pending.Push((subfolders[i].FullPath, subfolders[i].Depth));
            }
        }
    }

    /// <summary>
    /// Deletes a file, link or folder tree without following any link: a link (even the root
    /// itself) is unlinked, never its target. Read-only entries are deleted too (git objects).
    /// </summary>
    /// <exception cref="IOException">Something could not be deleted (what could be is gone).</exception>
    /// <exception cref="UnauthorizedAccessException">Not allowed to delete it.</exception>
    public static void Delete(string path) => DeleteEntry(path, FileSystemProbe.Lstat(path).Kind, depth: 0);

    /// <summary><see cref="Delete"/>, leaving what cannot be deleted for a later cleanup.</summary>
    /// <returns>True when nothing is left at <paramref name="path"/>.</returns>
    public static bool TryDelete(string path)
    {
        try
        {
            Delete(path);
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    /// <summary>Deletes a folder only if it is a real, empty folder (never a link).</summary>
    public static bool TryDeleteEmptyFolder(string path)
    {
        try
        {
            if (FileSystemProbe.Lstat(path).Kind == FileKind.Directory && !Directory.EnumerateFileSystemEntries(path).Any())
            {
                Directory.Delete(path);
                return true;
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
        }

        return false;
    }

    private static void DeleteEntry(string path, FileKind kind, int depth)
    {
        switch (kind)
        {
            case FileKind.Missing:
                return;

            case FileKind.Directory:
                if (depth > 4 * DefaultMaxDepth)
                {
                    throw new TreeTooDeepException(path, 4 * DefaultMaxDepth);
                }

                MakeFolderWritable(path);
                foreach (var child in Directory.EnumerateFileSystemEntries(path).ToList())
                {
                    DeleteEntry(child, FileSystemProbe.Lstat(child).Kind, depth + 1);
                }

                Directory.Delete(path, recursive: false);
                return;

            case FileKind.SymbolicLink when OperatingSystem.IsWindows() && File.GetAttributes(path).HasFlag(FileAttributes.Directory):
                Directory.Delete(path, recursive: false); // removes a directory link itself, not its target
                return;

            default:
                if (OperatingSystem.IsWindows() && kind == FileKind.RegularFile && File.GetAttributes(path).HasFlag(FileAttributes.ReadOnly))
                {
                    File.SetAttributes(path, FileAttributes.Normal); // git objects are read-only; Unix unlinks them as they are
                }

                File.Delete(path); // unlink: a link goes, its target stays
                return;
        }
    }

    /// <summary>A folder without write or search permission for its owner cannot be emptied; it was checked to be a real folder.</summary>
    private static void MakeFolderWritable(string path)
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        var mode = File.GetUnixFileMode(path);
        const UnixFileMode needed = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
        if ((mode & needed) != needed)
        {
            File.SetUnixFileMode(path, mode | needed);
        }
    }
}
