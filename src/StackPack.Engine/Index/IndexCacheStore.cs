using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using StackPack.Engine.IO;

namespace StackPack.Engine.Index;

/// <summary>What we remember about the last good download of an index.</summary>
public sealed record IndexCacheEntry(string Url, string? ETag, string? LastModified, DateTimeOffset FetchedAt, int PackCount);

/// <summary>
/// The on-disk index cache: per URL, the last good document and a small metadata file
/// (ETag, Last-Modified, when it was fetched). Both are written atomically, content first,
/// and only after the new document parsed, so a bad download never replaces a good copy.
/// </summary>
public sealed class IndexCacheStore
{
    public IndexCacheStore(string folder) => Folder = folder;

    public string Folder { get; }

    public string ContentPath(string url) => Path.Combine(Folder, Key(url) + ".json");

    private string MetaPath(string url) => Path.Combine(Folder, Key(url) + ".meta.json");

    public IndexCacheEntry? Read(string url)
    {
        var meta = MetaPath(url);
        if (!File.Exists(meta) || !File.Exists(ContentPath(url)))
        {
            return null;
        }

        try
        {
            return ReadEntry(StackPack.Engine.Yaml.StructuredFile.ReadAllBytes(meta));
        }
        catch (Exception e) when (e is JsonException or IOException or UnauthorizedAccessException or KeyNotFoundException or InvalidOperationException or FormatException)
        {
            // A damaged metadata file only costs a fresh download.
            return null;
        }
    }

    public void Write(string url, ReadOnlySpan<byte> content, IndexCacheEntry entry)
    {
        AtomicFile.WriteAllBytes(ContentPath(url), content);
        Touch(url, entry);
    }

    /// <summary>Records a successful revalidation (HTTP 304) without touching the content.</summary>
    public void Touch(string url, IndexCacheEntry entry) =>
        AtomicFile.WriteAllBytes(MetaPath(url), WriteEntry(entry));

    // By hand, not JsonSerializer: its metadata for the record (DateTimeOffset, int members) was
    // built, and JIT-compiled, on the first index read of every new session (about a hundred
    // methods before the first search); JsonDocument and Utf8JsonWriter are precompiled.
    private static IndexCacheEntry ReadEntry(byte[] json)
    {
        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        return new IndexCacheEntry(
            root.GetProperty(nameof(IndexCacheEntry.Url)).GetString() ?? throw new FormatException("no Url"),
            root.GetProperty(nameof(IndexCacheEntry.ETag)).GetString(),
            root.GetProperty(nameof(IndexCacheEntry.LastModified)).GetString(),
            root.GetProperty(nameof(IndexCacheEntry.FetchedAt)).GetDateTimeOffset(),
            root.GetProperty(nameof(IndexCacheEntry.PackCount)).GetInt32());
    }

    private static byte[] WriteEntry(IndexCacheEntry entry)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            writer.WriteStartObject();
            writer.WriteString(nameof(IndexCacheEntry.Url), entry.Url);
            writer.WriteString(nameof(IndexCacheEntry.ETag), entry.ETag);
            writer.WriteString(nameof(IndexCacheEntry.LastModified), entry.LastModified);
            writer.WriteString(nameof(IndexCacheEntry.FetchedAt), entry.FetchedAt);
            writer.WriteNumber(nameof(IndexCacheEntry.PackCount), entry.PackCount);
            writer.WriteEndObject();
        }

        return buffer.ToArray();
    }

    /// <summary>A stable file name for a URL (the URL itself may hold credentials and odd characters).</summary>
    private static string Key(string url) =>
        Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(url)))[..32].ToLowerInvariant();
}
