using System.Text.RegularExpressions;

namespace StackPack.Engine.Yaml;

/// <summary>
/// The explicit tags PyYAML's SafeLoader (StackStorm's safe_load) has a constructor for, and
/// nothing else: <c>!!python/object/apply:os.system</c>, <c>!!python/name:…</c> or a local
/// <c>!tag</c> is refused with SafeLoader's own words. We have no byte-string or date values,
/// so <c>!!binary</c> and <c>!!timestamp</c> keep their text once checked.
/// </summary>
internal static partial class YamlCoreTags
{
    public enum NodeKind
    {
        Sequence,
        Mapping,
    }

    private const string Prefix = "tag:yaml.org,2002:";

    private static readonly HashSet<string> s_sequenceTags = new(StringComparer.Ordinal) { "seq", "omap", "pairs" };
    private static readonly HashSet<string> s_mappingTags = new(StringComparer.Ordinal) { "map", "set" };
    private static readonly HashSet<string> s_scalarTags = new(StringComparer.Ordinal) { "str", "int", "float", "bool", "null", "binary", "timestamp" };

    /// <summary>
    /// The kind an explicitly tagged scalar has, or null when the tag leaves typing to the
    /// plain rules. <paramref name="refusal"/> says why SafeLoader would refuse it.
    /// </summary>
    public static YamlScalarKind? ScalarKind(string tag, string value, out string? refusal)
    {
        refusal = null;
        if (tag == "?")
        {
            return null;
        }

        if (tag == "!")
        {
            return YamlScalarKind.String; // the non-specific tag: a string, as PyYAML resolves it
        }

        var name = CoreName(tag);
        if (name is null || !s_scalarTags.Contains(name))
        {
            refusal = name is not null && (s_sequenceTags.Contains(name) || s_mappingTags.Contains(name))
                ? $"expected a {(s_sequenceTags.Contains(name) ? "sequence" : "mapping")} node, but found scalar (tag '{tag}')"
                : Unknown(tag);
            return null;
        }

        var trimmed = value.Trim();
        switch (name)
        {
            case "str":
                return YamlScalarKind.String;
            case "null":
                return YamlScalarKind.Null;
            case "bool" when YamlScalarTyping.IsBoolWord(trimmed):
                return YamlScalarKind.Bool;
            case "int" when YamlScalarTyping.Classify(trimmed) == YamlScalarKind.Int:
                return YamlScalarKind.Int;
            case "float" when YamlScalarTyping.Classify(trimmed) is YamlScalarKind.Float or YamlScalarKind.Int:
                return YamlScalarKind.Float;
            case "binary" when IsBase64(value):
                return YamlScalarKind.String;
            case "timestamp" when TimestampPattern().IsMatch(trimmed):
                return YamlScalarKind.String;
            default:
                refusal = $"'{value}' is not a valid value for the tag '!!{name}'";
                return null;
        }
    }

    /// <summary>Why a tagged sequence or mapping would be refused, or null when its tag is fine.</summary>
    public static string? RefuseCollection(string? tag, NodeKind kind)
    {
        if (tag is null or "?" or "!")
        {
            return null;
        }

        var name = CoreName(tag);
        var expected = kind == NodeKind.Sequence ? s_sequenceTags : s_mappingTags;
        if (name is not null && expected.Contains(name))
        {
            return null;
        }

        var found = kind == NodeKind.Sequence ? "sequence" : "mapping";
        return name is not null && s_scalarTags.Contains(name) ? $"expected a scalar node, but found {found} (tag '{tag}')"
            : name is not null && (s_sequenceTags.Contains(name) || s_mappingTags.Contains(name)) ? $"expected a {(kind == NodeKind.Sequence ? "mapping" : "sequence")} node, but found {found} (tag '{tag}')"
            : Unknown(tag);
    }

    private static string? CoreName(string tag) => tag.StartsWith(Prefix, StringComparison.Ordinal) ? tag[Prefix.Length..] : null;

    private static string Unknown(string tag) =>
        $"could not determine a constructor for the tag '{tag}' (StackStorm's safe_load refuses it; only the standard YAML tags are allowed)";

    private static bool IsBase64(string value)
    {
        var compact = new string(value.Where(c => !char.IsWhiteSpace(c)).ToArray());
        return Convert.TryFromBase64String(compact, new byte[compact.Length], out _);
    }

    // PyYAML's timestamp resolver (a date, or a date and time with an optional zone).
    [GeneratedRegex(@"^(?:[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]|[0-9][0-9][0-9][0-9]-[0-9][0-9]?-[0-9][0-9]?(?:[Tt]|[ \t]+)[0-9][0-9]?:[0-9][0-9]:[0-9][0-9](?:\.[0-9]*)?(?:[ \t]*(?:Z|[-+][0-9][0-9]?(?::[0-9][0-9])?))?)$")]
    private static partial Regex TimestampPattern();
}
