using StackPack.Engine.IO;
using YamlDotNet.Serialization;

namespace StackPack.Engine.PackSets;

/// <summary>Writes a pack set as YAML that <see cref="PackSetReader"/> reads back unchanged.</summary>
public static class PackSetWriter
{
    // Quoted where YAML 1.1 would retype a string (a version such as 1.0 or a commit of digits).
    private static readonly ISerializer s_serializer = new SerializerBuilder()
        .WithQuotingNecessaryStrings(true)
        .Build();

    public static string ToYaml(PackSet set)
    {
        var packs = set.Packs.Select(p =>
        {
            // Keys in a fixed order, empty ones left out, so files diff well between nodes.
            var entry = new Dictionary<string, string>(StringComparer.Ordinal) { ["ref"] = p.Ref, ["source"] = p.Source };
            AddIfSet(entry, "indexUrl", p.IndexUrl);
            AddIfSet(entry, "version", p.Version);
            AddIfSet(entry, "commit", p.Commit);
            return entry;
        }).ToList();

        var document = new Dictionary<string, object>(StringComparer.Ordinal)
        {
            ["apiVersion"] = PackSet.ApiVersion,
            ["kind"] = PackSet.Kind,
            ["packs"] = packs,
        };

        return "# A StackPack pack set: apply with Install-Pack -PackSet <this file> [-Exact].\n"
            + s_serializer.Serialize(document);
    }

    /// <summary>Writes atomically: a reader (another node's pipeline) never sees half a file.</summary>
    public static void Write(string path, PackSet set) => AtomicFile.WriteAllText(path, ToYaml(set));

    private static void AddIfSet(Dictionary<string, string> entry, string key, string? value)
    {
        if (!string.IsNullOrEmpty(value))
        {
            entry[key] = value;
        }
    }
}
