using StackPack.Engine.IO;

namespace StackPack.Engine.Install;

/// <summary>
/// Refuses pack content that could reach outside the pack once installed, or stop whoever reads
/// it: a symbolic link that leads out of the pack by any route (judged on the real file system,
/// link by link, see <see cref="LinkConfinement"/>), a FIFO, socket or device, a name that is not
/// valid UTF-8 (it would install and then be impossible to open), or folders nested beyond any
/// real pack. Runs on a fetched tree before anything in it is read (pack.yaml included), and on a
/// local folder before it is copied. The walk itself never follows a link, so a link loop is
/// just an entry.
/// </summary>
public static class SafeContent
{
    /// <param name="packFolder">The tree to check (a staged clone or copy, or a local source folder).</param>
    /// <param name="shownName">How the pack is named in the error (its ref, or the source as given).</param>
    /// <exception cref="StackPackException">UnsafePackContent, naming the entry at fault.</exception>
    public static void Check(string packFolder, string shownName)
    {
        try
        {
            // .git (a clone's own repository, written by libgit2 and never installed as content) is not walked.
            foreach (var entry in SafeTree.Walk(packFolder, skipDirectory: e => e.Depth == 1 && e.RelativePath == ".git"))
            {
                CheckEntry(packFolder, shownName, entry);
            }
        }
        catch (TreeTooDeepException e)
        {
            throw Unsafe(shownName, $"nests folders more than {e.Limit} levels deep", "Flatten the pack's folders.");
        }
    }

    private static void CheckEntry(string packFolder, string shownName, TreeEntry entry)
    {
        if (Judge(packFolder, entry) is { } refused)
        {
            throw Unsafe(shownName, refused.What, refused.Fix);
        }
    }

    /// <summary>Why Install-Pack refuses this one entry of a walk (<see cref="SafeTree.Walk"/>), or null when it is safe; Test-Pack reports these too.</summary>
    public static UnsafeEntry? Judge(string packFolder, TreeEntry entry)
    {
        if (!entry.HasValidName)
        {
            return new($"has a file named '{entry.RelativePath}' that is not valid UTF-8 (StackStorm could not load it)", "Rename the file to a UTF-8 name, then install again.");
        }

        switch (entry.Kind)
        {
            case FileKind.Special:
                return new($"contains '{entry.RelativePath}', a FIFO, socket or device (never read or copied)", "Remove it from the pack folder, then install again.");

            case FileKind.SymbolicLink when LinkConfinement.Judge(packFolder, entry.RelativePath) is { Inside: false } verdict:
                var target = new FileInfo(entry.FullPath).LinkTarget;
                var via = verdict.Link == entry.RelativePath ? string.Empty : $" (through the link {verdict.Link}, which {verdict.Reason})";
                var why = via.Length > 0 ? via : $" (it {verdict.Reason})";
                return new($"contains a symbolic link that points outside the pack: {entry.RelativePath} -> {target}{why}",
                    "Remove the link from the pack (or make it a relative link to a file inside the pack), then install again.");

            default:
                return null;
        }
    }

    private static StackPackException Unsafe(string shownName, string what, string fix) =>
        new("UnsafePackContent", $"Pack '{shownName}' {what}. Nothing was installed.", shownName, fix);
}

/// <summary>An entry Install-Pack refuses: what is wrong (phrased after "Pack 'x' "), and what to do.</summary>
public sealed record UnsafeEntry(string What, string Fix);
