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
        var entries = Entries(packPath).ToList();
        return (entries.Select(e => e.Name).ToList(),
            Fingerprint(entries.Select(e => (e.Name, e.Entry.FullPath, e.Entry.Kind, e.Entry.Size, e.Entry.ModifiedUtc))));
    }

    /// <summary>Paths, sizes and times: cheap enough for Get-Pack to tell whether anything changed.</summary>
    /// <exception cref="TreeTooDeepException">Folders nest deeper than any pack.</exception>
    public static string Fingerprint(string packPath) =>
        Fingerprint(Entries(packPath).Select(e => (e.Name, e.Entry.FullPath, e.Entry.Kind, e.Entry.Size, e.Entry.ModifiedUtc)));

    private static IEnumerable<(string Name, TreeEntry Entry)> Entries(string packPath) =>
        SafeTree.Walk(packPath, skipDirectory: e => e.Depth == 1 && e.RelativePath == ".git")
            .Where(e => e.Kind != FileKind.Directory)
            .Select(e => (Name: e.RelativePath.Replace('\\', '/'), Entry: e))
            .Where(e => !e.Name.StartsWith(".git/", StringComparison.Ordinal) && e.Name != ".git" && !e.Name.EndsWith(".pyc", StringComparison.Ordinal))
            .OrderBy(e => e.Name, StringComparer.Ordinal);

    /// <summary>One lstat per file (taken by the walk): a fingerprint costs no more than listing the files.</summary>
    private static string Fingerprint(IEnumerable<(string Name, string Path, FileKind Kind, long Size, DateTime Modified)> files)
    {
        var text = new StringBuilder();
        foreach (var (name, path, kind, size, modified) in files)
        {
            text.Append(name).Append('|').Append(kind).Append('|');
            _ = kind switch
            {
                // The link itself, not what it leads to (which may be outside the pack).
                FileKind.SymbolicLink => text.Append(new FileInfo(path).LinkTarget),
                FileKind.RegularFile => text.Append(size).Append('|').Append(modified.Ticks),
                _ => text,
            };
            text.Append('\n');
        }

        return Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())));
    }

}
