using System.Text.Json;
using NJsonSchema;
using NJsonSchema.Validation;
using StackPack.Engine.Packs;
using StackPack.Engine.Yaml;

namespace StackPack.Engine.Config;

public enum ConfigProblemKind
{
    /// <summary>A required value is missing (after defaults).</summary>
    Required,

    /// <summary>A value breaks a rule of the schema.</summary>
    Invalid,
}

/// <summary>One reason a config does not validate: the dotted path, the rule, and the value (masked if secret).</summary>
public sealed record ConfigProblem(string Path, ConfigProblemKind Kind, string Rule, string? Value)
{
    public override string ToString() => Kind == ConfigProblemKind.Required
        ? $"'{Path}' is required but has no value."
        : $"'{Path}' {Rule}{(Value is null ? string.Empty : $" (value: {Value})")}.";
}

/// <summary>
/// Validates a config the way StackStorm does, and better: defaults fill missing or null
/// values first, extra top-level keys are allowed, boolean <c>required</c> is enforced at every
/// depth, and a Jinja expression ("{{ st2kv.system.x }}") is accepted for any type because
/// StackStorm renders it at run time. NJsonSchema does the validating itself.
/// </summary>
public static class ConfigValidator
{
    /// <exception cref="InvalidConfigSchemaException">The schema cannot be used to validate (a reference cycle, too deep).</exception>
    public static IReadOnlyList<ConfigProblem> Validate(IDictionary<string, object?> values, ConfigSchema schema)
    {
        try
        {
            return ValidateWith(values, schema);
        }
        catch (Exception e) when (e is InvalidOperationException or JsonException or Newtonsoft.Json.JsonException or ExternalReferenceException or ArgumentException)
        {
            // NJsonSchema's "Cyclic references detected", a nesting deeper than a JSON reader
            // takes, a reference that is not local: each a fault of the schema file, not a crash.
            var reason = e switch
            {
                ExternalReferenceException => e.Message,
                Newtonsoft.Json.JsonReaderException when e.Message.Contains("MaxDepth", StringComparison.Ordinal) =>
                    $"nests deeper than the JSON Schema validator takes ({e.Message.Split(" Path", 2)[0].TrimEnd('.')}; about 60 levels of 'properties')",
                // A pattern .NET cannot compile (a Python-only construct such as (?P<name>…), or a broken one).
                System.Text.RegularExpressions.RegexParseException => $"has a pattern the validator cannot compile ({e.Message})",
                _ => $"cannot be used to validate the config ({e.Message.Split(" Path", 2)[0].TrimEnd('.')})",
            };
            throw new InvalidConfigSchemaException(schema.File, [new PackProblem(schema.File, string.Empty, 0, reason + ".",
                "Fix the schema's $ref and nesting (only local '#/properties/...' references are followed).", ProblemSeverity.Error)]);
        }
    }

    /// <summary>
    /// What <see cref="Validate"/> would refuse about the schema itself, without a config to check:
    /// Register-Pack of a pack that has no config file. NJsonSchema can fail to build a schema only
    /// through a $ref (a cycle, a reference out), a deep nesting or a pattern it cannot compile, so a
    /// schema the reader found none of (<see cref="ConfigSchema.MayFailToBuild"/>) is not built at all.
    /// </summary>
    /// <exception cref="InvalidConfigSchemaException">The schema cannot be used to validate.</exception>
    public static void EnsureUsable(ConfigSchema schema)
    {
        if (schema.MayFailToBuild)
        {
            Validate(new Dictionary<string, object?>(StringComparer.Ordinal), schema);
        }
    }

    private static List<ConfigProblem> ValidateWith(IDictionary<string, object?> values, ConfigSchema schema)
    {
        var withDefaults = ConfigValues.WithValidationDefaults(values, schema);
        var problems = new List<ConfigProblem>();

        // st2's own extra rule: secret values are decrypted already; decrypt_kv would decrypt twice.
        foreach (var (name, spec) in schema.Attributes)
        {
            if (spec.Secret && withDefaults.GetValueOrDefault(name) is string text && ConfigValues.IsJinja(text) && text.Contains("decrypt_kv", StringComparison.Ordinal))
            {
                problems.Add(new ConfigProblem(name, ConfigProblemKind.Invalid,
                    "uses the decrypt_kv filter, but values of secret attributes are decrypted automatically; remove '| decrypt_kv'", null));
            }
        }

        var jsonSchema = JsonSchema.FromJsonAsync(ConfigJsonSchema.Build(schema, withDefaults).ToJsonString(YamlPlainValues.Json), null!,
            root => new LocalOnlyReferenceResolver(root, schema.File), CancellationToken.None).GetAwaiter().GetResult();
        // Jinja values are StackStorm's to render; nulls count as absent (optional: fine, required: missing).
        var instance = JsonSerializer.Serialize(WithoutJinja(withDefaults), YamlPlainValues.Json);
        using var instanceReader = new Newtonsoft.Json.JsonTextReader(new StringReader(instance)) { MaxDepth = YamlPlainValues.Json.MaxDepth };
        foreach (var error in Leaves(jsonSchema.Validate(Newtonsoft.Json.Linq.JToken.ReadFrom(instanceReader))))
        {
            var path = error.Path?.TrimStart('#', '/') ?? string.Empty;
            if (error.Kind == ValidationErrorKind.PropertyRequired)
            {
                problems.Add(new ConfigProblem(path, ConfigProblemKind.Required, "is required", null));
                continue;
            }

            var value = ValueAt(withDefaults, path, out var found);
            var shown = !found ? null : ConfigValues.IsSecretPath(schema, path) ? ConfigValues.Mask : JsonSerializer.Serialize(value, YamlPlainValues.Json);
            problems.Add(new ConfigProblem(path, ConfigProblemKind.Invalid, Describe(error), shown));
        }

        return problems.DistinctBy(p => (p.Path, p.Kind, p.Rule)).ToList();
    }

    /// <summary>A reference that is not a local pointer would make NJsonSchema read a file or send a request: never.</summary>
    private sealed class LocalOnlyReferenceResolver(JsonSchema root, string file)
        : JsonReferenceResolver(new JsonSchemaAppender(root, new DefaultTypeNameGenerator()))
    {
        public override Task<NJsonSchema.References.IJsonReference> ResolveFileReferenceAsync(string filePath, CancellationToken cancellationToken = default) =>
            throw new ExternalReferenceException(file, filePath);

        public override Task<NJsonSchema.References.IJsonReference> ResolveUrlReferenceAsync(string url, CancellationToken cancellationToken = default) =>
            throw new ExternalReferenceException(file, url);
    }

    private sealed class ExternalReferenceException(string file, string reference)
        : Exception($"{file}: has a $ref to '{reference}'; only references inside the schema ('#/...') are allowed, nothing is fetched or read");

    private static IEnumerable<ValidationError> Leaves(IEnumerable<ValidationError> errors)
    {
        foreach (var error in errors)
        {
            if (error is ChildSchemaValidationError child && child.Errors.Count > 0 && child.Errors.Values.Any(v => v.Count > 0))
            {
                foreach (var leaf in Leaves(child.Errors.Values.SelectMany(v => v)))
                {
                    yield return leaf;
                }
            }
            else
            {
                yield return error;
            }
        }
    }

    private static object? WithoutJinja(object? value) => value switch
    {
        IDictionary<string, object?> map => map.Where(e => e.Value is not null && !ConfigValues.IsJinja(e.Value)).ToDictionary(e => e.Key, e => WithoutJinja(e.Value)),
        IList<object?> list => list.Select(WithoutJinja).ToList(),
        _ => value,
    };

    private static object? ValueAt(object? root, string path, out bool found)
    {
        var current = root;
        foreach (var segment in ConfigPath.Parse(path))
        {
            switch (segment)
            {
                case ConfigPath.Key key when current is IDictionary<string, object?> map && map.TryGetValue(key.Name, out var next):
                    current = next;
                    break;
                case ConfigPath.Index index when current is IList<object?> list && index.Position < list.Count:
                    current = list[index.Position];
                    break;
                default:
                    found = false;
                    return null;
            }
        }

        found = true;
        return current;
    }

    private static string Describe(ValidationError error) => error.Kind switch
    {
        ValidationErrorKind.StringExpected => "must be a string",
        ValidationErrorKind.IntegerExpected => "must be an integer",
        ValidationErrorKind.NumberExpected => "must be a number",
        ValidationErrorKind.BooleanExpected => "must be a boolean (true or false)",
        ValidationErrorKind.ObjectExpected => "must be a mapping",
        ValidationErrorKind.ArrayExpected => "must be a list",
        ValidationErrorKind.NullExpected => "must be null",
        ValidationErrorKind.NoTypeValidates => $"must be {string.Join(" or ", TypeNames(error.Schema))}",
        ValidationErrorKind.NotInEnumeration => $"must be one of: {string.Join(", ", error.Schema?.Enumeration.Where(e => e is not null).Select(e => JsonSerializer.Serialize(e?.ToString())) ?? [])}",
        ValidationErrorKind.NoAdditionalPropertiesAllowed => "is not allowed here (the schema allows no other keys)",
        ValidationErrorKind.PatternMismatch => $"does not match the pattern {error.Schema?.Pattern}",
        ValidationErrorKind.StringTooShort => $"is shorter than {error.Schema?.MinLength} characters",
        ValidationErrorKind.StringTooLong => $"is longer than {error.Schema?.MaxLength} characters",
        ValidationErrorKind.NumberTooSmall => $"is less than the minimum {error.Schema?.Minimum}",
        ValidationErrorKind.NumberTooBig => $"is more than the maximum {error.Schema?.Maximum}",
        ValidationErrorKind.TooManyItems => $"has more than {error.Schema?.MaxItems} items",
        ValidationErrorKind.TooFewItems => $"has fewer than {error.Schema?.MinItems} items",
        ValidationErrorKind.ItemsNotUnique => "has duplicate items",
        _ => $"breaks the schema rule {error.Kind}",
    };

    private static IEnumerable<string> TypeNames(JsonSchema? schema) =>
        schema is null ? ["another type"] : Enum.GetValues<JsonObjectType>()
            .Where(t => t != JsonObjectType.None && t != JsonObjectType.Null && schema.Type.HasFlag(t))
            .Select(t => t.ToString().ToLowerInvariant() switch { "integer" => "an integer", "object" => "a mapping", "array" => "a list", var other => "a " + other });
}
