using System.Collections.Concurrent;

namespace StackPack.Engine.Index;

/// <summary>
/// Parsed indexes kept for the life of the process, keyed by file and checked against the
/// file's size and time: a warm Find-Pack in a session searches without re-parsing JSON. With a
/// cache folder, a new session reads the binary copy the last parse left there
/// (<see cref="IndexBinaryCache"/>) instead of parsing the JSON again.
/// </summary>
internal static class ParsedIndexCache
{
    private static readonly ConcurrentDictionary<(string Path, string Url), (long Length, DateTime Written, IndexDocument Document)> s_documents = new();

    /// <summary>Forgets what this process parsed (tests: what a new session would see).</summary>
    internal static void Clear() => s_documents.Clear();

    public static IndexDocument Load(string path, string url, long maxBytes, string? cacheFolder = null)
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

        var binary = cacheFolder is null ? null : IndexBinaryCache.PathFor(cacheFolder, info.FullName);
        var document = binary is null ? null : IndexBinaryCache.TryRead(binary, info, url);
        if (document is null)
        {
            document = IndexDocumentParser.Parse(StackPack.Engine.Yaml.StructuredFile.ReadAllBytes(info.FullName, maxBytes), url, maxBytes);
            if (binary is not null)
            {
                IndexBinaryCache.TryWrite(binary, info, document);
            }
        }

        s_documents[key] = (info.Length, info.LastWriteTimeUtc, document);
        return document;
    }
}
