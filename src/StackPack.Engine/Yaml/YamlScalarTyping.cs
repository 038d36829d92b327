using System.Text.RegularExpressions;

namespace StackPack.Engine.Yaml;

/// <summary>
/// Types plain scalars with the YAML 1.1 rules of PyYAML's SafeLoader (the loader StackStorm
/// uses), so that we read a file the way StackStorm will: `yes` is a boolean, `0.1` a float,
/// `010` an octal integer.
/// </summary>
internal static partial class YamlScalarTyping
{
    private static readonly HashSet<string> s_nulls = new(StringComparer.Ordinal) { "", "~", "null", "Null", "NULL" };

    private static readonly HashSet<string> s_bools = new(StringComparer.Ordinal)
    {
        "yes", "Yes", "YES", "no", "No", "NO", "true", "True", "TRUE", "false", "False", "FALSE",
        "on", "On", "ON", "off", "Off", "OFF",
    };

    private static readonly HashSet<string> s_trueWords = new(StringComparer.OrdinalIgnoreCase) { "yes", "true", "on" };

    public static YamlScalarKind Classify(string value)
    {
        if (s_nulls.Contains(value))
        {
            return YamlScalarKind.Null;
        }

        if (s_bools.Contains(value))
        {
            return YamlScalarKind.Bool;
        }

        if (IntPattern().IsMatch(value))
        {
            return YamlScalarKind.Int;
        }

        if (FloatPattern().IsMatch(value))
        {
            return YamlScalarKind.Float;
        }

        return YamlScalarKind.String;
    }

    public static bool IsTrue(string value) => s_trueWords.Contains(value);

    /// <summary>What SafeLoader's !!bool constructor accepts (any case, unlike the plain resolver).</summary>
    public static bool IsBoolWord(string value) => s_trueWords.Contains(value) || value.ToLowerInvariant() is "no" or "false" or "off";

    // PyYAML's int resolver: binary, octal, decimal, hex and sexagesimal forms.
    [GeneratedRegex(@"^(?:[-+]?0b[0-1_]+|[-+]?0[0-7_]+|[-+]?(?:0|[1-9][0-9_]*)|[-+]?0x[0-9a-fA-F_]+|[-+]?[1-9][0-9_]*(?::[0-5]?[0-9])+)$")]
    private static partial Regex IntPattern();

    // PyYAML's float resolver (note: "1.0.0" is not a float, "0.1" and "1." are).
    [GeneratedRegex(@"^(?:[-+]?(?:[0-9][0-9_]*)\.[0-9_]*(?:[eE][-+][0-9]+)?|\.[0-9_]+(?:[eE][-+][0-9]+)?|[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\.[0-9_]*|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$")]
    private static partial Regex FloatPattern();
}
