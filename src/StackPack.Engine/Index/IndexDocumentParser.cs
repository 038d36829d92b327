using System.IO.Compression;
using System.Text.Json;
using NuGet.Versioning;
using StackPack.Engine.Packs;

namespace StackPack.Engine.Index;

/// <summary>
/// Reads an index in the Exchange format (<c>{"metadata": …, "packs": {name: entry}}</c>)
/// as st2 does (only "packs" matters), tolerating what real entries do: a missing ref, a null
/// email or keywords, "Contributors" with a capital C, stray keys, versions sorted as text.
/// The document's shape is checked with st2's own statuses and messages.
/// </summary>
public static class IndexDocumentParser
{
    private static readonly JsonDocumentOptions s_options = new() { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip, MaxDepth = 256 };

    /// <exception cref="IndexFormatException">The bytes are not a usable index.</exception>
    public static IndexDocument Parse(ReadOnlyMemory<byte> content, string indexUrl)
    {
        content = Decompress(content);
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(content, s_options);
        }
        catch (JsonException e)
        {
            var where = e.LineNumber is { } line ? $" at line {line + 1}" : string.Empty;
            throw new IndexFormatException(IndexStatus.Malformed, $"The index is not valid JSON{where}: {e.Message.Split(" LineNumber", 2)[0]}", e);
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind == JsonValueKind.Array)
            {
                throw new IndexFormatException(IndexStatus.Malformed, "Expected an index object, got a list instead.");
            }

            if (root.ValueKind != JsonValueKind.Object)
            {
                throw new IndexFormatException(IndexStatus.Malformed, $"Expected an index object, got {Describe(root.ValueKind)} instead.");
            }

            if (!root.EnumerateObject().Any())
            {
                throw new IndexFormatException(IndexStatus.Empty, "The index URL returned an empty object.");
            }

            if (!root.TryGetProperty("packs", out var packs))
            {
                throw new IndexFormatException(IndexStatus.Malformed, "Index object is missing \"packs\" attribute.");
            }

            if (packs.ValueKind != JsonValueKind.Object)
            {
                throw new IndexFormatException(IndexStatus.Malformed, $"The index's \"packs\" attribute must be an object, but it is {Describe(packs.ValueKind)}.");
            }

            var entries = new List<IndexPackEntry>();
            foreach (var property in packs.EnumerateObject())
            {
                // An entry that is not an object cannot describe a pack; st2 would crash on it, we skip it.
                if (property.Value.ValueKind == JsonValueKind.Object)
                {
                    entries.Add(ReadEntry(property.Name, property.Value, indexUrl));
                }
            }

            return new IndexDocument(entries);
        }
    }

    private static ReadOnlyMemory<byte> Decompress(ReadOnlyMemory<byte> content)
    {
        // A mirrored index may be stored gzipped (index.json.gz) or served gzipped without a
        // Content-Encoding header: the gzip magic number gives it away.
        var span = content.Span;
        if (span.Length < 2 || span[0] != 0x1f || span[1] != 0x8b)
        {
            return content;
        }

        try
        {
            using var input = new MemoryStream(content.ToArray());
            using var gzip = new GZipStream(input, CompressionMode.Decompress);
            using var output = new MemoryStream();
            gzip.CopyTo(output);
            return output.ToArray();
        }
        catch (InvalidDataException e)
        {
            throw new IndexFormatException(IndexStatus.Malformed, $"The index looks gzip-compressed but cannot be decompressed: {e.Message}", e);
        }
    }

    private static IndexPackEntry ReadEntry(string key, JsonElement entry, string indexUrl)
    {
        var contributors = Strings(entry, "contributors").Concat(Strings(entry, "Contributors")).Distinct().ToList();
        return new IndexPackEntry
        {
            Name = key,
            Ref = NonEmpty(String(entry, "ref")) ?? key,
            DisplayName = NonEmpty(String(entry, "name")) ?? key,
            Version = String(entry, "version"),
            Versions = SortVersions(Strings(entry, "versions")),
            Description = String(entry, "description") ?? string.Empty,
            Author = String(entry, "author") ?? string.Empty,
            Email = String(entry, "email"),
            Keywords = Strings(entry, "keywords"),
            RepoUrl = String(entry, "repo_url"),
            StackStormVersion = String(entry, "stackstorm_version"),
            PythonVersions = Strings(entry, "python_versions"),
            Dependencies = Strings(entry, "dependencies"),
            Contributors = contributors,
            Content = ReadContent(entry),
            IndexUrl = indexUrl,
        };
    }

    private static PackContentCounts ReadContent(JsonElement entry)
    {
        if (!entry.TryGetProperty("content", out var content) || content.ValueKind != JsonValueKind.Object)
        {
            return new PackContentCounts(0, 0, 0, 0, 0, 0);
        }

        int Count(string type) =>
            content.TryGetProperty(type, out var section) && section.ValueKind == JsonValueKind.Object &&
            section.TryGetProperty("count", out var count) && count.TryGetInt32(out var value) ? value : 0;

        return new PackContentCounts(Count("actions"), Count("sensors"), Count("rules"), Count("aliases"), Count("policies"), Count("triggers"));
    }

    /// <summary>Semantic-version order, newest first; entries that are not versions go last, as text.</summary>
    public static IReadOnlyList<string> SortVersions(IEnumerable<string> versions) =>
        versions
            .Select(v => (Text: v, Parsed: NuGetVersion.TryParse(v.TrimStart('v', 'V'), out var parsed) ? parsed : null))
            .OrderBy(v => v.Parsed is null)
            .ThenByDescending(v => v.Parsed)
            .ThenBy(v => v.Text, StringComparer.Ordinal)
            .Select(v => v.Text)
            .ToList();

    private static string? String(JsonElement entry, string name) =>
        entry.TryGetProperty(name, out var value) ? value.ValueKind switch
        {
            JsonValueKind.String => value.GetString(),
            JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False => value.GetRawText(),
            _ => null,
        } : null;

    private static IReadOnlyList<string> Strings(JsonElement entry, string name)
    {
        if (!entry.TryGetProperty(name, out var value))
        {
            return [];
        }

        return value.ValueKind switch
        {
            JsonValueKind.Array => value.EnumerateArray()
                .Where(v => v.ValueKind is JsonValueKind.String or JsonValueKind.Number)
                .Select(v => v.ValueKind == JsonValueKind.String ? v.GetString()! : v.GetRawText())
                .ToList(),
            JsonValueKind.String => [value.GetString()!],
            _ => [],
        };
    }

    private static string? NonEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;

    private static string Describe(JsonValueKind kind) => kind switch
    {
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        JsonValueKind.Null => "null",
        JsonValueKind.Array => "a list",
        _ => kind.ToString(),
    };
}
