using StackPack.Engine.Config;
using StackPack.Engine.Packs;
using StackPack.Engine.Settings;
using StackPack.Engine.Tests.Support;

namespace StackPack.Engine.Tests.Config;

public class ConfigStoreAndServiceTests : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    private StackPackSettings Settings() => TestSettings.Home(_temp);

    private PackConfigState Pack(string schema)
    {
        var settings = Settings();
        var folder = TestPacks.WritePack(settings.SystemPacksPath, "demo");
        File.WriteAllText(Path.Combine(folder, "config.schema.yaml"), schema);
        return PackConfigService.Load(settings, PackLocator.Load(folder, settings.SystemPacksPath, settings));
    }

    [Fact]
    public void Tricky_strings_and_every_value_type_round_trip_through_the_written_yaml()
    {
        var values = new Dictionary<string, object?>
        {
            ["yes"] = "yes", ["version"] = "0.1", ["empty"] = "", ["nullword"] = "null", ["octal"] = "010", ["tilde"] = "~",
            ["jinja"] = "{{ st2kv.system.x }}", ["multiline"] = "line one\nline two\n", ["colon"] = ": x", ["hash"] = "a # b",
            ["unicode"] = "héllo ✓", ["flag"] = true, ["count"] = 5L, ["ratio"] = 1.5, ["nothing"] = null,
            ["list"] = new List<object?> { "on", 1L, false }, ["map"] = new Dictionary<string, object?> { ["k"] = "v" },
            ["emptymap"] = new Dictionary<string, object?>(), ["emptylist"] = new List<object?>(),
        };
        var path = _temp.Combine("configs", "rt.yaml");
        ConfigFileStore.Write(path, ConfigFileStore.ToYaml(values, null));

        var back = ConfigFileStore.Read(path);

        Assert.Equal(values.Count, back.Count);
        foreach (var (key, value) in values)
        {
            Assert.Equal(System.Text.Json.JsonSerializer.Serialize(value), System.Text.Json.JsonSerializer.Serialize(back[key]));
        }
    }

    [Fact]
    public void Configs_are_written_owner_only()
    {
        var path = _temp.Combine("configs", "secret.yaml");
        ConfigFileStore.Write(path, "token: x\n");
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
        }
    }

    [Fact]
    public void Plan_merges_nested_objects_by_key_and_replace_writes_only_what_is_given()
    {
        var state = Pack("a: {type: string}\nsensor:\n  type: object\n  properties:\n    x: {type: string}\n    y: {type: string}\n");
        var first = PackConfigService.Plan(state, new Dictionary<string, object?> { ["a"] = "1", ["sensor"] = new Dictionary<string, object?> { ["x"] = "x1" } }, replace: false);
        PackConfigService.Apply(state, first);
        var reloaded = PackConfigService.Load(Settings(), state.Pack);

        var merged = PackConfigService.Plan(reloaded, new Dictionary<string, object?> { ["sensor"] = new Dictionary<string, object?> { ["y"] = "y1" } }, replace: false);
        Assert.Equal("1", merged.Values["a"]);
        Assert.Equal(new Dictionary<string, object?> { ["x"] = "x1", ["y"] = "y1" }, (Dictionary<string, object?>)merged.Values["sensor"]!);

        var replaced = PackConfigService.Plan(reloaded, new Dictionary<string, object?> { ["a"] = "2" }, replace: true);
        Assert.Equal(["a"], replaced.Values.Keys);
    }

    [Fact]
    public void Setting_the_same_values_again_is_unchanged_and_writes_nothing()
    {
        var state = Pack("a: {type: string}\n");
        var change = PackConfigService.Plan(state, new Dictionary<string, object?> { ["a"] = "1" }, replace: false);
        PackConfigService.Apply(state, change);
        var written = File.GetLastWriteTimeUtc(state.Path);

        var again = PackConfigService.Plan(PackConfigService.Load(Settings(), state.Pack), new Dictionary<string, object?> { ["a"] = "1" }, replace: false);

        Assert.False(again.Changed);
        PackConfigService.Apply(state, again);
        Assert.Equal(written, File.GetLastWriteTimeUtc(state.Path));
    }

    [Fact]
    public void An_invalid_change_leaves_the_file_byte_identical()
    {
        var state = Pack("port: {type: integer}\nname: {type: string, required: true}\n");
        PackConfigService.Apply(state, PackConfigService.Plan(state, new Dictionary<string, object?> { ["name"] = "n", ["port"] = 1L }, false));
        var before = File.ReadAllBytes(state.Path);
        var loaded = PackConfigService.Load(Settings(), state.Pack);

        var bad = PackConfigService.Plan(loaded, new Dictionary<string, object?> { ["port"] = "eighty" }, false);
        var e = Assert.Throws<ConfigValidationException>(() => PackConfigService.Apply(loaded, bad));
        Assert.Equal("ConfigInvalid", e.ErrorId);
        Assert.Contains("'port' must be an integer", e.Message);
        Assert.Equal(before, File.ReadAllBytes(state.Path));

        var missing = PackConfigService.Plan(loaded, new Dictionary<string, object?>(), replace: true);
        Assert.Equal("ConfigValueRequired", Assert.Throws<ConfigValidationException>(() => PackConfigService.Apply(loaded, missing)).ErrorId);
        Assert.Equal(before, File.ReadAllBytes(state.Path));
    }

    [Fact]
    public void A_broken_config_file_is_ConfigUnreadable_with_its_line()
    {
        var path = _temp.Write("configs/bad.yaml", "a: 1\nb: [x\n");
        var e = Assert.Throws<StackPackException>(() => ConfigFileStore.Read(path));
        Assert.Equal("ConfigUnreadable", e.ErrorId);
        Assert.Contains("line", e.Message);
    }

    [Fact]
    public void Value_files_may_be_json_or_yaml()
    {
        Assert.Equal(5L, ConfigFileStore.ReadInput(_temp.Write("v.json", "{\"port\": 5, \"tags\": [\"a\"]}"))["port"]);
        Assert.Equal("x", ConfigFileStore.ReadInput(_temp.Write("v.yaml", "name: x\n"))["name"]);
        Assert.Equal("InvalidConfigInput", Assert.Throws<StackPackException>(() => ConfigFileStore.ReadInput(_temp.Write("bad.json", "[1]"))).ErrorId);
    }
}
