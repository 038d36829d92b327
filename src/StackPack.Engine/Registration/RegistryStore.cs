using System.Text.Json;
using StackPack.Engine.IO;
using StackPack.Engine.Yaml;

namespace StackPack.Engine.Registration;

/// <summary>
/// The registry: one JSON file per pack under &lt;state&gt;/registry, replaced whole by an atomic
/// rename (a crash mid-write leaves the previous record) and written only under the pack's
/// lock (two processes cannot interleave).
/// </summary>
public sealed class RegistryStore
{
    private static readonly JsonSerializerOptions s_json = new() { WriteIndented = true, MaxDepth = StructuredFile.MaxJsonDepth, Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() } };

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

    /// <summary>Writes the record, then its small summary (what Get-Pack reads for every pack).</summary>
    public void Write(PackRegistration registration)
    {
        AtomicFile.WriteAllBytes(PathOf(registration.Pack), JsonSerializer.SerializeToUtf8Bytes(registration, s_json));
        var summary = new RegistrationSummary(registration.Pack, registration.RegisteredAt, registration.Fingerprint, registration.Items.Count);
        AtomicFile.WriteAllBytes(SummaryPathOf(registration.Pack), JsonSerializer.SerializeToUtf8Bytes(summary, s_json));
    }

    public RegistrationSummary? ReadSummary(string pack)
    {
        var path = SummaryPathOf(pack);
        try
        {
            return File.Exists(path) ? JsonSerializer.Deserialize<RegistrationSummary>(StructuredFile.ReadAllBytes(path), s_json) : null;
        }
        catch (Exception e) when (e is JsonException or UnsafeFileException)
        {
            return null;
        }
    }

    private string SummaryPathOf(string pack) => Path.Combine(Folder, pack + ".summary.json");

    public bool Delete(string pack)
    {
        var path = PathOf(pack);
        if (!File.Exists(path))
        {
            return false;
        }

        File.Delete(path);
        File.Delete(SummaryPathOf(pack));
        return true;
    }
}

/// <summary>When a pack was registered and what its files looked like then.</summary>
public sealed record RegistrationSummary(string Pack, DateTimeOffset RegisteredAt, string Fingerprint, int Items);
