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

    /// <summary>The one version rule: <see cref="Versions.PackVersion.IsValidManifestVersion"/>.</summary>
    public static bool IsValidVersion(string? value) => Versions.PackVersion.IsValidManifestVersion(value);

    public static bool IsValidStackStormVersionSpec(string? value) => value is not null && St2VersionPattern().IsMatch(value);

    public static bool IsSystemPack(string reference) => SystemPackRefs.Contains(reference);

    [GeneratedRegex(@"^[a-z0-9_]+\z")]
    private static partial Regex RefPattern();

    // st2's stackstorm_version spec: comparisons with a strict x.y.z, comma-separated.
    [GeneratedRegex(@"^((>?>|>=|=|<=|<?<)\s*[0-9]+\.[0-9]+\.[0-9]+?(\s*,)?\s*)+\z")]
    private static partial Regex St2VersionPattern();
}
