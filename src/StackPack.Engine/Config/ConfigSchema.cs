using System.Text.Json.Nodes;

namespace StackPack.Engine.Config;

/// <summary>
/// One attribute spec in StackStorm's parameter dialect (config.schema.yaml and action
/// parameters): JSON Schema keywords plus st2's own boolean <c>required</c>, <c>secret</c>,
/// <c>immutable</c> and <c>position</c>.
/// </summary>
public sealed class SchemaNode
{
    public string? Type { get; init; }

    public string? Description { get; init; }

    public bool HasDefault { get; init; }

    /// <summary>The default as a plain value (string, bool, long, double, list, dictionary, null).</summary>
    public object? Default { get; init; }

    /// <summary>st2's boolean required: the attribute must be present (after defaults) wherever its parent is.</summary>
    public bool Required { get; init; }

    /// <summary>The value (the whole subtree for objects and arrays) is a secret: masked everywhere.</summary>
    public bool Secret { get; init; }

    public bool Immutable { get; init; }

    public int? Position { get; init; }

    public IReadOnlyList<object?>? Enum { get; init; }

    /// <summary>Nested attributes, in file order.</summary>
    public IReadOnlyList<KeyValuePair<string, SchemaNode>> Properties { get; init; } = [];

    public IReadOnlyList<KeyValuePair<string, SchemaNode>> PatternProperties { get; init; } = [];

    /// <summary>The schema for keys not in Properties/PatternProperties, when it is a schema.</summary>
    public SchemaNode? AdditionalPropertiesSchema { get; init; }

    /// <summary>False when additionalProperties: false.</summary>
    public bool AdditionalPropertiesAllowed { get; init; } = true;

    /// <summary>The schema every array item follows (items: {…}).</summary>
    public SchemaNode? Items { get; init; }

    /// <summary>Per-position item schemas (items: [ … ]).</summary>
    public IReadOnlyList<SchemaNode>? ItemsByPosition { get; init; }

    /// <summary>A $ref to another attribute, e.g. "#/properties/defaults".</summary>
    public string? Ref { get; init; }

    private JsonObject? _json;

    /// <summary>How to build <see cref="Json"/>; kept lazy because only config validation needs it (not action parameters).</summary>
    public required Func<JsonObject> JsonFactory { private get; init; }

    /// <summary>The spec as JSON, with every keyword, for the JSON Schema translation.</summary>
    public JsonObject Json => _json ??= JsonFactory();

    /// <summary>The line of the spec in its file.</summary>
    public int Line { get; init; }

    public SchemaNode? Property(string name) => Properties.FirstOrDefault(p => p.Key == name).Value;

    /// <summary>The schema that applies to key <paramref name="name"/> of an object this node describes.</summary>
    public SchemaNode? ChildFor(string name, Func<string, SchemaNode?> resolveRef)
    {
        if (Property(name) is { } property)
        {
            return Resolve(property, resolveRef);
        }

        foreach (var (pattern, schema) in PatternProperties)
        {
            if (SafeMatch(pattern, name))
            {
                return Resolve(schema, resolveRef);
            }
        }

        return AdditionalPropertiesSchema is { } additional ? Resolve(additional, resolveRef) : null;
    }

    /// <summary>The schema for array item <paramref name="index"/>.</summary>
    public SchemaNode? ItemAt(int index, Func<string, SchemaNode?> resolveRef) =>
        ItemsByPosition is { } byPosition ? (index < byPosition.Count ? Resolve(byPosition[index], resolveRef) : null)
        : Items is { } items ? Resolve(items, resolveRef) : null;

    private static SchemaNode Resolve(SchemaNode node, Func<string, SchemaNode?> resolveRef) =>
        node.Ref is { } reference && resolveRef(reference) is { } target ? target : node;

    private static bool SafeMatch(string pattern, string value)
    {
        try
        {
            return System.Text.RegularExpressions.Regex.IsMatch(value, pattern, System.Text.RegularExpressions.RegexOptions.None, TimeSpan.FromSeconds(1));
        }
        catch (Exception e) when (e is ArgumentException or System.Text.RegularExpressions.RegexMatchTimeoutException)
        {
            return false;
        }
    }
}

/// <summary>A pack's config.schema.yaml: its attributes in order.</summary>
public sealed class ConfigSchema
{
    public ConfigSchema(string file, IReadOnlyList<KeyValuePair<string, SchemaNode>> attributes)
    {
        File = file;
        Attributes = attributes;
    }

    public string File { get; }

    /// <summary>
    /// Whether building a validator from this schema could fail: it has a $ref or a pattern somewhere,
    /// or nests deep. True unless the reader found neither (see <see cref="ConfigValidator.EnsureUsable"/>).
    /// </summary>
    public bool MayFailToBuild { get; init; } = true;

    /// <summary>Top-level attributes in prompt order: by 'position' when given, else file order.</summary>
    public IReadOnlyList<KeyValuePair<string, SchemaNode>> Attributes { get; }

    public SchemaNode? Attribute(string name) => Attributes.FirstOrDefault(a => a.Key == name).Value;

    /// <summary>Resolves "#/properties/x[/properties/y…]" against the schema, as the JSON Schema wrapper would.</summary>
    public SchemaNode? ResolveRef(string reference)
    {
        var parts = reference.TrimStart('#').Split('/', StringSplitOptions.RemoveEmptyEntries);
        SchemaNode? current = null;
        IReadOnlyList<KeyValuePair<string, SchemaNode>> scope = Attributes;
        for (var i = 0; i + 1 < parts.Length; i += 2)
        {
            if (parts[i] != "properties")
            {
                return null;
            }

            current = scope.FirstOrDefault(a => a.Key == parts[i + 1]).Value;
            if (current is null)
            {
                return null;
            }

            scope = current.Properties;
        }

        return parts.Length % 2 == 0 ? current : null;
    }
}
