using System.Globalization;
using System.Text;
using StackPack.Engine.Config;
using StackPack.Engine.Tests.Support;
using StackPack.Engine.Yaml;

namespace StackPack.Engine.Tests.Hostile;

/// <summary>
/// Hostile config schemas and configs: references that leave the file, cycles and deep nesting
/// are InvalidConfigSchema / ConfigUnreadable errors on the file, and nothing is fetched or read.
/// </summary>
public class HostileConfigSchemaTests : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    private string SchemaFile(string yaml) => _temp.Write($"{Guid.NewGuid():N}/config.schema.yaml", yaml);

    private static Dictionary<string, object?> Values(string yaml) =>
        (Dictionary<string, object?>)YamlPlainValues.ToPlain(YamlDocumentReader.ReadText(yaml, "v.yaml").Root)!;

    /// <summary>A schema whose attribute nests <paramref name="depth"/> objects, and a config with a value at the bottom.</summary>
    private static (string Schema, string Config) Nested(int depth)
    {
        var schema = new StringBuilder();
        var config = new StringBuilder();
        for (var level = 0; level < depth; level++)
        {
            var indent = new string(' ', level * 4);
            schema.Append(CultureInfo.InvariantCulture, $"{indent}n{level}:\n{indent}  type: object\n{indent}  properties:\n");
            config.Append(new string(' ', level * 2)).Append(CultureInfo.InvariantCulture, $"n{level}:\n");
        }

        schema.Append(new string(' ', depth * 4)).Append("leaf: {type: integer}\n");
        config.Append(new string(' ', depth * 2)).Append("leaf: not-a-number\n");
        return (schema.ToString(), config.ToString());
    }

    [Fact]
    public void Nested_schemas_and_configs_validate_at_every_level()
    {
        var (schemaYaml, configYaml) = Nested(40);
        var schema = ConfigSchemaReader.Read(SchemaFile(schemaYaml));
        var problem = Assert.Single(ConfigValidator.Validate(Values(configYaml), schema));
        Assert.EndsWith(".leaf", problem.Path);
        Assert.Contains("integer", problem.Rule);
    }

    [Theory]
    [InlineData(100)]
    [InlineData(490)]
    public void A_schema_nested_deeper_than_the_validator_takes_is_InvalidConfigSchema_not_a_raw_exception(int depth)
    {
        var (schemaYaml, configYaml) = Nested(depth);
        var file = SchemaFile(schemaYaml);
        var schema = ConfigSchemaReader.Read(file);
        var error = Assert.Throws<InvalidConfigSchemaException>(() => ConfigValidator.Validate(Values(configYaml), schema));
        Assert.Contains(file, error.Message);
        Assert.Contains("nests deeper", error.Message);
    }

    [Fact]
    public void A_config_nested_900_levels_deep_validates_without_a_raw_exception()
    {
        var config = "deep: " + new string('[', 900) + new string(']', 900) + "\nport: x\n";
        var schema = ConfigSchemaReader.Read(SchemaFile("deep: {type: array}\nport: {type: integer}\n"));
        var problem = Assert.Single(ConfigValidator.Validate(Values(config), schema));
        Assert.Equal("port", problem.Path);
    }

    [Theory]
    [InlineData("http://127.0.0.1:9/schema.json")]
    [InlineData("https://example.invalid/x#/definitions/y")]
    [InlineData("/etc/passwd")]
    [InlineData("file:///etc/passwd")]
    [InlineData("../other/config.schema.yaml")]
    [InlineData("other.json#/properties/x")]
    [InlineData("#definitions/x")]
    public void A_ref_that_is_not_a_local_pointer_is_InvalidConfigSchema_naming_the_field(string reference)
    {
        var file = SchemaFile($"ok:\n  type: string\nbad:\n  $ref: \"{reference}\"\n");
        var error = Assert.Throws<InvalidConfigSchemaException>(() => ConfigSchemaReader.Read(file));
        var problem = Assert.Single(error.Problems);
        Assert.Equal("bad", problem.Field);
        Assert.Equal(4, problem.Line);
        Assert.Contains("$ref", problem.Message);
        Assert.Contains(file, error.Message);
    }

    [Theory]
    [InlineData("nested:\n  type: object\n  properties:\n    inner:\n      allOf:\n        - $ref: \"http://127.0.0.1:9/x.json\"\n", "nested.inner")]
    [InlineData("top:\n  type: object\n  definitions:\n    d: {$ref: \"/etc/passwd\"}\n", "top")]
    [InlineData("top:\n  type: array\n  items:\n    not: {$ref: \"file:///etc/passwd\"}\n", "top[]")]
    public void A_remote_ref_anywhere_inside_a_spec_is_refused(string yaml, string field)
    {
        var error = Assert.Throws<InvalidConfigSchemaException>(() => ConfigSchemaReader.Read(SchemaFile(yaml)));
        Assert.Equal(field, Assert.Single(error.Problems).Field);
    }

    [Fact]
    public void Local_refs_still_work()
    {
        var schema = ConfigSchemaReader.Read(SchemaFile("base:\n  type: object\n  properties:\n    port: {type: integer}\ncopy:\n  $ref: \"#/properties/base\"\n"));
        var problem = Assert.Single(ConfigValidator.Validate(Values("copy: {port: x}\n"), schema));
        Assert.Equal("copy.port", problem.Path);
    }

    [Fact]
    public void A_ref_into_its_own_subtree_is_an_error_on_the_file_not_a_raw_exception()
    {
        // The reference points below the attribute holding it: expanded, it contains itself.
        var file = SchemaFile("a:\n  type: object\n  properties:\n    b:\n      $ref: \"#/properties/a\"\n");
        var schema = ConfigSchemaReader.Read(file);
        var problems = ConfigValidator.Validate(Values("a: {b: {b: {b: 1}}}\n"), schema);
        Assert.Contains(problems, p => p.Path.StartsWith("a.b.b.b", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("a:\n  type: object\n  allOf:\n    - $ref: \"#/properties/a/allOf/0\"\n", "a: {x: 1}\n")]
    [InlineData("a:\n  type: object\n  definitions:\n    p: {$ref: \"#/properties/a/definitions/q\"}\n    q: {$ref: \"#/properties/a/definitions/p\"}\n  allOf:\n    - $ref: \"#/properties/a/definitions/p\"\n", "a: {x: 1}\n")]
    public void A_reference_cycle_NJsonSchema_detects_is_InvalidConfigSchema_naming_the_file(string schemaYaml, string config)
    {
        var file = SchemaFile(schemaYaml);
        var schema = ConfigSchemaReader.Read(file);
        var error = Assert.Throws<InvalidConfigSchemaException>(() => ConfigValidator.Validate(Values(config), schema));
        Assert.Equal("InvalidConfigSchema", error.ErrorId);
        Assert.Contains(file, error.Message);
        Assert.Contains("Cyclic references detected", error.Message);
    }

    [Theory]
    [InlineData("a: {type: string, pattern: \"[\", default: x}\n")]
    [InlineData("a: {type: string, pattern: \"(?P<name>x)\", default: x}\n")]
    [InlineData("a:\n  type: object\n  additionalProperties: {type: string, pattern: \"(\"}\n  default: {k: v}\n")]
    public void A_pattern_the_validator_cannot_compile_is_InvalidConfigSchema_naming_the_file_not_a_crash(string schemaYaml)
    {
        var file = SchemaFile(schemaYaml);
        var schema = ConfigSchemaReader.Read(file);
        var error = Assert.Throws<InvalidConfigSchemaException>(() => ConfigValidator.Validate(new Dictionary<string, object?>(StringComparer.Ordinal), schema));
        Assert.Contains(file, error.Message);
        Assert.Contains("pattern", error.Message);
    }

    public static TheoryData<string> SchemasToBuild => new(
        Nested(100).Schema,
        Nested(490).Schema,
        Nested(20).Schema,
        "a:\n  type: object\n  allOf:\n    - $ref: \"#/properties/a/allOf/0\"\n",
        "a:\n  type: object\n  definitions:\n    p: {$ref: \"#/properties/a/definitions/q\"}\n    q: {$ref: \"#/properties/a/definitions/p\"}\n  allOf:\n    - $ref: \"#/properties/a/definitions/p\"\n",
        "base:\n  type: object\n  properties:\n    port: {type: integer}\ncopy:\n  $ref: \"#/properties/base\"\n",
        "a:\n  type: object\n  properties:\n    b:\n      $ref: \"#/properties/a\"\n",
        "a: {type: string, required: true}\nb: {type: integer, default: x}\nc: {type: array, items: {type: object, properties: {d: {type: boolean}}}}\n",
        "a: {type: string, pattern: \"[\", default: x}\n",
        "a: {type: string, pattern: \"^[a-z]+$\", default: abc}\n");

    /// <summary>Register-Pack of a pack with no config builds the validator only when the schema could fail to build: it must refuse exactly what validating refuses.</summary>
    [Theory]
    [MemberData(nameof(SchemasToBuild))]
    public void EnsureUsable_refuses_exactly_the_schemas_validating_refuses(string schemaYaml)
    {
        var schema = ConfigSchemaReader.Read(SchemaFile(schemaYaml));
        var validating = Record.Exception(() => ConfigValidator.Validate(new Dictionary<string, object?>(StringComparer.Ordinal), schema));
        var ensuring = Record.Exception(() => ConfigValidator.EnsureUsable(schema));
        Assert.Equal(validating?.GetType(), ensuring?.GetType());
        Assert.Equal(validating?.Message, ensuring?.Message);
    }

    [FixtureFact]
    public void EnsureUsable_accepts_every_real_config_schema_that_validating_accepts()
    {
        var options = new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = FileAttributes.ReparsePoint, IgnoreInaccessible = true };
        var checkedSchemas = 0;
        foreach (var file in Directory.EnumerateFiles(Fixtures.Path(), ConfigSchemaReader.FileName, options))
        {
            ConfigSchema schema;
            try
            {
                schema = ConfigSchemaReader.Read(file);
            }
            catch (InvalidConfigSchemaException)
            {
                continue; // refused before any validator is built
            }

            var validating = Record.Exception(() => ConfigValidator.Validate(new Dictionary<string, object?>(StringComparer.Ordinal), schema));
            var ensuring = Record.Exception(() => ConfigValidator.EnsureUsable(schema));
            Assert.True(validating?.GetType() == ensuring?.GetType(), $"{file}: validating gave {validating?.Message ?? "nothing"}, EnsureUsable {ensuring?.Message ?? "nothing"}");
            checkedSchemas++;
        }

        Assert.True(checkedSchemas > 0, "no config schema among the fixtures");
    }
}

