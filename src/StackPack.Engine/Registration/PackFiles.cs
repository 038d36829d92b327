using System.Security.Cryptography;
using System.Text;
using StackPack.Engine.IO;

namespace StackPack.Engine.Registration;

/// <summary>
/// A pack's files as st2 lists them (everything but .git and *.pyc), their fingerprint and their
/// content hash. The pack may be anyone's tree: it is walked without following links (a link
/// loop is one entry, a link to /etc is not entered), a link is hashed by its target text, and a
/// FIFO or device is listed but never opened.
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

    /// <summary>Regular files by content, links by target text; nothing else is opened.</summary>
    public static string ContentHash(string packPath, IEnumerable<string> files)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var file in files)
        {
            var path = Path.Combine(packPath, file);
            hash.AppendData(Encoding.UTF8.GetBytes(file + "\n"));
            switch (FileSystemProbe.Lstat(path).Kind)
            {
                case FileKind.RegularFile:
                    AppendContent(hash, path);
                    break;
                case FileKind.SymbolicLink:
                    hash.AppendData(Encoding.UTF8.GetBytes("link:" + new FileInfo(path).LinkTarget));
                    break;
                default:
                    hash.AppendData(Encoding.UTF8.GetBytes("special"));
                    break;
            }
        }

        return Convert.ToHexString(hash.GetHashAndReset());
    }

    private static void AppendContent(IncrementalHash hash, string path)
    {
        using var stream = SafeFile.OpenRead(path, long.MaxValue, followLinks: false);
        var buffer = new byte[81920];
        for (int read; (read = stream.Read(buffer)) > 0;)
        {
            hash.AppendData(buffer, 0, read);
        }
    }
}
