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
    /// <exception cref="TreeTooDeepException">Folders nest deeper than any pack.</exception>
    public static List<string> List(string packPath) =>
        SafeTree.Walk(packPath, skipDirectory: e => e.Depth == 1 && e.RelativePath == ".git")
            .Where(e => e.Kind != FileKind.Directory)
            .Select(e => e.RelativePath.Replace('\\', '/'))
            .Where(f => !f.StartsWith(".git/", StringComparison.Ordinal) && f != ".git" && !f.EndsWith(".pyc", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .ToList();

    /// <summary>Paths, sizes and times: cheap enough for Get-Pack to tell whether anything changed.</summary>
    public static string Fingerprint(string packPath, IEnumerable<string> files)
    {
        var text = new StringBuilder();
        foreach (var file in files)
        {
            var path = Path.Combine(packPath, file);
            var facts = FileSystemProbe.Lstat(path);
            text.Append(file).Append('|').Append(facts.Kind).Append('|');
            _ = facts.Kind switch
            {
                // The link itself, not what it leads to (which may be outside the pack).
                FileKind.SymbolicLink => text.Append(new FileInfo(path).LinkTarget),
                FileKind.RegularFile => text.Append(facts.Size).Append('|').Append(File.GetLastWriteTimeUtc(path).Ticks),
                _ => text,
            };
            text.Append('\n');
        }

        return Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())));
    }

    public static string Fingerprint(string packPath) => Fingerprint(packPath, List(packPath));
}
