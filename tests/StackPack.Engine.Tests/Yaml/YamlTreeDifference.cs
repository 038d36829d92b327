using StackPack.Engine.Yaml;

namespace StackPack.Engine.Tests.Yaml;

/// <summary>The first way two parsed documents differ (values, types, quoting, marks, warnings), or null when they are the same.</summary>
internal static class YamlTreeDifference
{
    public static string? Of(YamlDocument expected, YamlDocument actual)
    {
        if (expected.Warnings.Count != actual.Warnings.Count)
        {
            return $"{expected.Warnings.Count} warnings expected, {actual.Warnings.Count} given";
        }

        for (var i = 0; i < expected.Warnings.Count; i++)
        {
            if (expected.Warnings[i] != actual.Warnings[i])
            {
                return $"warning {i}: expected {expected.Warnings[i]}, given {actual.Warnings[i]}";
            }
        }

        return Of(expected.Root, actual.Root, "$");
    }

    private static string? Of(YamlNode? expected, YamlNode? actual, string at)
    {
        if (expected is null || actual is null)
        {
            return expected is null && actual is null ? null : $"{at}: expected {Show(expected)}, given {Show(actual)}";
        }

        if (expected.GetType() != actual.GetType() || expected.Mark != actual.Mark)
        {
            return $"{at}: expected {Show(expected)}, given {Show(actual)}";
        }

        switch (expected)
        {
            case YamlScalar scalar:
                var other = (YamlScalar)actual;
                return scalar.Value == other.Value && scalar.Kind == other.Kind && scalar.IsPlain == other.IsPlain
                    ? null
                    : $"{at}: expected {Show(scalar)}, given {Show(other)}";

            case YamlSequence sequence:
                var items = ((YamlSequence)actual).Items;
                if (sequence.Items.Count != items.Count)
                {
                    return $"{at}: expected {sequence.Items.Count} items, given {items.Count}";
                }

                for (var i = 0; i < items.Count; i++)
                {
                    if (Of(sequence.Items[i], items[i], $"{at}[{i}]") is { } difference)
                    {
                        return difference;
                    }
                }

                return null;

            default:
                var entries = ((YamlMapping)expected).Entries;
                var otherEntries = ((YamlMapping)actual).Entries;
                if (entries.Count != otherEntries.Count)
                {
                    return $"{at}: expected keys {string.Join(",", entries.Select(e => e.Key))}, given {string.Join(",", otherEntries.Select(e => e.Key))}";
                }

                for (var i = 0; i < entries.Count; i++)
                {
                    if (entries[i].Key != otherEntries[i].Key)
                    {
                        return $"{at}: key {i} expected '{entries[i].Key}', given '{otherEntries[i].Key}'";
                    }

                    if (Of(entries[i].Value, otherEntries[i].Value, $"{at}.{entries[i].Key}") is { } difference)
                    {
                        return difference;
                    }
                }

                return null;
        }
    }

    private static string Show(YamlNode? node) => node switch
    {
        null => "nothing",
        YamlScalar s => $"scalar {System.Text.Json.JsonSerializer.Serialize(s.Value)} ({s.Kind}{(s.IsPlain ? ", plain" : "")}) at {s.Mark.Line}:{s.Mark.Column}",
        YamlSequence s => $"list of {s.Items.Count} at {s.Mark.Line}:{s.Mark.Column}",
        YamlMapping m => $"mapping of {m.Entries.Count} at {m.Mark.Line}:{m.Mark.Column}",
        _ => node.GetType().Name,
    };
}
