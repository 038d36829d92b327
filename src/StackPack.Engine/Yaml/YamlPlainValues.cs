using System.Globalization;

namespace StackPack.Engine.Yaml;

/// <summary>Turns a YAML tree into plain .NET values (string, bool, long, double, null, lists, dictionaries).</summary>
public static class YamlPlainValues
{
    /// <summary>
    /// For turning plain values made from YAML into JSON (schemas, config instances, messages).
    /// The YAML is at most <see cref="YamlDocumentReader.MaxDepth"/> levels deep, and a JSON
    /// schema made from it wraps levels in "properties": System.Text.Json's default of 64
    /// would fail with "a possible object cycle" on a legal file.
    /// </summary>
    public static readonly System.Text.Json.JsonSerializerOptions Json = new() { MaxDepth = 4 * YamlDocumentReader.MaxDepth };

    public static object? ToPlain(YamlNode? node) => node switch
    {
        null => null,
        YamlScalar scalar => ToPlain(scalar),
        YamlSequence sequence => sequence.Items.Select(ToPlain).ToList(),
        YamlMapping mapping => mapping.Entries.ToDictionary(e => e.Key, e => ToPlain(e.Value), StringComparer.Ordinal),
        _ => throw new InvalidOperationException($"Unknown YAML node {node.GetType().Name}"),
    };

    public static object? ToPlain(YamlScalar scalar) => scalar.Kind switch
    {
        YamlScalarKind.Null => null,
        YamlScalarKind.Bool => YamlScalarTyping.IsTrue(scalar.Value),
        YamlScalarKind.Int => ParseInt(scalar.Value) is { } i ? i : scalar.Value,
        YamlScalarKind.Float => ParseFloat(scalar.Value) is { } d ? d : scalar.Value,
        _ => scalar.Value,
    };

    /// <summary>The text Python's str() gives for this scalar (what st2 does to 'version').</summary>
    public static string PythonText(YamlScalar scalar) => ToPlain(scalar) switch
    {
        null => "None",
        bool b => b ? "True" : "False",
        double d => d.ToString("R", CultureInfo.InvariantCulture) is var r && !r.Contains('.') && !r.Contains('E') ? r + ".0" : d.ToString("R", CultureInfo.InvariantCulture),
        long l => l.ToString(CultureInfo.InvariantCulture),
        var other => other?.ToString() ?? string.Empty,
    };

    private static long? ParseInt(string text)
    {
        var t = text.Replace("_", string.Empty, StringComparison.Ordinal);
        var negative = t.StartsWith('-');
        if (t.StartsWith('-') || t.StartsWith('+'))
        {
            t = t[1..];
        }

        long value;
        try
        {
            if (t.StartsWith("0x", StringComparison.Ordinal))
            {
                value = Convert.ToInt64(t[2..], 16);
            }
            else if (t.StartsWith("0b", StringComparison.Ordinal))
            {
                value = Convert.ToInt64(t[2..], 2);
            }
            else if (t.Length > 1 && t[0] == '0' && !t.Contains(':'))
            {
                value = Convert.ToInt64(t, 8);
            }
            else if (t.Contains(':'))
            {
                value = t.Split(':').Aggregate(0L, (acc, part) => acc * 60 + long.Parse(part, CultureInfo.InvariantCulture));
            }
            else
            {
                value = long.Parse(t, CultureInfo.InvariantCulture);
            }
        }
        catch (Exception e) when (e is FormatException or OverflowException)
        {
            return null;
        }

        return negative ? -value : value;
    }

    private static double? ParseFloat(string text)
    {
        var t = text.Replace("_", string.Empty, StringComparison.Ordinal);
        switch (t.ToLowerInvariant())
        {
            case ".inf" or "+.inf":
                return double.PositiveInfinity;
            case "-.inf":
                return double.NegativeInfinity;
            case ".nan":
                return double.NaN;
        }

        return double.TryParse(t, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) ? d : null;
    }
}
