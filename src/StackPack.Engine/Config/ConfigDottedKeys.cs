namespace StackPack.Engine.Config;

/// <summary>
/// Set-PackConfig -Value keys written as dotted paths ('repository_sensor.count' = 7), the form
/// StackPack's own error messages use, become nested values. A key the schema really has with a
/// dot in its name (at that level) stays one key: the schema wins over the shorthand.
/// </summary>
public static class ConfigDottedKeys
{
    public static Dictionary<string, object?> Expand(IDictionary<string, object?> values, ConfigSchema? schema) =>
        Expand(values, name => schema?.Attributes.FirstOrDefault(a => a.Key == name).Value, schema is not null);

    private static Dictionary<string, object?> Expand(IDictionary<string, object?> values, Func<string, SchemaNode?> property, bool hasSchema)
    {
        var result = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var (key, value) in values)
        {
            var literal = property(key);
            if (!key.Contains('.', StringComparison.Ordinal) || literal is not null || key.StartsWith('.') || key.EndsWith('.'))
            {
                result[key] = Nested(value, literal);
                continue;
            }

            // 'a.b.c' = v is a = { b = { c = v } }, merged with whatever else sets a.
            var dot = key.IndexOf('.', StringComparison.Ordinal);
            var head = key[..dot];
            var rest = key[(dot + 1)..];
            var child = property(head);
            var expanded = Expand(new Dictionary<string, object?>(StringComparer.Ordinal) { [rest] = value },
                name => child?.Property(name), hasSchema);
            result[head] = result.TryGetValue(head, out var existing) && existing is IDictionary<string, object?> map
                ? ConfigValues.Merge(map, expanded)
                : expanded;
        }

        return result;
    }

    private static object? Nested(object? value, SchemaNode? node) =>
        value is IDictionary<string, object?> map ? Expand(map, name => node?.Property(name), node is not null) : value;
}
