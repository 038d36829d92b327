using System.Text.RegularExpressions;
using NuGet.Versioning;

namespace StackPack.Engine.Versions;

/// <summary>
/// A pack version in every form st2 accepts where a version is asked for: a semantic version
/// (<c>1.2.3</c>, or a tag <c>v1.2.3</c>), or any other git reference (a branch, another tag, a
/// full or short commit). One parsing and one comparison for the whole engine: semantic
/// versions compare by SemVer 2.0 precedence whatever their "v", anything else by its exact
/// text.
/// </summary>
public sealed partial class PackVersion : IEquatable<PackVersion>, IComparable<PackVersion>
{
    private PackVersion(string text, SemanticVersion? semantic)
    {
        Text = text;
        Semantic = semantic;
    }

    /// <summary>As given (a tag keeps its "v").</summary>
    public string Text { get; }

    /// <summary>The semantic version, or null for a branch, commit or other reference.</summary>
    public SemanticVersion? Semantic { get; }

    public bool IsSemantic => Semantic is not null;

    /// <summary>7 to 40 hexadecimal digits: what a commit looks like (a branch may too; git decides).</summary>
    public bool LooksLikeCommit => !IsSemantic && CommitPattern().IsMatch(Text);

    /// <summary>The version without a tag's "v" (what a pack.yaml would say), or the reference as given.</summary>
    public string Normalized => Semantic?.ToFullString() ?? Text;

    /// <summary>Never fails: text that is not a semantic version is a git reference.</summary>
    /// <exception cref="ArgumentException">Empty text.</exception>
    public static PackVersion Parse(string text)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(text);
        var trimmed = text.Trim();
        return new PackVersion(trimmed, ParseSemantic(trimmed));
    }

    /// <summary>A semantic version only (with or without "v"); false for branches and commits.</summary>
    public static bool TryParseSemantic(string? text, out PackVersion version)
    {
        var semantic = text is null ? null : ParseSemantic(text.Trim());
        version = semantic is null ? null! : new PackVersion(text!.Trim(), semantic);
        return semantic is not null;
    }

    /// <summary>st2's rule for the version in pack.yaml: strict SemVer, no "v", lowercase pre-release and build parts.</summary>
    public static bool IsValidManifestVersion(string? text) => text is not null && ManifestPattern().IsMatch(text);

    /// <summary>Whether two texts name the same version: <c>v1.2.3</c> is <c>1.2.3</c>; references must match exactly.</summary>
    public static bool Same(string? a, string? b) =>
        a is not null && b is not null
        && (string.IsNullOrWhiteSpace(a) || string.IsNullOrWhiteSpace(b) ? string.Equals(a, b, StringComparison.Ordinal) : Parse(a).Equals(Parse(b)));

    public bool Equals(PackVersion? other) =>
        other is not null && (IsSemantic && other.IsSemantic
            ? VersionComparer.VersionReleaseMetadata.Equals(Semantic, other.Semantic)
            : !IsSemantic && !other.IsSemantic && string.Equals(Text, other.Text, StringComparison.Ordinal));

    public override bool Equals(object? obj) => Equals(obj as PackVersion);

    public override int GetHashCode() => IsSemantic ? VersionComparer.VersionReleaseMetadata.GetHashCode(Semantic!) : StringComparer.Ordinal.GetHashCode(Text);

    /// <summary>Semantic versions by precedence, below them every reference by its text (so "newest first" lists versions first).</summary>
    public int CompareTo(PackVersion? other)
    {
        if (other is null)
        {
            return 1;
        }

        return (IsSemantic, other.IsSemantic) switch
        {
            (true, true) => VersionComparer.VersionReleaseMetadata.Compare(Semantic, other.Semantic),
            (true, false) => 1,
            (false, true) => -1,
            _ => string.CompareOrdinal(Text, other.Text),
        };
    }

    public static bool operator ==(PackVersion? a, PackVersion? b) => a is null ? b is null : a.Equals(b);

    public static bool operator !=(PackVersion? a, PackVersion? b) => !(a == b);

    public static bool operator <(PackVersion a, PackVersion b) => a.CompareTo(b) < 0;

    public static bool operator >(PackVersion a, PackVersion b) => a.CompareTo(b) > 0;

    public static bool operator <=(PackVersion a, PackVersion b) => a.CompareTo(b) <= 0;

    public static bool operator >=(PackVersion a, PackVersion b) => a.CompareTo(b) >= 0;

    public override string ToString() => Text;

    private static SemanticVersion? ParseSemantic(string text)
    {
        var bare = text.Length > 1 && (text[0] == 'v' || text[0] == 'V') && char.IsAsciiDigit(text[1]) ? text[1..] : text;
        return SemanticVersion.TryParse(bare, out var parsed) ? parsed : null;
    }

    [GeneratedRegex(@"\A[0-9a-f]{7,40}\z")]
    private static partial Regex CommitPattern();

    // Semver 2.0 with lowercase pre-release and build parts only, exactly as st2 checks it (st2common/constants/pack.py).
    [GeneratedRegex(@"\A(?:0|[1-9]\d*)\.(?:0|[1-9]\d*)\.(?:0|[1-9]\d*)(?:-[\da-z\-]+(?:\.[\da-z\-]+)*)?(?:\+[\da-z\-]+(?:\.[\da-z\-]+)*)?\z")]
    private static partial Regex ManifestPattern();
}
