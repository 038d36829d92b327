using System.Security.Cryptography;
using System.Text;
using StackPack.Engine.IO;

namespace StackPack.Engine.Registration;

/// <summary>
/// A pack's files as st2 lists them (everything but .git and *.pyc) and their fingerprint. The
/// pack may be anyone's tree: it is walked without following links (a link loop is one entry, a
/// link to /etc is not entered), a link counts by its target text, and a FIFO or device is
/// listed but never opened.
/// </summary>
public static class PackFiles
{
    /// <summary>The files and their fingerprint (<see cref="Fingerprint(string)"/>) from one walk: one lstat per file.</summary>
    /// <exception cref="TreeTooDeepException">Folders nest deeper than any pack.</exception>
    public static (List<string> Files, string Fingerprint) ListWithFingerprint(string packPath)
    {
        var entries = Entries(packPath);
        var names = new List<string>(entries.Count);
        foreach (var entry in entries)
        {
            names.Add(entry.Name);
        }

        return (names, Fingerprint(entries));
    }

    /// <summary>Paths, sizes and times: cheap enough for Get-Pack to tell whether anything changed.</summary>
    /// <exception cref="TreeTooDeepException">Folders nest deeper than any pack.</exception>
    public static string Fingerprint(string packPath) => Fingerprint(Entries(packPath));

    // Plain loops and a class of our own rather than LINQ over tuples: generic code over our types
    // is not in any precompiled image, and this runs in every fresh process that registers or lists packs.
    private static List<NamedEntry> Entries(string packPath)
    {
        var entries = new List<NamedEntry>();
        foreach (var entry in SafeTree.Walk(packPath, skipDirectory: e => e.Depth == 1 && e.RelativePath == ".git"))
        {
            var name = entry.RelativePath.Replace('\\', '/');
            if (entry.Kind != FileKind.Directory && !name.StartsWith(".git/", StringComparison.Ordinal) && name != ".git" && !name.EndsWith(".pyc", StringComparison.Ordinal))
            {
                entries.Add(new NamedEntry(name, entry));
            }
        }

        entries.Sort((a, b) => string.CompareOrdinal(a.Name, b.Name));
        return entries;
    }

    /// <summary>One lstat per file (taken by the walk): a fingerprint costs no more than listing the files.</summary>
    private static string Fingerprint(List<NamedEntry> files)
    {
        var text = new StringBuilder();
        foreach (var (name, entry) in files)
        {
            text.Append(name).Append('|').Append(entry.Kind).Append('|');
            _ = entry.Kind switch
            {
                // The link itself, not what it leads to (which may be outside the pack).
                FileKind.SymbolicLink => text.Append(new FileInfo(entry.FullPath).LinkTarget),
                FileKind.RegularFile => text.Append(entry.Size).Append('|').Append(entry.ModifiedUtc.Ticks),
                _ => text,
            };
            text.Append('\n');
        }

        return Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())));
    }

    private sealed record NamedEntry(string Name, TreeEntry Entry);
}
