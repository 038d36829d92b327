using System.Text.Json.Nodes;

namespace StackPack.Engine.Config;

/// <summary>
/// Translates st2's dialect into draft-4 JSON Schema for one config instance: boolean
/// <c>required</c> becomes the parent's <c>required</c> list at every depth, and every array is given
/// per-position item schemas so that a Jinja expression standing in for one item is accepted
/// there without loosening the others. Keys holding Jinja expressions or null are taken out of
/// the instance before validation (see <see cref="ConfigValidator"/>): a null optional value is
/// then simply absent, and a null required one fails as required, which is st2's rule.
/// </summary>
internal sealed class ConfigJsonSchema
{

    private readonly ConfigSchema _schema;

    // Refs being expanded right now: a schema whose $ref leads back to itself would otherwise
    // recurse until the process dies (a stack overflow cannot be caught).
    private readonly HashSet<string> _expanding = new(StringComparer.Ordinal);

    private ConfigJsonSchema(ConfigSchema schema) => _schema = schema;

    // st2-only keywords, and ones that would change how a validator resolves references.
    private static readonly string[] s_dropped = ["required", "secret", "immutable", "position", "default", "id", "$schema", "description", "title"];

    public static JsonObject Build(ConfigSchema schema, IDictionary<string, object?> instance)
    {
        var root = new ConfigJsonSchema(schema).BuildObject(schema.Attributes, [], null, true, instance);
        root["additionalProperties"] = true; // extra top-level keys are allowed, as in st2
        return root;
    }

    private JsonObject BuildObject(IReadOnlyList<KeyValuePair<string, SchemaNode>> properties,
        IReadOnlyList<KeyValuePair<string, SchemaNode>> patternProperties, SchemaNode? additionalSchema, bool additionalAllowed,
        IDictionary<string, object?>? instance)
    {
        var result = new JsonObject { ["type"] = "object" };
        var props = new JsonObject();
        var required = new JsonArray();
        foreach (var (name, spec) in properties)
        {
            object? value = null;
            instance?.TryGetValue(name, out value);
            props[name] = BuildNode(spec, value);
            if (spec.Required && !ConfigValues.IsJinja(value))
            {
                required.Add(name);
            }
        }

        if (instance is not null && (patternProperties.Count > 0 || additionalSchema is not null))
        {
            // The entries actually present get schemas built from their own values (so a Jinja
            // value in one entry relaxes that entry only); the shared pattern is then not needed.
            foreach (var (key, value) in instance)
            {
                // As JSON Schema: every matching pattern applies, to declared keys too; the
                // additional schema only to keys that nothing else covers.
                var schemas = patternProperties.Where(p => Matches(p.Key, key)).Select(p => (JsonNode)BuildNode(p.Value, value)).ToList();
                if (props[key] is JsonObject declared)
                {
                    schemas.Insert(0, declared.DeepClone());
                }
                else if (schemas.Count == 0 && additionalSchema is not null)
                {
                    schemas.Add(BuildNode(additionalSchema, value));
                }

                if (schemas.Count == 1)
                {
                    props[key] = schemas[0];
                }
                else if (schemas.Count > 1)
                {
                    props[key] = new JsonObject { ["allOf"] = new JsonArray(schemas.ToArray()) };
                }
            }

            patternProperties = [];
            additionalSchema = null;
        }

        if (props.Count > 0)
        {
            result["properties"] = props;
        }

        if (required.Count > 0)
        {
            result["required"] = required;
        }

        if (patternProperties.Count > 0)
        {
            var patterns = new JsonObject();
            foreach (var (pattern, spec) in patternProperties)
            {
                patterns[pattern] = BuildNode(spec, null);
            }

            result["patternProperties"] = patterns;
        }

        if (additionalSchema is not null)
        {
            result["additionalProperties"] = BuildNode(additionalSchema, null);
        }
        else if (!additionalAllowed)
        {
            result["additionalProperties"] = false;
        }

        return result;
    }

    private JsonObject BuildNode(SchemaNode spec, object? value)
    {
        if (spec.Ref is { } reference)
        {
            // Built from the target with this value, rather than a shared "$ref" whose required
            // list would follow whichever instance built it.
            // Only with a value, and not while the same ref is being expanded: a ref to itself
            // (directly or through others) then stays a plain "$ref" for NJsonSchema to resolve.
            if (value is null || _schema.ResolveRef(reference) is not { } target || !_expanding.Add(reference))
            {
                return new JsonObject { ["$ref"] = reference };
            }

            try
            {
                return BuildNode(target, value);
            }
            finally
            {
                _expanding.Remove(reference);
            }
        }

        var json = Sanitize(spec.Json);
        foreach (var keyword in new[] { "properties", "patternProperties", "additionalProperties", "items", "additionalItems" })
        {
            json.Remove(keyword);
        }

        if (spec.Type == "object" || spec.Properties.Count > 0 || spec.PatternProperties.Count > 0 || spec.AdditionalPropertiesSchema is not null || !spec.AdditionalPropertiesAllowed)
        {
            var shape = BuildObject(spec.Properties, spec.PatternProperties, spec.AdditionalPropertiesSchema, spec.AdditionalPropertiesAllowed,
                value as IDictionary<string, object?>);
            foreach (var (key, node) in shape.ToList())
            {
                shape.Remove(key);
                json[key] = node;
            }

            if (spec.Type is null)
            {
                json.Remove("type");
            }
        }

        if (spec.Items is not null || spec.ItemsByPosition is not null)
        {
            if (value is IList<object?> list)
            {
                var perPosition = new JsonArray();
                for (var i = 0; i < list.Count; i++)
                {
                    var itemSpec = spec.ItemsByPosition is { } byPosition ? (i < byPosition.Count ? byPosition[i] : null) : spec.Items;
                    perPosition.Add(itemSpec is null || ConfigValues.IsJinja(list[i]) ? new JsonObject() : BuildNode(itemSpec, list[i]));
                }

                json["items"] = perPosition;
                if (spec.Items is not null)
                {
                    json["additionalItems"] = BuildNode(spec.Items, null);
                }
            }
            else
            {
                json["items"] = spec.Items is not null
                    ? BuildNode(spec.Items, null)
                    : new JsonArray(spec.ItemsByPosition!.Select(i => (JsonNode)BuildNode(i, null)).ToArray());
            }
        }

        return json;
    }

    private static bool Matches(string pattern, string key)
    {
        try
        {
            return System.Text.RegularExpressions.Regex.IsMatch(key, pattern, System.Text.RegularExpressions.RegexOptions.None, TimeSpan.FromSeconds(1));
        }
        catch (Exception e) when (e is ArgumentException or System.Text.RegularExpressions.RegexMatchTimeoutException)
        {
            return false;
        }
    }

    /// <summary>Copies a spec, dropping st2-only keywords, also inside allOf/anyOf/oneOf/not.</summary>
    private static JsonObject Sanitize(JsonObject spec)
    {
        var copy = (JsonObject)spec.DeepClone();
        foreach (var keyword in s_dropped)
        {
            copy.Remove(keyword);
        }

        foreach (var combinator in new[] { "allOf", "anyOf", "oneOf" })
        {
            if (copy[combinator] is JsonArray options)
            {
                copy[combinator] = new JsonArray(options.Select(o => o is JsonObject obj ? (JsonNode)SanitizeDeep(obj) : o?.DeepClone()).ToArray());
            }
        }

        if (copy["not"] is JsonObject negated)
        {
            copy["not"] = SanitizeDeep(negated);
        }

        return copy;
    }

    /// <summary>For sub-schemas we have no model of: turn boolean 'required' into required lists.</summary>
    private static JsonObject SanitizeDeep(JsonObject spec)
    {
        var copy = Sanitize(spec);
        if (spec["properties"] is JsonObject properties)
        {
            var converted = new JsonObject();
            var required = new JsonArray();
            foreach (var (name, child) in properties)
            {
                if (child is JsonObject childSpec)
                {
                    if (childSpec["required"] is JsonValue flag && flag.TryGetValue<bool>(out var isRequired) && isRequired)
                    {
                        required.Add(name);
                    }

                    converted[name] = SanitizeDeep(childSpec);
                }
            }

            copy["properties"] = converted;
            if (required.Count > 0)
            {
                copy["required"] = required;
            }
        }

        return copy;
    }
}
