using StackPack.Engine.Config;
using StackPack.Engine.Tests.Support;

namespace StackPack.Engine.Tests.Config;

public class ConfigSchemaTests : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    private ConfigSchema Read(string yaml) => ConfigSchemaReader.Read(_temp.Write("config.schema.yaml", yaml));

    private InvalidConfigSchemaException Fails(string yaml) => Assert.Throws<InvalidConfigSchemaException>(() => Read(yaml));

    public static IEnumerable<object[]> FixtureSchemas() =>
        Fixtures.Root is null ? [["(none)"]]
            : Directory.EnumerateFiles(Fixtures.Root, "config.schema.yaml", SearchOption.AllDirectories).Select(f => new object[] { Path.GetRelativePath(Fixtures.Root, f) });

    [FixtureTheory]
    [MemberData(nameof(FixtureSchemas))]
    public void Every_real_config_schema_loads(string relative)
    {
        var schema = ConfigSchemaReader.Read(Fixtures.Path(relative));
        Assert.NotEmpty(schema.Attributes);
    }

    [FixtureFact]
    public void The_github_schema_has_nested_objects_and_arrays_of_objects()
    {
        var schema = ConfigSchemaReader.Read(Fixtures.Path("packs", "github", "config.schema.yaml"));
        var token = schema.Attribute("token")!;
        Assert.True(token.Secret);
        Assert.True(token.Required);
        Assert.Equal("{{ st2kv.system.github_oauth_token }}", token.Default);
        var repositories = schema.Attribute("repository_sensor")!.Property("repositories")!;
        Assert.Equal("array", repositories.Type);
        Assert.True(repositories.Items!.Property("user")!.Required);
        Assert.False(schema.Attribute("repository_sensor")!.AdditionalPropertiesAllowed);
    }

    [Fact]
    public void An_empty_schema_is_refused_like_st2()
    {
        var e = Fails("# nothing\n");
        Assert.Contains("is empty and invalid", e.Message);
        Assert.Equal("InvalidConfigSchema", e.ErrorId);
    }

    [Fact]
    public void Unknown_keywords_are_refused_with_line_and_fix()
    {
        var e = Fails("url:\n  type: string\n  format: uri\n");
        var problem = Assert.Single(e.Problems);
        Assert.Equal("url", problem.Field);
        Assert.Equal(3, problem.Line);
        Assert.Contains("'format' was unexpected", problem.Message);
        Assert.Contains("pattern", problem.Fix);
    }

    [Fact]
    public void Types_must_be_one_simple_type_and_flags_booleans()
    {
        var e = Fails("a: {type: text}\nb: {type: string, required: [x]}\nc: {type: string, secret: maybe}\n");
        Assert.Equal(["a", "b", "c"], e.Problems.Select(p => p.Field));
        Assert.Contains("required: true", e.Problems[1].Fix);
    }

    [Fact]
    public void Attribute_names_must_be_words()
    {
        Assert.Equal("my-attr", Assert.Single(Fails("my-attr: {type: string}\n").Problems).Field);
    }

    [Fact]
    public void Position_orders_the_attributes_and_the_rest_keep_file_order()
    {
        var schema = Read("z: {type: string}\ny: {type: string, position: 1}\nx: {type: string}\nw: {type: string, position: 0}\n");
        Assert.Equal(["w", "y", "z", "x"], schema.Attributes.Select(a => a.Key));
    }

    [Fact]
    public void Refs_resolve_to_sibling_attributes()
    {
        var schema = Read("defaults:\n  type: object\n  properties:\n    host: {type: string, required: true}\nsites:\n  type: object\n  patternProperties:\n    '^\\w+$':\n      $ref: '#/properties/defaults'\n");
        var site = schema.Attribute("sites")!.ChildFor("london", schema.ResolveRef)!;
        Assert.Same(schema.Attribute("defaults"), site);
    }
}
