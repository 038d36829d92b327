namespace StackPack.Engine.Packs;

/// <summary>How many metadata files of each content type a pack has, counted the way st2 discovers them.</summary>
public sealed record PackContentCounts(int Actions, int Sensors, int Rules, int Aliases, int Policies, int Triggers)
{
    public static readonly IReadOnlyList<string> ContentFolders = ["actions", "sensors", "rules", "aliases", "policies", "triggers"];

    /// <summary>
    /// st2 globs *.yaml and *.yml directly inside each content folder (not recursively),
    /// and for actions leaves out actions/config.yaml, a legacy file that is not an action.
    /// </summary>
    public static PackContentCounts Count(string packPath) => new(
        CountIn(packPath, "actions"),
        CountIn(packPath, "sensors"),
        CountIn(packPath, "rules"),
        CountIn(packPath, "aliases"),
        CountIn(packPath, "policies"),
        CountIn(packPath, "triggers"));

    public static IEnumerable<string> MetadataFiles(string packPath, string folder)
    {
        var directory = Path.Combine(packPath, folder);
        if (!Directory.Exists(directory))
        {
            return [];
        }

        return Directory.EnumerateFiles(directory)
            .Where(f => f.EndsWith(".yaml", StringComparison.Ordinal) || f.EndsWith(".yml", StringComparison.Ordinal))
            .Where(f => folder != "actions" || Path.GetFileNameWithoutExtension(f) != "config")
            .Order(StringComparer.Ordinal);
    }

    private static int CountIn(string packPath, string folder) => MetadataFiles(packPath, folder).Count();
}
