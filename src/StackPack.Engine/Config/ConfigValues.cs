namespace StackPack.Engine.Config;

/// <summary>
/// Config values are plain .NET values: Dictionary&lt;string, object?&gt; for mappings,
/// List&lt;object?&gt; for lists, and string, bool, long, double or null for scalars.
/// </summary>
public static class ConfigValues
{
    public const string Mask = "********";

    /// <summary>A value StackStorm renders at run time ("{{ st2kv.system.x }}", "{% … %}").</summary>
    public static bool IsJinja(object? value) =>
        value is string text && (text.Contains("{{", StringComparison.Ordinal) || text.Contains("{%", StringComparison.Ordinal));

    public static object? Clone(object? value) => value switch
    {
        IDictionary<string, object?> map => map.ToDictionary(e => e.Key, e => Clone(e.Value), StringComparer.Ordinal),
        IList<object?> list => list.Select(Clone).ToList(),
        _ => value,
    };

    /// <summary>Merges <paramref name="changes"/> into a copy of <paramref name="current"/>: mappings merge by key, anything else is replaced.</summary>
    public static Dictionary<string, object?> Merge(IDictionary<string, object?> current, IDictionary<string, object?> changes)
    {
        var result = (Dictionary<string, object?>)Clone(current)!;
        foreach (var (key, value) in changes)
        {
            result[key] = result.TryGetValue(key, out var existing) && existing is IDictionary<string, object?> existingMap && value is IDictionary<string, object?> changeMap
                ? Merge(existingMap, changeMap)
                : Clone(value);
        }

        return result;
    }

    /// <summary>
    /// Fills defaults as st2 does before validating a config: a missing or null value takes
    /// the attribute's default, recursing into nested objects and arrays of objects.
    /// </summary>
    public static Dictionary<string, object?> WithValidationDefaults(IDictionary<string, object?> values, ConfigSchema schema)
    {
        var result = (Dictionary<string, object?>)Clone(values)!;
        FillValidation(result, schema.Attributes, schema);
        return result;
    }

    private static void FillValidation(Dictionary<string, object?> values, IReadOnlyList<KeyValuePair<string, SchemaNode>> properties, ConfigSchema schema)
    {
        foreach (var (name, spec) in properties)
        {
            if ((!values.TryGetValue(name, out var value) || value is null) && spec.HasDefault)
            {
                values[name] = Clone(spec.Default);
            }

            Descend(values.GetValueOrDefault(name), spec, schema, FillValidation);
        }
    }

    /// <summary>
    /// Fills defaults as StackStorm's config loader does at run time: an absent key takes its
    /// default (a present null is kept), and objects are created so that nested defaults apply.
    /// </summary>
    public static Dictionary<string, object?> WithRuntimeDefaults(IDictionary<string, object?> values, ConfigSchema schema)
    {
        var result = (Dictionary<string, object?>)Clone(values)!;
        FillRuntime(result, schema.Attributes, schema);
        return result;
    }

    private static void FillRuntime(Dictionary<string, object?> values, IReadOnlyList<KeyValuePair<string, SchemaNode>> properties, ConfigSchema schema)
    {
        foreach (var (name, spec) in properties)
        {
            if (!values.ContainsKey(name))
            {
                if (spec.HasDefault)
                {
                    values[name] = Clone(spec.Default);
                }
                else if (spec.Type == "object" && spec.Properties.Any(p => p.Value.HasDefault))
                {
                    values[name] = new Dictionary<string, object?>(StringComparer.Ordinal);
                }
            }

            Descend(values.GetValueOrDefault(name), spec, schema, FillRuntime);
        }
    }

    private static void Descend(object? value, SchemaNode spec, ConfigSchema schema,
        Action<Dictionary<string, object?>, IReadOnlyList<KeyValuePair<string, SchemaNode>>, ConfigSchema> fill)
    {
        var resolved = spec.Ref is { } reference && schema.ResolveRef(reference) is { } target ? target : spec;
        if (value is Dictionary<string, object?> map)
        {
            if (resolved.Properties.Count > 0)
            {
                fill(map, resolved.Properties, schema);
            }

            foreach (var (key, child) in map.ToList())
            {
                if (resolved.Property(key) is null && resolved.ChildFor(key, schema.ResolveRef) is { Properties.Count: > 0 } childSpec && child is Dictionary<string, object?> childMap)
                {
                    fill(childMap, childSpec.Properties, schema);
                }
            }
        }
        else if (value is List<object?> list)
        {
            for (var i = 0; i < list.Count; i++)
            {
                if (list[i] is Dictionary<string, object?> item && resolved.ItemAt(i, schema.ResolveRef) is { } itemSpec)
                {
                    if (itemSpec.Properties.Count > 0)
                    {
                        fill(item, itemSpec.Properties, schema);
                    }
                }
            }
        }
    }

    /// <summary>A copy with every secret value (whole subtree for secret objects and lists) replaced by "********".</summary>
    public static Dictionary<string, object?> Masked(IDictionary<string, object?> values, ConfigSchema? schema)
    {
        var result = (Dictionary<string, object?>)Clone(values)!;
        if (schema is not null)
        {
            foreach (var key in result.Keys.ToList())
            {
                var spec = schema.Attribute(key);
                result[key] = MaskValue(result[key], spec, schema);
            }
        }

        return result;
    }

    private static object? MaskValue(object? value, SchemaNode? spec, ConfigSchema schema)
    {
        if (spec is null || value is null)
        {
            return value;
        }

        if (spec.Secret)
        {
            return Mask;
        }

        var resolved = spec.Ref is { } reference && schema.ResolveRef(reference) is { } target ? target : spec;
        switch (value)
        {
            case Dictionary<string, object?> map:
                foreach (var key in map.Keys.ToList())
                {
                    map[key] = MaskValue(map[key], resolved.ChildFor(key, schema.ResolveRef), schema);
                }

                return map;
            case List<object?> list:
                for (var i = 0; i < list.Count; i++)
                {
                    list[i] = MaskValue(list[i], resolved.ItemAt(i, schema.ResolveRef), schema);
                }

                return list;
            default:
                return value;
        }
    }

    /// <summary>Whether the value at a dotted path ("a.b[2].c") is, or is inside, a secret.</summary>
    public static bool IsSecretPath(ConfigSchema? schema, string path)
    {
        if (schema is null)
        {
            return false;
        }

        SchemaNode? current = null;
        foreach (var segment in ConfigPath.Parse(path))
        {
            current = segment switch
            {
                ConfigPath.Key key when current is null => schema.Attribute(key.Name),
                ConfigPath.Key key => current.ChildFor(key.Name, schema.ResolveRef),
                ConfigPath.Index index when current is not null => current.ItemAt(index.Position, schema.ResolveRef),
                _ => null,
            };
            if (current is null)
            {
                return false;
            }

            if (current.Secret)
            {
                return true;
            }
        }

        return false;
    }
}

/// <summary>Dotted config paths: "sensor.token", "repositories[1].name".</summary>
public static class ConfigPath
{
    public abstract record Segment;

    public sealed record Key(string Name) : Segment;

    public sealed record Index(int Position) : Segment;

    public static IEnumerable<Segment> Parse(string path)
    {
        foreach (var part in path.Split('.', StringSplitOptions.RemoveEmptyEntries))
        {
            var bracket = part.IndexOf('[');
            var name = bracket < 0 ? part : part[..bracket];
            if (name.Length > 0)
            {
                yield return new Key(name);
            }

            while (bracket >= 0)
            {
                var close = part.IndexOf(']', bracket);
                if (close < 0 || !int.TryParse(part[(bracket + 1)..close], out var index))
                {
                    yield break;
                }

                yield return new Index(index);
                bracket = part.IndexOf('[', close);
            }
        }
    }

    public static string Join(string parent, string key) => parent.Length == 0 ? key : $"{parent}.{key}";
}
