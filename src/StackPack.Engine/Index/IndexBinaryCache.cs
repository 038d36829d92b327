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
/// </summary>
internal static class IndexBinaryCache
{
    private const uint Magic = 0x58495053; // "SPIX"
    private const int FormatVersion = 2; // 2: the document's warnings (a pack listed twice) follow the packs
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

            // Read whole, then decoded from memory: BinaryReader reads byte by byte (a bool, a
            // string's length), and on SafeFile's unbuffered stream each byte was a system call,
            // millions of them for a 50,000-pack index (seconds, where the decoding takes tens of ms).
            var bytes = SafeFile.ReadAllBytes(binaryPath, MaxBytesFor(json), followLinks: false);
            using var reader = new BinaryReader(new MemoryStream(bytes, writable: false), Encoding.UTF8);
            if (reader.ReadUInt32() != Magic || reader.ReadInt32() != FormatVersion || reader.ReadString() != Path.GetFullPath(json.FullName)
                || reader.ReadInt64() != json.Length || reader.ReadInt64() != json.LastWriteTimeUtc.Ticks)
            {
                return null;
            }

            var count = reader.ReadInt32();
            if (count < 0 || count > json.Length)
            {
                return null;
            }

            var packs = new IndexPackEntry[count];
            for (var i = 0; i < count; i++)
            {
                packs[i] = ReadEntry(reader, url);
            }

            return new IndexDocument(packs) { Warnings = ReadList(reader) };
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or ArgumentException or OverflowException or NotSupportedException)
        {
            return null; // unreadable, truncated or foreign: the JSON decides
        }
    }

    /// <summary>
    /// A cap on what is read into memory, far above what a copy of that JSON takes: its strings
    /// come from the JSON (a name at most three times: index key, ref, display name) and an entry
    /// adds about 60 bytes of lengths and counts where its JSON takes at least 7. A bigger file
    /// is ignored like any unusable copy (the JSON is parsed), never read whole.
    /// </summary>
    private static long MaxBytesFor(FileInfo json) => (json.Length * 32) + (1024 * 1024);

    /// <summary>Best effort: a cache that cannot be written costs the next session a parse, nothing more.</summary>
    public static void TryWrite(string binaryPath, FileInfo json, IndexDocument document)
    {
        try
        {
            using var buffer = new MemoryStream();
            using (var writer = new BinaryWriter(buffer, Encoding.UTF8, leaveOpen: true))
            {
                writer.Write(Magic);
                writer.Write(FormatVersion);
                writer.Write(Path.GetFullPath(json.FullName));
                writer.Write(json.Length);
                writer.Write(json.LastWriteTimeUtc.Ticks);
                writer.Write(document.Packs.Count);
                foreach (var entry in document.Packs)
                {
                    WriteEntry(writer, entry);
                }

                WriteList(writer, document.Warnings);
            }

            AtomicFile.WriteAllBytes(binaryPath, buffer.GetBuffer().AsSpan(0, (int)buffer.Length));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
        }
    }

    private static void WriteEntry(BinaryWriter writer, IndexPackEntry entry)
    {
        writer.Write(entry.Name);
        writer.Write(entry.Ref);
        writer.Write(entry.DisplayName);
        WriteOptional(writer, entry.Version);
        WriteList(writer, entry.IndexedVersions);
        writer.Write(entry.Description);
        writer.Write(entry.Author);
        WriteOptional(writer, entry.Email);
        WriteList(writer, entry.Keywords);
        WriteOptional(writer, entry.RepoUrl);
        WriteOptional(writer, entry.StackStormVersion);
        WriteList(writer, entry.PythonVersions);
        WriteList(writer, entry.Dependencies);
        WriteList(writer, entry.Contributors);
        var content = entry.Content;
        foreach (var count in new[] { content.Actions, content.Sensors, content.Rules, content.Aliases, content.Policies, content.Triggers })
        {
            writer.Write(count);
        }
    }

    private static IndexPackEntry ReadEntry(BinaryReader reader, string url) => new()
    {
        Name = reader.ReadString(),
        Ref = reader.ReadString(),
        DisplayName = reader.ReadString(),
        Version = ReadOptional(reader),
        IndexedVersions = ReadList(reader),
        Description = reader.ReadString(),
        Author = reader.ReadString(),
        Email = ReadOptional(reader),
        Keywords = ReadList(reader),
        RepoUrl = ReadOptional(reader),
        StackStormVersion = ReadOptional(reader),
        PythonVersions = ReadList(reader),
        Dependencies = ReadList(reader),
        Contributors = ReadList(reader),
        Content = new PackContentCounts(reader.ReadInt32(), reader.ReadInt32(), reader.ReadInt32(), reader.ReadInt32(), reader.ReadInt32(), reader.ReadInt32()),
        IndexUrl = url,
    };

    private static void WriteOptional(BinaryWriter writer, string? value)
    {
        writer.Write(value is not null);
        if (value is not null)
        {
            writer.Write(value);
        }
    }

    private static string? ReadOptional(BinaryReader reader) => reader.ReadBoolean() ? reader.ReadString() : null;

    private static void WriteList(BinaryWriter writer, IReadOnlyList<string> values)
    {
        writer.Write(values.Count);
        foreach (var value in values)
        {
            writer.Write(value);
        }
    }

    private static IReadOnlyList<string> ReadList(BinaryReader reader)
    {
        var count = reader.ReadInt32();
        if (count == 0)
        {
            return [];
        }

        if (count < 0 || count > MaxListLength)
        {
            throw new FormatException("bad list length");
        }

        var values = new string[count];
        for (var i = 0; i < count; i++)
        {
            values[i] = reader.ReadString();
        }

        return values;
    }
}
