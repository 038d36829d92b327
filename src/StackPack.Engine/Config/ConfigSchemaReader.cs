using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using StackPack.Engine.Packs;
using StackPack.Engine.Yaml;

namespace StackPack.Engine.Config;

/// <summary>A config.schema.yaml StackStorm would refuse; every problem is listed.</summary>
public sealed class InvalidConfigSchemaException : StackPackException
{
    public InvalidConfigSchemaException(string file, IReadOnlyList<PackProblem> problems)
        : base("InvalidConfigSchema", problems.Count == 1 ? $"Invalid config schema: {problems[0]}" : $"Invalid config schema '{file}' ({problems.Count} problems):" + string.Concat(problems.Select(p => "\n  - " + p)),
            file, (problems.Count > 0 ? problems[0].Fix : null))
    {
        Problems = problems;
    }

    public IReadOnlyList<PackProblem> Problems { get; }
}

/// <summary>
/// Reads a config.schema.yaml (or any map of attribute specs in st2's parameter dialect) and
/// checks it the way st2's ConfigSchemaAPI does: attribute names are words, each spec only uses
/// the keywords st2's action_params schema allows, `type` is one simple type, and `required`,
/// `secret` and `immutable` are booleans.
/// </summary>
public static partial class ConfigSchemaReader
{
    public const string FileName = "config.schema.yaml";

    private static readonly HashSet<string> s_allowedKeywords = new(StringComparer.Ordinal)
    {
        "$schema", "$ref", "additionalItems", "additionalProperties", "allOf", "anyOf", "default", "definitions", "dependencies",
        "description", "enum", "exclusiveMaximum", "exclusiveMinimum", "id", "immutable", "items", "maxItems", "maxLength",
        "maxProperties", "maximum", "minItems", "minLength", "minProperties", "minimum", "multipleOf", "not", "oneOf",
        "pattern", "patternProperties", "position", "properties", "required", "secret", "title", "type", "uniqueItems",
    };

    // Keywords whose values ReadSpec reads as specs of their own (and checks there).
    private static readonly HashSet<string> s_childSpecKeywords = new(StringComparer.Ordinal) { "properties", "patternProperties", "additionalProperties", "items" };

    private static readonly HashSet<string> s_types = new(StringComparer.Ordinal) { "array", "boolean", "integer", "null", "number", "object", "string" };

    /// <exception cref="InvalidConfigSchemaException">The schema is not valid.</exception>
    public static ConfigSchema Read(string file)
    {
        YamlDocument document;
        try
        {
            document = YamlDocumentReader.ReadFile(file);
        }
        catch (YamlSyntaxException e)
        {
            throw new InvalidConfigSchemaException(file, [new PackProblem(file, string.Empty, e.Mark.Line, $"{e.Problem}.", "Fix the YAML syntax at that line.", ProblemSeverity.Error)]);
        }

        var problems = new List<PackProblem>();
        if (document.Root is null)
        {
            throw new InvalidConfigSchemaException(file, [new PackProblem(file, string.Empty, 0, $"Config schema \"{file}\" is empty and invalid.", "Describe at least one attribute, or delete the file.", ProblemSeverity.Error)]);
        }

        if (document.Root is not YamlMapping root)
        {
            throw new InvalidConfigSchemaException(file, [new PackProblem(file, string.Empty, document.Root.Mark.Line, "must be a mapping of attribute names to specs.", "Write 'name: {type: string, description: …}' entries.", ProblemSeverity.Error)]);
        }

        var attributes = ReadAttributes(file, root, string.Empty, problems);
        if (problems.Count > 0)
        {
            throw new InvalidConfigSchemaException(file, problems);
        }

        // st2 prompts by 'position' when given; the rest keep their file order after them.
        var ordered = attributes.Select((a, i) => (a, i)).OrderBy(x => x.a.Value.Position ?? int.MaxValue).ThenBy(x => x.i).Select(x => x.a).ToList();
        var schema = new ConfigSchema(file, ordered) { MayFailToBuild = root.Height > SurelyBuildableHeight || HasRiskyKeyword(root) };
        RefuseAliasCycles(schema, root);
        return schema;
    }

    /// <summary>
    /// Nesting well below what the JSON Schema validator reads (Newtonsoft.Json's 64 levels, the
    /// schema's own plus a few the validator's wrapping adds): a schema this shallow with no $ref
    /// and no pattern builds, and validates no value (there is no config) with anything that could throw.
    /// </summary>
    private const int SurelyBuildableHeight = 24;

    /// <summary>A $ref (a cycle, a reference out) or a pattern (compiled when a default is checked) anywhere.</summary>
    private static bool HasRiskyKeyword(YamlNode node)
    {
        switch (node)
        {
            case YamlMapping mapping:
                foreach (var (key, value) in mapping.Entries)
                {
                    if (key is "$ref" or "pattern" || HasRiskyKeyword(value))
                    {
                        return true;
                    }
                }

                return false;
            case YamlSequence sequence:
                foreach (var item in sequence.Items)
                {
                    if (HasRiskyKeyword(item))
                    {
                        return true;
                    }
                }

                return false;
            default:
                return false;
        }
    }

    /// <summary>A spec that is only a $ref chain leading back to itself describes nothing (JSON Schema validators refuse it).</summary>
    private static void RefuseAliasCycles(ConfigSchema schema, YamlMapping root)
    {
        foreach (var (name, spec) in schema.Attributes)
        {
            var seen = new List<string> { name };
            for (var current = spec; current.Ref is { } reference;)
            {
                var target = schema.ResolveRef(reference);
                var targetName = reference.Split('/').Last();
                if (target is null)
                {
                    break;
                }

                if (seen.Contains(targetName))
                {
                    throw new InvalidConfigSchemaException(schema.File, [new PackProblem(schema.File, name, root[name]?.Mark.Line ?? 0,
                        $"refers to itself through $ref ({string.Join(" -> ", seen.Append(targetName))}).", "Point the $ref at an attribute that describes a value.", ProblemSeverity.Error)]);
                }

                seen.Add(targetName);
                current = target;
            }
        }
    }

    /// <summary>
    /// Reads a mapping of attribute (or action parameter) names to specs in st2's dialect, adding
    /// a problem for every name that is not a word and every spec st2 would refuse.
    /// </summary>
    public static List<KeyValuePair<string, SchemaNode>> ReadAttributes(string file, YamlMapping root, string pathPrefix, List<PackProblem> problems)
    {
        var attributes = new List<KeyValuePair<string, SchemaNode>>();
        foreach (var (name, node) in root.Entries)
        {
            var path = pathPrefix + name;
            if (!WordPattern().IsMatch(name))
            {
                problems.Add(new PackProblem(file, path, node.Mark.Line, "is not a valid name (letters, digits and underscores only).", "Rename it.", ProblemSeverity.Error));
                continue;
            }

            if (ReadSpec(file, path, node, problems) is { } spec)
            {
                attributes.Add(new(name, spec));
            }
        }

        return attributes;
    }

    private static SchemaNode? ReadSpec(string file, string path, YamlNode node, List<PackProblem> problems)
    {
        if (node is not YamlMapping spec)
        {
            problems.Add(new PackProblem(file, path, node.Mark.Line, "must be a mapping of keywords (type, description, default, …).", "Write the attribute's spec as a mapping.", ProblemSeverity.Error));
            return null;
        }

        var before = problems.Count;
        foreach (var (keyword, value) in spec.Entries)
        {
            if (!s_allowedKeywords.Contains(keyword))
            {
                problems.Add(new PackProblem(file, path, value.Mark.Line, $"uses '{keyword}', which StackStorm does not allow (Additional properties are not allowed ('{keyword}' was unexpected)).",
                    keyword == "format" ? "Remove 'format' (use 'pattern' instead)." : $"Remove '{keyword}'.", ProblemSeverity.Error));
            }
        }

        CheckReferences(file, path, spec, problems);
        var type = spec["type"];
        string? typeName = null;
        if (type is not null)
        {
            if (type is YamlScalar { Kind: YamlScalarKind.String } t && s_types.Contains(t.Value))
            {
                typeName = t.Value;
            }
            else
            {
                problems.Add(new PackProblem(file, path, type.Mark.Line, $"has type '{Show(type)}'; it must be one of {string.Join(", ", s_types.Order())}.", "Use one simple type.", ProblemSeverity.Error));
            }
        }

        var required = Boolean(file, path, spec, "required", problems);
        var secret = Boolean(file, path, spec, "secret", problems);
        var immutable = Boolean(file, path, spec, "immutable", problems);
        int? position = null;
        if (spec["position"] is { } positionNode)
        {
            if (positionNode is YamlScalar { Kind: YamlScalarKind.Int } p && int.TryParse(p.Value, out var value))
            {
                position = value;
            }
            else
            {
                problems.Add(new PackProblem(file, path, positionNode.Mark.Line, $"has position '{Show(positionNode)}'; it must be a whole number.", "Use e.g. position: 1.", ProblemSeverity.Error));
            }
        }

        var properties = Children(file, path, spec["properties"], problems, "properties");
        var patternProperties = Children(file, path, spec["patternProperties"], problems, "patternProperties");
        foreach (var (pattern, _) in patternProperties)
        {
            if (!IsRegularExpression(pattern, out var error))
            {
                problems.Add(new PackProblem(file, path, spec.Mark.Line, $"has a patternProperties pattern that is not a valid regular expression: '{pattern}' ({error}).", "Fix the pattern.", ProblemSeverity.Error));
            }
        }

        SchemaNode? additionalSchema = null;
        var additionalAllowed = true;
        if (spec["additionalProperties"] is { } additional)
        {
            if (additional is YamlScalar { Kind: YamlScalarKind.Bool } flag)
            {
                additionalAllowed = YamlScalarTyping.IsTrue(flag.Value);
            }
            else
            {
                additionalSchema = ReadSpec(file, path + ".*", additional, problems);
            }
        }

        SchemaNode? items = null;
        List<SchemaNode>? itemsByPosition = null;
        if (spec["items"] is YamlSequence tuple)
        {
            itemsByPosition = tuple.Items.Select((item, i) => ReadSpec(file, $"{path}[{i}]", item, problems)).OfType<SchemaNode>().ToList();
        }
        else if (spec["items"] is { } itemNode)
        {
            items = ReadSpec(file, path + "[]", itemNode, problems);
        }

        if (problems.Count > before)
        {
            return null;
        }

        return new SchemaNode
        {
            Type = typeName,
            Description = spec["description"] is YamlScalar d ? d.Value : null,
            HasDefault = spec.ContainsKey("default"),
            Default = YamlPlainValues.ToPlain(spec["default"]),
            Required = required,
            Secret = secret,
            Immutable = immutable,
            Position = position,
            Enum = spec["enum"] is YamlSequence choices ? choices.Items.Select(YamlPlainValues.ToPlain).ToList() : null,
            Properties = properties,
            PatternProperties = patternProperties,
            AdditionalPropertiesSchema = additionalSchema,
            AdditionalPropertiesAllowed = additionalAllowed,
            Items = items,
            ItemsByPosition = itemsByPosition,
            Ref = spec["$ref"] is YamlScalar r ? r.Value : null,
            JsonFactory = () => ToJson(spec),
            Line = spec.Mark.Line,
        };
    }

    private static bool IsRegularExpression(string pattern, out string? error)
    {
        try
        {
            _ = new Regex(pattern, RegexOptions.None, TimeSpan.FromSeconds(1));
            error = null;
            return true;
        }
        catch (ArgumentException e)
        {
            error = e.Message;
            return false;
        }
    }

    /// <summary>
    /// Every $ref in the spec (also inside allOf, not, definitions…) must be a local pointer
    /// ("#/properties/x"): anything else would make a validator fetch a URL or read a file
    /// named by the pack (/etc/passwd), so it is refused here, with the field and line.
    /// </summary>
    private static void CheckReferences(string file, string path, YamlMapping spec, List<PackProblem> problems)
    {
        // Only lists and mappings can hold a $ref, and most specs have none (type, description,
        // default): then nothing is allocated here. Every action parameter comes through.
        Stack<YamlNode>? pending = null;
        foreach (var (key, value) in spec.Entries)
        {
            if (!CannotHoldReference(value) && !s_childSpecKeywords.Contains(key))
            {
                (pending ??= new()).Push(value);
            }
        }

        if (spec["$ref"] is { } own)
        {
            CheckReference(file, path, own, problems);
        }

        if (pending is null)
        {
            return;
        }

        var seen = new HashSet<YamlNode>(ReferenceEqualityComparer.Instance);
        while (pending.TryPop(out var node))
        {
            if (node is YamlScalar || !seen.Add(node))
            {
                continue; // nothing inside, or an alias: checked once
            }

            switch (node)
            {
                case YamlMapping mapping:
                    foreach (var (key, value) in mapping.Entries)
                    {
                        if (key == "$ref")
                        {
                            CheckReference(file, path, value, problems);
                        }

                        pending.Push(value);
                    }

                    break;
                case YamlSequence sequence:
                    foreach (var item in sequence.Items)
                    {
                        pending.Push(item);
                    }

                    break;
            }
        }
    }

    /// <summary>A value, an empty mapping or a list of values (default: {}, enum: [a, b]): nothing inside to walk.</summary>
    private static bool CannotHoldReference(YamlNode node)
    {
        switch (node)
        {
            case YamlMapping mapping:
                return mapping.Entries.Count == 0;
            case YamlSequence sequence:
                for (var i = 0; i < sequence.Items.Count; i++)
                {
                    if (sequence.Items[i] is not YamlScalar)
                    {
                        return false;
                    }
                }

                return true;
            default:
                return true;
        }
    }

    private static void CheckReference(string file, string path, YamlNode reference, List<PackProblem> problems)
    {
        if (reference is YamlScalar { Kind: YamlScalarKind.String } text && (text.Value == "#" || text.Value.StartsWith("#/", StringComparison.Ordinal)))
        {
            return;
        }

        problems.Add(new PackProblem(file, path, reference.Mark.Line,
            $"has $ref '{Show(reference)}', which is not a reference inside this schema; StackPack never fetches a URL or reads a file for a schema.",
            "Use a local reference such as '#/properties/other', or copy the definition into the schema.", ProblemSeverity.Error));
    }

    private static List<KeyValuePair<string, SchemaNode>> Children(string file, string path, YamlNode? node, List<PackProblem> problems, string keyword)
    {
        var children = new List<KeyValuePair<string, SchemaNode>>();
        if (node is null or YamlScalar { IsNull: true })
        {
            return children;
        }

        if (node is not YamlMapping mapping)
        {
            problems.Add(new PackProblem(file, path, node.Mark.Line, $"has '{keyword}' that is not a mapping.", $"Write '{keyword}' as a mapping of names to specs.", ProblemSeverity.Error));
            return children;
        }

        foreach (var (name, child) in mapping.Entries)
        {
            if (ReadSpec(file, keyword == "properties" ? $"{path}.{name}" : $"{path}.<{name}>", child, problems) is { } spec)
            {
                children.Add(new(name, spec));
            }
        }

        return children;
    }

    private static bool Boolean(string file, string path, YamlMapping spec, string keyword, List<PackProblem> problems)
    {
        var node = spec[keyword];
        switch (node)
        {
            case null:
                return false;
            case YamlScalar { Kind: YamlScalarKind.Bool } flag:
                return YamlScalarTyping.IsTrue(flag.Value);
            default:
                var fix = keyword == "required" && node is YamlSequence
                    ? "StackStorm uses 'required: true' on each attribute, not a list of names."
                    : $"Use {keyword}: true or {keyword}: false.";
                problems.Add(new PackProblem(file, path, node.Mark.Line, $"has {keyword} '{Show(node)}'; it must be true or false.", fix, ProblemSeverity.Error));
                return false;
        }
    }

    private static JsonObject ToJson(YamlMapping spec) =>
        JsonSerializer.SerializeToNode(YamlPlainValues.ToPlain(spec), YamlPlainValues.Json)!.AsObject();

    private static string Show(YamlNode node) => node is YamlScalar s ? s.Value : node is YamlSequence ? "a list" : "a mapping";

    [GeneratedRegex(@"^\w+\z")]
    private static partial Regex WordPattern();
}
