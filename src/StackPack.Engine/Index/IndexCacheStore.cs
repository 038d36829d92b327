using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using StackPack.Engine.IO;

namespace StackPack.Engine.Index;

/// <summary>What we remember about the last good download of an index.</summary>
public sealed record IndexCacheEntry(string Url, string? ETag, string? LastModified, DateTimeOffset FetchedAt, int PackCount);

/// <summary>
/// Compiled (de)serialization of <see cref="IndexCacheEntry"/>: the reflection-based serializer
/// built its metadata with Reflection.Emit on the first index read of every session (about a
/// hundred methods to JIT before the first search).
/// </summary>
[JsonSourceGenerationOptions(WriteIndented = true)]
[JsonSerializable(typeof(IndexCacheEntry))]
internal sealed partial class IndexCacheJson : JsonSerializerContext
{
}

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
            return JsonSerializer.Deserialize(StackPack.Engine.Yaml.StructuredFile.ReadAllBytes(meta), IndexCacheJson.Default.IndexCacheEntry);
        }
        catch (Exception e) when (e is JsonException or IOException or UnauthorizedAccessException)
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
        AtomicFile.WriteAllBytes(MetaPath(url), JsonSerializer.SerializeToUtf8Bytes(entry, IndexCacheJson.Default.IndexCacheEntry));

    /// <summary>A stable file name for a URL (the URL itself may hold credentials and odd characters).</summary>
    private static string Key(string url) =>
        Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(url)))[..32].ToLowerInvariant();
}
