using System.Text.RegularExpressions;

namespace StackPack.Engine.Packs;

/// <summary>StackStorm's own rules for pack names and versions (st2common/constants/pack.py).</summary>
public static partial class PackRules
{
    /// <summary>Packs that ship with StackStorm and that st2 refuses to remove.</summary>
    public static readonly IReadOnlySet<string> SystemPackRefs = new HashSet<string>(StringComparer.Ordinal) { "chatops", "core", "packs", "linux" };

    /// <summary>Refs st2 reserves for itself.</summary>
    public static readonly IReadOnlySet<string> ReservedRefs = new HashSet<string>(StringComparer.Ordinal) { "_global" };

    public static bool IsValidRef(string? value) => value is not null && RefPattern().IsMatch(value);

    public static bool IsValidVersion(string? value) => value is not null && VersionPattern().IsMatch(value);

    public static bool IsValidStackStormVersionSpec(string? value) => value is not null && St2VersionPattern().IsMatch(value);

    public static bool IsSystemPack(string reference) => SystemPackRefs.Contains(reference);

    [GeneratedRegex(@"^[a-z0-9_]+\z")]
    private static partial Regex RefPattern();

    // Semver 2.0 with lowercase pre-release and build parts only, exactly as st2 checks it.
    [GeneratedRegex(@"^(?:0|[1-9]\d*)\.(?:0|[1-9]\d*)\.(?:0|[1-9]\d*)(?:-[\da-z\-]+(?:\.[\da-z\-]+)*)?(?:\+[\da-z\-]+(?:\.[\da-z\-]+)*)?\z")]
    private static partial Regex VersionPattern();

    [GeneratedRegex(@"^((>?>|>=|=|<=|<?<)\s*[0-9]+\.[0-9]+\.[0-9]+?(\s*,)?\s*)+\z")]
    private static partial Regex St2VersionPattern();
}
