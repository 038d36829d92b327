using System.Text.Json;
using StackPack.Engine.IO;
using StackPack.Engine.Sources;
using StackPack.Engine.Yaml;

namespace StackPack.Engine.Install;

/// <summary>How a pack was asked for when it was installed: what Export-PackSet needs and a git checkout cannot tell (an index name, the version asked).</summary>
/// <param name="Source">The index name, or the URL or folder without credentials.</param>
/// <param name="IndexUrl">The index the name was found in (credentials removed), for an index name.</param>
/// <param name="Version">The version asked for, or null for the default.</param>
public sealed record InstallRecord(string Source, string? IndexUrl, string? Version);

/// <summary>
/// One small JSON file per pack under &lt;state&gt;/installs, written after a successful install
/// (never with credentials) and deleted with the pack. An unreadable record is no record: the
/// checkout's origin and tag are used instead.
/// </summary>
public sealed class InstallRecordStore(string stateFolder)
{
    private static readonly JsonSerializerOptions s_json = new() { WriteIndented = true, MaxDepth = 4 };

    private string Folder { get; } = Path.Combine(stateFolder, "installs");

    private string PathOf(string pack) => Path.Combine(Folder, pack + ".json");

    public InstallRecord? Read(string pack)
    {
        var path = PathOf(pack);
        try
        {
            return File.Exists(path) ? JsonSerializer.Deserialize<InstallRecord>(StructuredFile.ReadAllBytes(path, 64 * 1024), s_json) : null;
        }
        catch (Exception e) when (e is JsonException or UnsafeFileException or IOException)
        {
            return null;
        }
    }

    /// <summary>Records how a planned pack was asked for (an unchanged pack keeps its first record).</summary>
    public void Write(PlannedPack step)
    {
        if (step.Source is null || step.Action == InstallAction.Unchanged && File.Exists(PathOf(step.Ref)))
        {
            return;
        }

        var record = step.Source.Kind == PackSourceKind.IndexName
            ? new InstallRecord(step.Source.Name!, step.IndexEntry?.IndexUrl, step.Source.Version)
            : new InstallRecord(step.FetchLocation ?? step.SourceDisplay, null, step.Source.Version); // without user-info and query, not with *** in them
        AtomicFile.WriteAllBytes(PathOf(step.Ref), JsonSerializer.SerializeToUtf8Bytes(record, s_json));
    }

    public void Delete(string pack)
    {
        var path = PathOf(pack);
        if (File.Exists(path))
        {
            File.Delete(path);
        }
    }
}
