using StackPack.Engine.Packs;
using StackPack.Engine.Registration;
using StackPack.Engine.Settings;
using StackPack.Engine.Tests.Support;
using StackPack.Testing;

namespace StackPack.Engine.Tests.Registration;

public class RegistrationTests : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    private StackPackSettings Settings(params string[] extraBasePaths)
    {
        var home = _temp.Combine("home");
        return new StackPackSettings
        {
            Source = SettingsSource.StackPackHomeVariable, BasePath = home, SystemPacksPath = Path.Combine(home, "packs"),
            PacksBasePaths = [Path.Combine(home, "packs"), .. extraBasePaths], ConfigsPath = Path.Combine(home, "configs"),
            VirtualEnvsPath = Path.Combine(home, "virtualenvs"), StatePath = home, IndexUrls = [],
        };
    }

    private string Pack(string name, params (string File, string Content)[] files)
    {
        var path = TestPacks.WritePack(Settings().SystemPacksPath, name);
        foreach (var (file, content) in files)
        {
            _temp.Write(Path.GetRelativePath(_temp.Path, Path.Combine(path, file)), content);
        }

        return path;
    }

    private RegistrationOutcome Register(string name, RegisterOptions? options = null) =>
        PackRegistrar.Register(Settings(), PackLocator.Load(Path.Combine(Settings().SystemPacksPath, name), Settings().SystemPacksPath, Settings()),
            options ?? new RegisterOptions(), CancellationToken.None);

    private const string GoodAction = "name: run\nrunner_type: local-shell-cmd\nparameters:\n  cmd: {type: string, default: ls}\n";

    [Fact]
    public void A_config_schema_the_validator_cannot_use_fails_the_pack_even_with_no_config_file()
    {
        // 100 nested objects: the schema reads, but the JSON Schema validator refuses it. Found only by building the validator.
        var schema = new System.Text.StringBuilder();
        for (var level = 0; level < 100; level++)
        {
            var indent = new string(' ', level * 4);
            schema.Append(System.Globalization.CultureInfo.InvariantCulture, $"{indent}n{level}:\n{indent}  type: object\n{indent}  properties:\n");
        }

        schema.Append(new string(' ', 400)).Append("leaf: {type: integer}\n");
        Pack("deepschema", ("config.schema.yaml", schema.ToString()));
        Assert.False(File.Exists(Path.Combine(Settings().ConfigsPath, "deepschema.yaml")));

        var outcome = Register("deepschema");

        Assert.False(outcome.Succeeded);
        Assert.Contains(outcome.Errors, e => e.Message.Contains("nests deeper", StringComparison.Ordinal));
    }

    [FixtureFact]
    public void Every_real_pack_registers_with_the_counts_its_files_imply()
    {
        var settings = Settings(Fixtures.Path("packs"), Fixtures.Path("st2"));
        foreach (var pack in PackLocator.Scan(settings).Packs)
        {
            var outcome = PackRegistrar.Register(settings, pack, new RegisterOptions(), CancellationToken.None);
            Assert.True(outcome.Succeeded, $"{pack.Ref}: {string.Join("; ", outcome.Errors)}");
            Assert.Equal(pack.Content.Actions, outcome.Registration!.Count(ContentType.Action));
            Assert.Equal(pack.Content.Rules, outcome.Registration.Count(ContentType.Rule));
            Assert.Equal(pack.Content.Aliases, outcome.Registration.Count(ContentType.Alias));
            Assert.Equal(pack.Content.Policies, outcome.Registration.Count(ContentType.Policy));
            Assert.Equal(pack.Content.Sensors, outcome.Registration.Count(ContentType.Sensor));
            // The fixtures hold metadata only, no code: missing entry points are warnings, as st2 registers them.
            Assert.All(outcome.Warnings.Where(w => w.Field == "entry_point"), w => Assert.Contains("does not exist", w.Message));
        }
    }

    [FixtureFact]
    public void Real_defaults_of_the_wrong_type_are_registered_with_a_precise_warning()
    {
        var settings = Settings(Fixtures.Path("packs"));
        var slack = PackLocator.Scan(settings).Packs.Single(p => p.Ref == "slack");
        var outcome = PackRegistrar.Register(settings, slack, new RegisterOptions(), CancellationToken.None);
        Assert.Contains(outcome.Warnings, w => w.File == Path.Combine("actions", "admin.users.assign.yaml") && w.Field == "parameters.is_restricted" && w.Message.Contains("not a boolean"));
    }

    [Fact]
    public void Records_every_item_with_its_key_fields_file_and_enabled_state()
    {
        Pack("demo",
            ("actions/run.yaml", GoodAction),
            ("actions/config.yaml", "not: an action\n"),
            ("actions/workflows/flow.yaml", "version: 1.0\n"),
            ("rules/on_hook.yaml", "name: on_hook\ntrigger: {type: core.st2.webhook}\naction: {ref: demo.run}\n"),
            ("sensors/watch.yaml", "class_name: Watcher\nentry_point: watch.py\ntrigger_types:\n  - name: changed\n"),
            ("aliases/say.yaml", "name: say\naction_ref: demo.run\nformats: ['say {{cmd}}']\n"),
            ("policies/limit.yaml", "name: limit\nresource_ref: demo.run\npolicy_type: action.concurrency\n"),
            ("triggers/tick.yaml", "name: tick\n"));

        var registration = Register("demo").Registration!;

        Assert.Equal(["demo.run"], registration.Items.Where(i => i.Type == ContentType.Action).Select(i => i.Ref));
        var rule = registration.Items.Single(i => i.Type == ContentType.Rule);
        Assert.False(rule.Enabled); // st2's default for rules
        Assert.Equal("core.st2.webhook", rule.Fields["trigger"]);
        Assert.Equal(["demo.changed", "demo.tick"], registration.Items.Where(i => i.Type == ContentType.Trigger).Select(i => i.Ref).Order());
        Assert.Equal(Path.Combine("sensors", "watch.yaml"), registration.Items.Single(i => i.Type == ContentType.Sensor).File);
        Assert.Contains("actions/workflows/flow.yaml", registration.Files);
    }

    [Theory]
    [InlineData("name: x\nrunner_type: teleport\n", "runner_type", "unknown runner type")]
    [InlineData("runner_type: local-shell-cmd\n", "name", "required")]
    [InlineData("name: x\nrunner_type: noop\npack: other\n", "pack", "field \"pack\" is different")]
    [InlineData("name: x\nrunner_type: noop\nbogus: 1\n", "bogus", "was unexpected")]
    [InlineData("name: x\nrunner_type: noop\nparameters:\n  p: {type: string, format: uri}\n", "parameters.p", "'format' was unexpected")]
    [InlineData("name: x\nrunner_type: noop\nparameters:\n  a: {type: string, position: 0}\n  b: {type: string, position: 0}\n", "parameters.b", "position 0")]
    [InlineData("name: x\nrunner_type: noop\nenabled: maybe\n", "enabled", "true or false")]
    public void Actions_st2_refuses_are_refused_with_file_line_and_reason(string yaml, string field, string reason)
    {
        Pack("bad", ("actions/x.yaml", yaml));
        var outcome = Register("bad");
        Assert.False(outcome.Succeeded);
        var error = Assert.Single(outcome.Errors);
        Assert.Equal(Path.Combine("actions", "x.yaml"), error.File);
        Assert.Equal(field, error.Field);
        Assert.Contains(reason, error.Message);
        Assert.True(error.Line > 0);
    }

    [Fact]
    public void Missing_entry_points_register_with_a_warning_like_st2()
    {
        Pack("flows", ("actions/flow.yaml", "name: flow\nrunner_type: orquesta\nentry_point: workflows/flow.yaml\n"));
        var outcome = Register("flows");
        Assert.True(outcome.Succeeded);
        Assert.Contains(outcome.Warnings, w => w.Field == "entry_point" && w.Fix.Contains("actions/workflows/"));
    }

    [Fact]
    public void Registering_again_sees_a_file_rewritten_with_the_same_size_and_time()
    {
        // A session registers again after every change: what it reuses must follow the bytes, not what stat says.
        var path = Pack("same", ("actions/run.yaml", "name: aaa\nrunner_type: local-shell-cmd\n"));
        var file = Path.Combine(path, "actions", "run.yaml");
        var written = File.GetLastWriteTimeUtc(file);
        Assert.Equal(["same.aaa"], Register("same").Registration!.Items.Select(i => i.Ref));

        File.WriteAllText(file, "name: bbb\nrunner_type: local-shell-cmd\n");
        File.SetLastWriteTimeUtc(file, written);
        Assert.Equal(["same.bbb"], Register("same").Registration!.Items.Select(i => i.Ref));

        File.WriteAllText(file, "name: bbb\nrunner_type: local-shell-cmx\n");
        File.SetLastWriteTimeUtc(file, written);
        Assert.Contains(Register("same").Errors, e => e.Field == "runner_type");
    }

    [Fact]
    public void Registering_again_sees_an_entry_point_added_or_removed_since()
    {
        var path = Pack("later", ("actions/flow.yaml", "name: flow\nrunner_type: orquesta\nentry_point: workflows/flow.yaml\n"));
        Assert.Contains(Register("later").Warnings, w => w.Field == "entry_point");

        _temp.Write(Path.GetRelativePath(_temp.Path, Path.Combine(path, "actions", "workflows", "flow.yaml")), "version: 1.0\n");
        Assert.DoesNotContain(Register("later").Warnings, w => w.Field == "entry_point");

        File.Delete(Path.Combine(path, "actions", "workflows", "flow.yaml"));
        Assert.Contains(Register("later").Warnings, w => w.Field == "entry_point");
    }

    [Fact]
    public void Duplicate_names_within_a_type_are_an_error_naming_both_files()
    {
        Pack("dupes", ("actions/a.yaml", GoodAction), ("actions/b.yaml", GoodAction));
        var error = Assert.Single(Register("dupes").Errors);
        Assert.Contains("action 'run'", error.Message);
        Assert.Contains("a.yaml", error.Message);
    }

    [Fact]
    public void Anchors_merge_keys_crlf_duplicate_keys_and_file_names_unlike_name_all_register()
    {
        Pack("messy", ("actions/some_file.yaml", "---\r\nbase: &b\r\n  runner_type: noop\r\n"[..0] + "name: other_name\r\n<<: {runner_type: noop}\r\nenabled: true\r\nenabled: false\r\n"));
        var outcome = Register("messy");
        Assert.True(outcome.Succeeded, string.Join("; ", outcome.Errors));
        var action = outcome.Registration!.Items.Single();
        Assert.Equal("messy.other_name", action.Ref);
        Assert.False(action.Enabled);
        Assert.Contains(outcome.Warnings, w => w.Message.Contains("duplicate key 'enabled'"));
    }

    [Fact]
    public void A_failure_keeps_the_previous_registration_and_ContinueOnError_registers_the_good_files()
    {
        Pack("keep", ("actions/good.yaml", GoodAction));
        var first = Register("keep").Registration!;
        Pack("keep", ("actions/broken.yaml", "name: broken\n"));

        Assert.False(Register("keep").Succeeded);
        Assert.Equal(first.RegisteredAt, new RegistryStore(Settings().StatePath).Read("keep")!.RegisteredAt);

        var partial = Register("keep", new RegisterOptions { ContinueOnError = true });
        Assert.True(partial.Succeeded);
        Assert.Equal(["keep.run"], partial.Registration!.Items.Select(i => i.Ref));
        Assert.Contains(partial.Warnings, w => w.File.EndsWith("broken.yaml", StringComparison.Ordinal));
    }

    [Fact]
    public void Content_deleted_from_the_pack_disappears_from_the_registry()
    {
        var path = Pack("shrink", ("actions/a.yaml", GoodAction), ("rules/r.yaml", "name: r\ntrigger: {type: t}\naction: {ref: shrink.run}\n"));
        Register("shrink");
        File.Delete(Path.Combine(path, "rules", "r.yaml"));

        var outcome = Register("shrink");

        Assert.Equal(["shrink.r"], outcome.Removed);
        Assert.DoesNotContain(new RegistryStore(Settings().StatePath).Read("shrink")!.Items, i => i.Type == ContentType.Rule);
    }

    [Fact]
    public void Registering_some_types_keeps_the_rest_of_the_record()
    {
        Pack("typed", ("actions/a.yaml", GoodAction), ("rules/r.yaml", "name: r\ntrigger: {type: t}\naction: {ref: typed.run}\n"));
        Register("typed");
        var outcome = Register("typed", new RegisterOptions { Types = new HashSet<ContentType> { ContentType.Action } });
        Assert.Empty(outcome.Removed);
        Assert.Equal(2, outcome.Registration!.Items.Count);
    }

    [Fact]
    public void An_invalid_config_fails_registration_and_a_valid_one_is_recorded()
    {
        var path = Pack("configured", ("config.schema.yaml", "port: {type: integer, required: true}\n"));
        _temp.Write(Path.GetRelativePath(_temp.Path, Path.Combine(Settings().ConfigsPath, "configured.yaml")), "port: abc\n");
        Assert.Contains(Register("configured").Errors, e => e.Message.Contains("Failed validating attribute \"port\""));
        File.WriteAllText(Path.Combine(Settings().ConfigsPath, "configured.yaml"), "port: 80\n");
        var registration = Register("configured").Registration!;
        Assert.True(registration.ConfigValid);
        Assert.Equal(["port"], registration.ConfigSchema);
        Assert.NotNull(path);
    }

    [Fact]
    public void The_registry_record_is_replaced_atomically_and_the_summary_tells_staleness()
    {
        var path = Pack("stale", ("actions/a.yaml", GoodAction));
        Register("stale");
        var settings = Settings();
        Assert.False(PackLocator.Load(path, settings.SystemPacksPath, settings).RegistrationStale);
        File.AppendAllText(Path.Combine(path, "actions", "a.yaml"), "description: changed\n");
        Assert.True(PackLocator.Load(path, settings.SystemPacksPath, settings).RegistrationStale);
        Assert.Empty(Directory.EnumerateFiles(new RegistryStore(settings.StatePath).Folder, "*.tmp"));
    }

    [Fact]
    public void The_StackStorm_api_gets_the_documented_request_with_the_auth_header()
    {
        using var server = new LoopbackHttpServer();
        server.Set("/api/v1/packs/register", 200, "{\"actions\": 3, \"rules\": 1, \"runners\": 14}");
        var counts = StackStormApiClient.Register(new StackStormApi(server.Url("/api"), "KEY-123", null), ["demo"],
            new HashSet<ContentType> { ContentType.Action, ContentType.Rule }, TimeSpan.FromSeconds(10), CancellationToken.None);

        Assert.Equal(3, counts["actions"]);
        var request = Assert.Single(server.Requests);
        Assert.Equal("POST", request.Method);
        Assert.Equal("KEY-123", request.Header("St2-Api-Key"));

        server.Set("/api/v1/packs/register", 401, "{\"faultstring\": \"Unauthorized - ApiKey with key_hash=x not found.\"}");
        var e = Assert.Throws<StackPackException>(() => StackStormApiClient.Register(new StackStormApi(server.Url("/api"), "BAD", null), ["demo"],
            new HashSet<ContentType>(), TimeSpan.FromSeconds(10), CancellationToken.None));
        Assert.Equal("StackStormAuthenticationFailed", e.ErrorId);
        Assert.Contains("ApiKey with key_hash", e.Message);
    }

    [Theory]
    [InlineData("https://st2.example/api", "https://st2.example/api/v1/packs/register")]
    [InlineData("https://st2.example/api/", "https://st2.example/api/v1/packs/register")]
    [InlineData("http://127.0.0.1:9101", "http://127.0.0.1:9101/v1/packs/register")]
    [InlineData("http://127.0.0.1:9101/v1", "http://127.0.0.1:9101/v1/packs/register")]
    public void The_endpoint_follows_from_the_api_url(string baseUrl, string endpoint) =>
        Assert.Equal(endpoint, StackStormApiClient.Endpoint(baseUrl).ToString());
}
