using System.Text.Json;
using StackPack.Engine.IO;
using StackPack.Engine.Yaml;

namespace StackPack.Engine.Registration;

/// <summary>
/// The registry: one JSON file per pack under &lt;state&gt;/registry, replaced whole by an atomic
/// rename (a crash mid-write leaves the previous record) and written only under the pack's
/// lock (two processes cannot interleave). One file, one flush per pack: the summary Get-Pack
/// needs for every pack is the head of the record, read without the rest.
/// </summary>
public sealed class RegistryStore
{
    /// <summary>How much of a record's head is read for its summary (its first fields are short).</summary>
    private const int SummaryHeadBytes = 16 * 1024;

    // The metadata comes from RegistryJsonContext, generated at build time and precompiled with the
    // engine: reflection-based metadata cost every fresh process a few hundred JIT compilations.
    private static readonly JsonSerializerOptions s_json = new()
    {
        WriteIndented = true,
        MaxDepth = StructuredFile.MaxJsonDepth,
        Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() },
        TypeInfoResolver = RegistryJsonContext.Default,
    };

    public RegistryStore(string stateFolder) => Folder = Path.Combine(stateFolder, "registry");

    public string Folder { get; }

    public string PathOf(string pack) => Path.Combine(Folder, pack + ".json");

    public PackRegistration? Read(string pack)
    {
        var path = PathOf(pack);
        if (!File.Exists(path))
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize<PackRegistration>(StructuredFile.ReadAllBytes(path, SafeFile.DefaultMaxBytes), s_json);
        }
        catch (Exception e) when (e is JsonException or UnsafeFileException)
        {
            return null; // unreadable: treated as never registered, and replaced by the next registration
        }
    }

    /// <param name="previous">The record this one replaces, when there is one.</param>
    public void Write(PackRegistration registration, PackRegistration? previous = null)
    {
        var content = JsonSerializer.SerializeToUtf8Bytes(registration, s_json);
        // Registering an unchanged pack again changes only RegisteredAt: that record is not flushed
        // to disk (a flush per pack was most of a second registration of 170 packs). A power cut
        // then loses at most the new time: the old record, or an empty file that reads as never
        // registered, which the next Register-Pack puts right.
        AtomicFile.WriteAllBytes(PathOf(registration.Pack), content, flushToDisk: !OnlyTimeChanged(previous, registration));
        DeleteLegacySummary(registration.Pack);
    }

    /// <summary>Whether the new record says what the previous one said, but for RegisteredAt.</summary>
    internal static bool OnlyTimeChanged(PackRegistration? previous, PackRegistration registration) =>
        previous is not null
        && JsonSerializer.SerializeToUtf8Bytes(registration with { RegisteredAt = previous.RegisteredAt }, s_json).AsSpan()
            .SequenceEqual(JsonSerializer.SerializeToUtf8Bytes(previous, s_json));

    /// <summary>When the pack was registered and what its files looked like then, from the head of its record; null when there is none or it is unreadable.</summary>
    public RegistrationSummary? ReadSummary(string pack)
    {
        var path = PathOf(pack);
        if (!File.Exists(path))
        {
            return null;
        }

        try
        {
            using var stream = SafeFile.OpenRead(path, SafeFile.DefaultMaxBytes);
            var head = new byte[SummaryHeadBytes];
            var length = stream.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
            return RecordHead.Summary(head.AsSpan(0, length), isWhole: length < head.Length) ?? ReadLegacySummary(pack) ?? SummaryOf(Read(pack));
        }
        catch (Exception e) when (e is JsonException or UnsafeFileException)
        {
            return null;
        }
    }

    public bool Delete(string pack)
    {
        var path = PathOf(pack);
        if (!File.Exists(path))
        {
            return false;
        }

        File.Delete(path);
        DeleteLegacySummary(pack);
        return true;
    }

    private static RegistrationSummary? SummaryOf(PackRegistration? record) =>
        record?.Items is null || record.Pack is null || record.Fingerprint is null ? null : new RegistrationSummary(record.Pack, record.RegisteredAt, record.Fingerprint, record.Items.Count);

    /// <summary>Earlier versions kept the summary in a second file (their records have no ItemCount): read until the record is written again, so Get-Pack never parses a whole old record.</summary>
    private RegistrationSummary? ReadLegacySummary(string pack)
    {
        var legacy = LegacySummaryPath(pack);
        try
        {
            return File.Exists(legacy) ? JsonSerializer.Deserialize<RegistrationSummary>(StructuredFile.ReadAllBytes(legacy), s_json) : null;
        }
        catch (Exception e) when (e is JsonException or UnsafeFileException)
        {
            return null; // then the record itself answers
        }
    }

    private string LegacySummaryPath(string pack) => Path.Combine(Folder, pack + ".summary.json");

    /// <summary>The earlier versions' summary file goes when the record is written again or removed.</summary>
    private void DeleteLegacySummary(string pack)
    {
        var legacy = LegacySummaryPath(pack);
        if (File.Exists(legacy))
        {
            File.Delete(legacy);
        }
    }
}

/// <summary>When a pack was registered and what its files looked like then.</summary>
public sealed record RegistrationSummary(string Pack, DateTimeOffset RegisteredAt, string Fingerprint, int Items);

/// <summary>The registry records' JSON contract, generated at build time (the options are <see cref="RegistryStore"/>'s).</summary>
[System.Text.Json.Serialization.JsonSerializable(typeof(PackRegistration))]
[System.Text.Json.Serialization.JsonSerializable(typeof(RegistrationSummary))]
internal sealed partial class RegistryJsonContext : System.Text.Json.Serialization.JsonSerializerContext;
