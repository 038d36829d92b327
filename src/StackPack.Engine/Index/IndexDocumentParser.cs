using System.IO.Compression;
using System.Text.Json;
using StackPack.Engine.Packs;
using StackPack.Engine.Versions;

namespace StackPack.Engine.Index;

/// <summary>
/// Reads an index in the Exchange format (<c>{"metadata": …, "packs": {name: entry}}</c>)
/// as st2 does (only "packs" matters), tolerating what real entries do: a missing ref, a null
/// email or keywords, "Contributors" with a capital C, stray keys, versions sorted as text.
/// The document's shape is checked with st2's own statuses and messages.
/// </summary>
public static class IndexDocumentParser
{
    /// <summary>No limit on the decompressed size: only for tests and callers that bounded the bytes some other way.</summary>
    public const long Unlimited = long.MaxValue;

    private static readonly JsonReaderOptions s_readerOptions = new() { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip, MaxDepth = 256 };

    /// <param name="maxBytes">The index size limit, which a gzip-compressed document must keep once decompressed too.</param>
    /// <exception cref="IndexFormatException">The bytes are not a usable index, or too large.</exception>
    public static IndexDocument Parse(ReadOnlyMemory<byte> content, string indexUrl, long maxBytes)
    {
        content = Decompress(content, indexUrl, maxBytes);
        try
        {
            // One streaming pass straight into entries: building a JsonDocument first cost
            // several times more on a 50,000-pack index (allocations and a second walk).
            var reader = new Utf8JsonReader(content.Span, s_readerOptions);
            return ReadDocument(ref reader, indexUrl);
        }
        catch (JsonException e)
        {
            var where = e.LineNumber is { } line ? $" at line {line + 1}" : string.Empty;
            throw new IndexFormatException(IndexStatus.Malformed, $"The index is not valid JSON{where}: {e.Message.Split(" LineNumber", 2)[0]}", e);
        }
    }

    private static IndexDocument ReadDocument(ref Utf8JsonReader reader, string indexUrl)
    {
        if (!reader.Read())
        {
            throw new IndexFormatException(IndexStatus.Malformed, "The index is empty: no JSON at all.");
        }

        if (reader.TokenType != JsonTokenType.StartObject)
        {
            var kind = Describe(reader.TokenType);
            reader.Skip();          // a broken list is malformed JSON first of all
            ExpectEnd(ref reader);
            throw new IndexFormatException(IndexStatus.Malformed,
                kind == "a list" ? "Expected an index object, got a list instead." : $"Expected an index object, got {kind} instead.");
        }

        (List<IndexPackEntry> Entries, List<string> Warnings)? entries = null;
        var anyProperty = false;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            anyProperty = true;
            var isPacks = reader.ValueTextEquals("packs"u8);
            reader.Read();
            if (!isPacks)
            {
                reader.Skip();
                continue;
            }

            if (reader.TokenType != JsonTokenType.StartObject)
            {
                var kind = Describe(reader.TokenType);
                reader.Skip();
                SkipToEnd(ref reader);
                throw new IndexFormatException(IndexStatus.Malformed, $"The index's \"packs\" attribute must be an object, but it is {kind}.");
            }

            entries = ReadPacks(ref reader, indexUrl);
        }

        ExpectEnd(ref reader);
        if (!anyProperty)
        {
            throw new IndexFormatException(IndexStatus.Empty, "The index URL returned an empty object.");
        }

        return entries is null
            ? throw new IndexFormatException(IndexStatus.Malformed, "Index object is missing \"packs\" attribute.")
            : new IndexDocument(entries.Value.Entries) { Warnings = entries.Value.Warnings };
    }

    private static (List<IndexPackEntry> Entries, List<string> Warnings) ReadPacks(ref Utf8JsonReader reader, string indexUrl)
    {
        var entries = new List<IndexPackEntry>();
        var warnings = new List<string>();
        var positions = new Dictionary<string, int>(StringComparer.Ordinal);
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var key = reader.GetString()!;
            reader.Read();
            if (reader.TokenType != JsonTokenType.StartObject)
            {
                // An entry that is not an object cannot describe a pack; st2 would crash on it, we skip it.
                reader.Skip();
                continue;
            }

            var entry = ReadEntry(ref reader, key, indexUrl);
            if (positions.TryGetValue(key, out var first))
            {
                // st2's json.load keeps the last value under the first key's position: so do
                // we, for Find-Pack and Install-Pack alike, and say so.
                warnings.Add($"Index {indexUrl} lists the pack '{key}' more than once; the last entry is used, as StackStorm does.");
                entries[first] = entry;
            }
            else
            {
                positions[key] = entries.Count;
                entries.Add(entry);
            }
        }

        return (entries, warnings);
    }

    private static void SkipToEnd(ref Utf8JsonReader reader)
    {
        while (reader.Read())
        {
        }
    }

    private static void ExpectEnd(ref Utf8JsonReader reader)
    {
        // Reading past the root validates that nothing but whitespace follows it.
        while (reader.Read())
        {
            reader.Skip();
        }
    }

    private static ReadOnlyMemory<byte> Decompress(ReadOnlyMemory<byte> content, string indexUrl, long maxBytes)
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
            // Read at most the limit: a few megabytes of gzip can inflate to gigabytes.
            using var input = new MemoryStream(content.ToArray());
            using var gzip = new GZipStream(input, CompressionMode.Decompress);
            using var output = new MemoryStream();
            var chunk = new byte[81920];
            int read;
            while ((read = gzip.Read(chunk, 0, chunk.Length)) > 0)
            {
                if (output.Length + read > maxBytes)
                {
                    throw new IndexFormatException(IndexStatus.Error,
                        $"{indexUrl} is larger than the {maxBytes / (1024 * 1024)} MB limit once decompressed (it is gzip-compressed); "
                        + "raise it with STACKPACK_INDEX_MAX_MB if this index is really that big.");
                }

                output.Write(chunk, 0, read);
            }

            return output.ToArray();
        }
        catch (InvalidDataException e)
        {
            throw new IndexFormatException(IndexStatus.Malformed, $"The index looks gzip-compressed but cannot be decompressed: {e.Message}", e);
        }
    }

    private static IndexPackEntry ReadEntry(ref Utf8JsonReader reader, string key, string indexUrl)
    {
        string? reference = null, displayName = null, version = null, description = null, author = null, email = null, repoUrl = null, st2Version = null;
        IReadOnlyList<string> versions = [], keywords = [], pythonVersions = [], dependencies = [];
        List<string>? contributors = null;
        var content = new PackContentCounts(0, 0, 0, 0, 0, 0);
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("ref"u8)) { reader.Read(); reference = String(ref reader); }
            else if (reader.ValueTextEquals("name"u8)) { reader.Read(); displayName = String(ref reader); }
            else if (reader.ValueTextEquals("version"u8)) { reader.Read(); version = String(ref reader); }
            else if (reader.ValueTextEquals("versions"u8)) { reader.Read(); versions = Strings(ref reader); }
            else if (reader.ValueTextEquals("description"u8)) { reader.Read(); description = String(ref reader); }
            else if (reader.ValueTextEquals("author"u8)) { reader.Read(); author = String(ref reader); }
            else if (reader.ValueTextEquals("email"u8)) { reader.Read(); email = String(ref reader); }
            else if (reader.ValueTextEquals("keywords"u8)) { reader.Read(); keywords = Strings(ref reader); }
            else if (reader.ValueTextEquals("repo_url"u8)) { reader.Read(); repoUrl = String(ref reader); }
            else if (reader.ValueTextEquals("stackstorm_version"u8)) { reader.Read(); st2Version = String(ref reader); }
            else if (reader.ValueTextEquals("python_versions"u8)) { reader.Read(); pythonVersions = Strings(ref reader); }
            else if (reader.ValueTextEquals("dependencies"u8)) { reader.Read(); dependencies = Strings(ref reader); }
            else if (reader.ValueTextEquals("contributors"u8) || reader.ValueTextEquals("Contributors"u8))
            {
                // One Exchange entry spells it with a capital C.
                reader.Read();
                contributors ??= new List<string>();
                foreach (var contributor in Strings(ref reader))
                {
                    if (!contributors.Contains(contributor))
                    {
                        contributors.Add(contributor);
                    }
                }
            }
            else if (reader.ValueTextEquals("content"u8)) { reader.Read(); content = ReadContent(ref reader); }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }

        return new IndexPackEntry
        {
            Name = key,
            Ref = NonEmpty(reference) ?? key,
            DisplayName = NonEmpty(displayName) ?? key,
            Version = version,
            IndexedVersions = versions,
            Description = description ?? string.Empty,
            Author = author ?? string.Empty,
            Email = email,
            Keywords = keywords,
            RepoUrl = repoUrl,
            StackStormVersion = st2Version,
            PythonVersions = pythonVersions,
            Dependencies = dependencies,
            Contributors = contributors ?? (IReadOnlyList<string>)[],
            Content = content,
            IndexUrl = indexUrl,
        };
    }

    private static PackContentCounts ReadContent(ref Utf8JsonReader reader)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            reader.Skip();
            return new PackContentCounts(0, 0, 0, 0, 0, 0);
        }

        int actions = 0, sensors = 0, rules = 0, aliases = 0, policies = 0, triggers = 0;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var section = reader.GetString();
            reader.Read();
            var count = ReadCount(ref reader);
            switch (section)
            {
                case "actions": actions = count; break;
                case "sensors": sensors = count; break;
                case "rules": rules = count; break;
                case "aliases": aliases = count; break;
                case "policies": policies = count; break;
                case "triggers": triggers = count; break;
            }
        }

        return new PackContentCounts(actions, sensors, rules, aliases, policies, triggers);
    }

    /// <summary>Reads {"count": N, "resources": [...]} and returns N (0 when absent or odd).</summary>
    private static int ReadCount(ref Utf8JsonReader reader)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            reader.Skip();
            return 0;
        }

        var count = 0;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var isCount = reader.ValueTextEquals("count"u8);
            reader.Read();
            if (isCount && reader.TokenType == JsonTokenType.Number && reader.TryGetInt32(out var value))
            {
                count = value;
            }
            else
            {
                reader.Skip();
            }
        }

        return count;
    }

    /// <summary>Semantic-version order, newest first; entries that are not versions go last, as text.</summary>
    public static IReadOnlyList<string> SortVersions(IEnumerable<string> versions) =>
        versions
            .Select(v => (Text: v, Semantic: PackVersion.TryParseSemantic(v, out var parsed) ? parsed : null))
            .OrderByDescending(v => v.Semantic)
            .ThenBy(v => v.Text, StringComparer.Ordinal)
            .Select(v => v.Text)
            .ToList();

    private static string? String(ref Utf8JsonReader reader)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.String:
                return reader.GetString();
            case JsonTokenType.Number or JsonTokenType.True or JsonTokenType.False:
                return System.Text.Encoding.UTF8.GetString(reader.ValueSpan);
            default:
                reader.Skip();
                return null;
        }
    }

    private static List<string> Strings(ref Utf8JsonReader reader)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.String:
                return [reader.GetString()!];
            case JsonTokenType.StartArray:
                var values = new List<string>();
                while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                {
                    if (reader.TokenType == JsonTokenType.String)
                    {
                        values.Add(reader.GetString()!);
                    }
                    else if (reader.TokenType == JsonTokenType.Number)
                    {
                        values.Add(System.Text.Encoding.UTF8.GetString(reader.ValueSpan));
                    }
                    else
                    {
                        reader.Skip();
                    }
                }

                return values;
            default:
                reader.Skip();
                return [];
        }
    }

    private static string? NonEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;

    private static string Describe(JsonTokenType token) => token switch
    {
        JsonTokenType.String => "a string",
        JsonTokenType.Number => "a number",
        JsonTokenType.True or JsonTokenType.False => "a boolean",
        JsonTokenType.Null => "null",
        JsonTokenType.StartArray => "a list",
        _ => token.ToString(),
    };
}
