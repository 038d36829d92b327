namespace StackPack.Engine.IO;

/// <summary>Where a symbolic link inside a tree leads, decided as the kernel would decide it.</summary>
/// <param name="Inside">The link resolves (or dangles) inside the tree.</param>
/// <param name="Link">The link in the chain that leaves the tree (relative to the root; the link itself when it is the culprit).</param>
/// <param name="Reason">Why it is refused, without the path: "climbs out with '..'", "is absolute (/etc)".</param>
/// <param name="Resolved">Where an inside link leads, relative to the root; every folder on the way is a real folder, not a link.</param>
public readonly record struct LinkVerdict(bool Inside, string? Link = null, string? Reason = null, string? Resolved = null);

/// <summary>
/// Decides whether a symbolic link inside a tree stays inside it, on the real file system rather
/// than by text: the target is resolved component by component from the link's real parent, and
/// every link met on the way is expanded where it stands (so "a20/s/../../x", where s is itself a
/// link, climbs from where s really leads, as the kernel does, not from a20). Any route out of
/// the tree is refused: an absolute target, a ".." above the root, or more than
/// <see cref="MaxHops"/> links in one resolution (the kernel's own ELOOP limit, and loops).
/// A name that does not exist is taken as a folder, so a dangling link is judged by where it
/// would lead if the missing parts were created (stricter than the kernel, never laxer).
/// </summary>
public static class LinkConfinement
{
    /// <summary>Linux follows at most 40 links in one path lookup.</summary>
    public const int MaxHops = 40;

    // Marks where a link's target ends among the pending names (a NUL cannot be part of a name).
    private const string EndOfLink = "\0";

    /// <param name="root">The tree (a real folder).</param>
    /// <param name="linkRelativePath">A link inside it, reached without following links (as <see cref="SafeTree.Walk"/> reports it).</param>
    public static LinkVerdict Judge(string root, string linkRelativePath)
    {
        var parts = linkRelativePath.Split(Path.DirectorySeparatorChar, StringSplitOptions.RemoveEmptyEntries);
        // The link's parents are real folders (the walk reached it without following links).
        var resolved = new List<string>(parts[..^1]);
        var pending = new Stack<string>();
        pending.Push(parts[^1]);
        var hops = 0;
        // The links whose targets are being followed, innermost on top: the top one is named when a ".." climbs out.
        var expanding = new Stack<string>();
        expanding.Push(linkRelativePath);
        while (pending.Count > 0)
        {
            var name = pending.Pop();
            if (name == EndOfLink)
            {
                expanding.Pop();
                continue;
            }

            if (name is "" or ".")
            {
                continue;
            }

            if (name == "..")
            {
                if (resolved.Count == 0)
                {
                    return new LinkVerdict(false, expanding.Peek(), "climbs out with '..'");
                }

                resolved.RemoveAt(resolved.Count - 1);
                continue;
            }

            var current = Path.Combine([root, .. resolved, name]);
            if (FileSystemProbe.Lstat(current).Kind != FileKind.SymbolicLink)
            {
                resolved.Add(name); // a folder, a file or nothing: the next name is looked up below it
                continue;
            }

            var link = Path.GetRelativePath(root, current);
            if (++hops > MaxHops)
            {
                return new LinkVerdict(false, link, $"passes through more than {MaxHops} links (a loop?)");
            }

            var target = new FileInfo(current).LinkTarget;
            if (target is null)
            {
                return new LinkVerdict(false, link, "cannot be read");
            }

            if (Path.IsPathRooted(target))
            {
                return new LinkVerdict(false, link, $"is absolute ({target})");
            }

            // Expand the link where it stands: its target is looked up from its own (real) parent.
            expanding.Push(link);
            pending.Push(EndOfLink);
            var targetParts = target.Split(['/', Path.DirectorySeparatorChar], StringSplitOptions.RemoveEmptyEntries);
            for (var i = targetParts.Length - 1; i >= 0; i--)
            {
                pending.Push(targetParts[i]);
            }
        }

        return new LinkVerdict(true, Resolved: Path.Combine([.. resolved]));
    }
}
