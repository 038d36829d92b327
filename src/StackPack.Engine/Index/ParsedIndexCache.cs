using System.Collections.Concurrent;

namespace StackPack.Engine.Index;

/// <summary>
/// Parsed indexes kept for the life of the process, keyed by file and checked against the
/// file's size and time: a warm Find-Pack in a session searches without re-parsing JSON.
/// </summary>
internal static class ParsedIndexCache
{
    private static readonly ConcurrentDictionary<(string Path, string Url), (long Length, DateTime Written, IndexDocument Document)> s_documents = new();

    public static IndexDocument Load(string path, string url, long maxBytes)
    {
        var info = new FileInfo(path);
        var key = (info.FullName, url);
        if (s_documents.TryGetValue(key, out var cached) && cached.Length == info.Length && cached.Written == info.LastWriteTimeUtc)
        {
            return cached.Document;
        }

        if (info.Length > maxBytes)
        {
            throw new IndexFetchException(IndexStatus.Error, $"{url} is larger than the {maxBytes / (1024 * 1024)} MB limit ({info.Length / (1024 * 1024)} MB).");
        }

        var document = IndexDocumentParser.Parse(StackPack.Engine.Yaml.StructuredFile.ReadAllBytes(info.FullName, maxBytes), url, maxBytes);
        s_documents[key] = (info.Length, info.LastWriteTimeUtc, document);
        return document;
    }
}
