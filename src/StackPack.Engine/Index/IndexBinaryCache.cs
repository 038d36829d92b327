using System.Security.Cryptography;
using System.Text;
using StackPack.Engine.IO;
using StackPack.Engine.Packs;

namespace StackPack.Engine.Index;

/// <summary>
/// A compact binary copy of a parsed index, kept in the index cache folder beside the JSON it
/// came from, so that the first search of a new session reads packed strings instead of parsing
/// megabytes of JSON again (a 50,000-pack index is 15 MB of JSON). It is valid only for the
/// exact JSON file it was made from (path, size and time) and this format version; anything
/// unexpected in it means "parse the JSON", never an error.
/// Every distinct string is stored once, in a table that entries refer to by number: an index
/// repeats its authors, keywords, versions, and each name as ref and display name, so a new
/// session makes a third of the strings it would otherwise (the decoding is most of its cost).
/// </summary>
internal static class IndexBinaryCache
{
    private const uint Magic = 0x58495053; // "SPIX"
    private const int FormatVersion = 4; // 3: a string table; 4: a SHA-256 of the content at the end
    private const int HashBytes = 32;
    private const int MaxListLength = 1_000_000;

    /// <summary>Where the binary copy of <paramref name="jsonPath"/> lives.</summary>
    public static string PathFor(string cacheFolder, string jsonPath)
    {
        var key = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(Path.GetFullPath(jsonPath))))[..32];
        return Path.Combine(cacheFolder, "parsed", key + ".bin");
    }

    public static IndexDocument? TryRead(string binaryPath, FileInfo json, string url)
    {
        try
        {
            if (!SafeFile.IsRegularFile(binaryPath, followLinks: false))
            {
                return null;
            }

            // Read whole, then decoded from memory (BinaryReader on SafeFile's unbuffered stream
            // made a system call for every bool and string length: seconds for 50,000 packs).
            var bytes = SafeFile.ReadAllBytes(binaryPath, MaxBytesFor(json), followLinks: false);
            if (bytes.Length < HashBytes)
            {
                return null;
            }

            // A damaged copy must not answer at all: one flipped string number would silently give
            // a pack another pack's repository URL. The content must hash to what was written.
            var content = bytes.AsSpan(0, bytes.Length - HashBytes);
            if (!SHA256.HashData(content).AsSpan().SequenceEqual(bytes.AsSpan(bytes.Length - HashBytes)))
            {
                return null;
            }

            var reader = new SpanReader(content);
            if (reader.ReadUInt32() != Magic || reader.ReadInt32() != FormatVersion || reader.ReadString() != Path.GetFullPath(json.FullName)
                || reader.ReadInt64() != json.Length || reader.ReadInt64() != json.LastWriteTimeUtc.Ticks)
            {
                return null;
            }

            // Counts are bounded by the JSON they came from (a distinct string takes at least its two
            // quotes there, a pack at least `"a":{}`), so a forged count cannot make a huge array.
            var strings = new string[reader.ReadCount(json.Length + 1024)];
            for (var i = 0; i < strings.Length; i++)
            {
                strings[i] = reader.ReadString();
            }

            var packs = new IndexPackEntry[reader.ReadCount(json.Length / 6)];
            for (var i = 0; i < packs.Length; i++)
            {
                packs[i] = ReadEntry(ref reader, strings, url);
            }

            var warnings = ReadList(ref reader, strings);
            return reader.AtEnd ? new IndexDocument(packs) { Warnings = warnings } : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or ArgumentException or OverflowException or NotSupportedException)
        {
            return null; // unreadable, truncated or foreign: the JSON decides
        }
    }

    /// <summary>
    /// A cap on what is read into memory, far above what a copy of that JSON takes: its strings
    /// come from the JSON, each once, and an entry adds a few dozen bytes of numbers where its
    /// JSON takes at least 7. A bigger file is ignored like any unusable copy (the JSON is
    /// parsed), never read whole.
    /// </summary>
    private static long MaxBytesFor(FileInfo json) => (json.Length * 4) + (1024 * 1024);

    /// <summary>Best effort: a cache that cannot be written costs the next session a parse, nothing more.</summary>
    public static void TryWrite(string binaryPath, FileInfo json, IndexDocument document)
    {
        try
        {
            var table = new StringTable();
            foreach (var entry in document.Packs)
            {
                table.AddAll(entry);
            }

            table.AddAll(document.Warnings);
            using var buffer = new MemoryStream();
            using (var writer = new BinaryWriter(buffer, Encoding.UTF8, leaveOpen: true))
            {
                writer.Write(Magic);
                writer.Write(FormatVersion);
                writer.Write(Path.GetFullPath(json.FullName));
                writer.Write(json.Length);
                writer.Write(json.LastWriteTimeUtc.Ticks);
                writer.Write7BitEncodedInt(table.Strings.Count);
                foreach (var text in table.Strings)
                {
                    writer.Write(text);
                }

                writer.Write7BitEncodedInt(document.Packs.Count);
                foreach (var entry in document.Packs)
                {
                    WriteEntry(writer, table, entry);
                }

                WriteList(writer, table, document.Warnings);
            }

            var written = buffer.GetBuffer().AsSpan(0, (int)buffer.Length);
            buffer.Write(SHA256.HashData(written));
            AtomicFile.WriteAllBytes(binaryPath, buffer.GetBuffer().AsSpan(0, (int)buffer.Length));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
        }
    }

    private static void WriteEntry(BinaryWriter writer, StringTable table, IndexPackEntry entry)
    {
        writer.Write7BitEncodedInt(table[entry.Name]);
        writer.Write7BitEncodedInt(table[entry.Ref]);
        writer.Write7BitEncodedInt(table[entry.DisplayName]);
        WriteOptional(writer, table, entry.Version);
        WriteList(writer, table, entry.IndexedVersions);
        writer.Write7BitEncodedInt(table[entry.Description]);
        writer.Write7BitEncodedInt(table[entry.Author]);
        WriteOptional(writer, table, entry.Email);
        WriteList(writer, table, entry.Keywords);
        WriteOptional(writer, table, entry.RepoUrl);
        WriteOptional(writer, table, entry.StackStormVersion);
        WriteList(writer, table, entry.PythonVersions);
        WriteList(writer, table, entry.Dependencies);
        WriteList(writer, table, entry.Contributors);
        var content = entry.Content;
        foreach (var count in new[] { content.Actions, content.Sensors, content.Rules, content.Aliases, content.Policies, content.Triggers })
        {
            writer.Write(count);
        }
    }

    private static IndexPackEntry ReadEntry(ref SpanReader reader, string[] strings, string url) => new()
    {
        Name = reader.ReadReference(strings),
        Ref = reader.ReadReference(strings),
        DisplayName = reader.ReadReference(strings),
        Version = ReadOptional(ref reader, strings),
        IndexedVersions = ReadList(ref reader, strings),
        Description = reader.ReadReference(strings),
        Author = reader.ReadReference(strings),
        Email = ReadOptional(ref reader, strings),
        Keywords = ReadList(ref reader, strings),
        RepoUrl = ReadOptional(ref reader, strings),
        StackStormVersion = ReadOptional(ref reader, strings),
        PythonVersions = ReadList(ref reader, strings),
        Dependencies = ReadList(ref reader, strings),
        Contributors = ReadList(ref reader, strings),
        Content = new PackContentCounts(reader.ReadInt32(), reader.ReadInt32(), reader.ReadInt32(), reader.ReadInt32(), reader.ReadInt32(), reader.ReadInt32()),
        IndexUrl = url,
    };

    // An optional string is its table number plus one; 0 is null.
    private static void WriteOptional(BinaryWriter writer, StringTable table, string? value) =>
        writer.Write7BitEncodedInt(value is null ? 0 : table[value] + 1);

    private static string? ReadOptional(ref SpanReader reader, string[] strings)
    {
        var number = reader.Read7BitInt();
        return number == 0 ? null : SpanReader.Lookup(strings, number - 1);
    }

    private static void WriteList(BinaryWriter writer, StringTable table, IReadOnlyList<string> values)
    {
        writer.Write7BitEncodedInt(values.Count);
        foreach (var value in values)
        {
            writer.Write7BitEncodedInt(table[value]);
        }
    }

    private static string[] ReadList(ref SpanReader reader, string[] strings)
    {
        var count = reader.Read7BitInt();
        if (count == 0)
        {
            return [];
        }

        if (count > MaxListLength)
        {
            throw new FormatException("bad list length");
        }

        var values = new string[count];
        for (var i = 0; i < count; i++)
        {
            values[i] = reader.ReadReference(strings);
        }

        return values;
    }

    /// <summary>Each distinct string once, numbered in the order first seen.</summary>
    private sealed class StringTable
    {
        private readonly Dictionary<string, int> _numbers = new(StringComparer.Ordinal);

        public List<string> Strings { get; } = [];

        public int this[string value] => _numbers[value];

        public void AddAll(IndexPackEntry entry)
        {
            foreach (var value in new[] { entry.Name, entry.Ref, entry.DisplayName, entry.Version, entry.Description, entry.Author, entry.Email, entry.RepoUrl, entry.StackStormVersion })
            {
                Add(value);
            }

            foreach (var list in new[] { entry.IndexedVersions, entry.Keywords, entry.PythonVersions, entry.Dependencies, entry.Contributors })
            {
                AddAll(list);
            }
        }

        public void AddAll(IReadOnlyList<string> values)
        {
            foreach (var value in values)
            {
                Add(value);
            }
        }

        private void Add(string? value)
        {
            if (value is not null && _numbers.TryAdd(value, Strings.Count))
            {
                Strings.Add(value);
            }
        }
    }
}
