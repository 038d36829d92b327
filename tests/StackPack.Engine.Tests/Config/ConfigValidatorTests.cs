using StackPack.Engine.Config;
using StackPack.Engine.Tests.Support;

namespace StackPack.Engine.Tests.Config;

public class ConfigValidatorTests : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    private ConfigSchema Schema(string yaml) => ConfigSchemaReader.Read(_temp.Write($"{Guid.NewGuid():N}.yaml", yaml));

    private static Dictionary<string, object?> Values(string yaml) =>
        (Dictionary<string, object?>)StackPack.Engine.Yaml.YamlPlainValues.ToPlain(StackPack.Engine.Yaml.YamlDocumentReader.ReadText(yaml, "v.yaml").Root)!;

    [FixtureTheory]
    [InlineData("github/tests/fixtures/full.yaml", "")]
    [InlineData("github/tests/fixtures/full-enterprise.yaml", "")]
    [InlineData("github/tests/fixtures/blank.yaml", "")]               // every required attribute has a default
    [InlineData("jira/tests/fixtures/full_auth_passwd.yaml", "")]
    [InlineData("jira/tests/fixtures/blank.yaml", "url,project")]     // required, no default: the pack's own test of a missing config
    [InlineData("cloudflare/tests/fixtures/config_good.yaml", "")]
    [InlineData("cloudflare/tests/fixtures/config_blank.yaml", "")]
    [InlineData("slack/tests/fixtures/config_token.yaml", "")]
    [InlineData("slack/tests/fixtures/config_blank.yaml", "")]
    [InlineData("orion/tests/fixtures/configs/full.yaml", "")]
    [InlineData("orion/tests/fixtures/configs/blank.yaml", "orion_host,orion_user,orion_password,snmp_default")]
    public void Real_configs_validate_against_their_real_schemas_or_miss_what_they_should(string config, string missing)
    {
        var pack = config.Split('/')[0];
        var schema = ConfigSchemaReader.Read(Fixtures.Path("packs", pack, "config.schema.yaml"));
        var problems = ConfigValidator.Validate(ConfigFileStore.Read(Fixtures.Path("configs", config)), schema);
        Assert.Equal(missing, string.Join(",", problems.Select(p => p.Path)));
        Assert.All(problems, p => Assert.Equal(ConfigProblemKind.Required, p.Kind));
    }

    [Fact]
    public void Defaults_fill_missing_and_null_values_before_validation()
    {
        var schema = Schema("port: {type: integer, required: true, default: 22}\nname: {type: string, required: true, default: x}\n");
        Assert.Empty(ConfigValidator.Validate(Values("name: null\n"), schema));
    }

    [Fact]
    public void Extra_top_level_keys_are_allowed_but_nested_additionalProperties_false_is_enforced()
    {
        var schema = Schema("sensor:\n  type: object\n  additionalProperties: false\n  properties:\n    token: {type: string}\n");
        Assert.Empty(ConfigValidator.Validate(Values("unknown: 1\nsensor: {token: t}\n"), schema));
        var problem = Assert.Single(ConfigValidator.Validate(Values("sensor: {token: t, other: 2}\n"), schema));
        Assert.Equal("sensor.other", problem.Path);
        Assert.Contains("not allowed", problem.Rule);
    }

    [Fact]
    public void Required_is_enforced_at_every_depth_including_arrays_of_objects()
    {
        var schema = Schema("""
            outer:
              type: object
              properties:
                inner: {type: string, required: true}
                list:
                  type: array
                  items:
                    type: object
                    properties:
                      user: {type: string, required: true}
                      name: {type: string, required: true}
            """);
        var problems = ConfigValidator.Validate(Values("outer:\n  list:\n    - {user: a, name: b}\n    - {user: c}\n"), schema);
        Assert.Equal(["outer.inner", "outer.list[1].name"], problems.Select(p => p.Path).Order());
        Assert.All(problems, p => Assert.Equal(ConfigProblemKind.Required, p.Kind));
    }

    [Fact]
    public void Optional_attributes_accept_null_and_required_ones_do_not()
    {
        var schema = Schema("opt: {type: string}\nreq: {type: string, required: true}\n");
        Assert.Equal(["req"], ConfigValidator.Validate(Values("opt: null\nreq: null\n"), schema).Select(p => p.Path));
    }

    [Fact]
    public void Type_and_enum_errors_name_the_path_the_rule_and_the_value()
    {
        var schema = Schema("port: {type: integer}\nmode: {type: string, enum: [a, b]}\n");
        var problems = ConfigValidator.Validate(Values("port: abc\nmode: c\n"), schema).OrderBy(p => p.Path).ToList();
        Assert.Equal("mode", problems[0].Path);
        Assert.Contains("one of", problems[0].Rule);
        Assert.Equal("\"c\"", problems[0].Value);
        Assert.Equal("port", problems[1].Path);
        Assert.Contains("integer", problems[1].Rule);
        Assert.Equal("\"abc\"", problems[1].Value);
    }

    [Fact]
    public void Secret_values_are_masked_in_problems()
    {
        var schema = Schema("pin: {type: integer, secret: true}\n");
        var problem = Assert.Single(ConfigValidator.Validate(Values("pin: not-a-number-SECRET\n"), schema));
        Assert.Equal(ConfigValues.Mask, problem.Value);
        Assert.DoesNotContain("SECRET", problem.ToString());
    }

    [Fact]
    public void Jinja_expressions_are_accepted_for_any_type_at_any_depth()
    {
        var schema = Schema("""
            port: {type: integer, required: true}
            verify: {type: boolean}
            hosts: {type: array, items: {type: integer}}
            nested:
              type: object
              properties:
                count: {type: integer, required: true}
            """);
        var values = Values("port: '{{ st2kv.system.port }}'\nverify: '{% if x %}true{% endif %}'\nhosts: [1, '{{ st2kv.system.h }}', 3]\nnested: {count: '{{ st2kv.system.c }}'}\n");
        Assert.Empty(ConfigValidator.Validate(values, schema));
        Assert.Single(ConfigValidator.Validate(Values("port: 1\nhosts: [1, x]\nnested: {count: 2}\n"), schema));
    }

    [Fact]
    public void Decrypt_kv_on_a_secret_is_refused_like_st2()
    {
        var schema = Schema("token: {type: string, secret: true}\n");
        var problem = Assert.Single(ConfigValidator.Validate(Values("token: '{{ st2kv.system.t | decrypt_kv }}'\n"), schema));
        Assert.Contains("decrypt_kv", problem.Rule);
    }

    [Fact]
    public void Pattern_properties_with_a_ref_to_a_sibling_validate_each_entry()
    {
        var schema = Schema("defaults:\n  type: object\n  properties:\n    host: {type: string, required: true}\nsites:\n  type: object\n  patternProperties:\n    '^\\w+$':\n      $ref: '#/properties/defaults'\n");
        Assert.Empty(ConfigValidator.Validate(Values("sites: {london: {host: a}}\n"), schema));
        Assert.Equal("sites.paris.host", Assert.Single(ConfigValidator.Validate(Values("sites: {paris: {}}\n"), schema)).Path);
    }

    [Fact]
    public void Jinja_inside_a_pattern_entry_counts_for_a_required_value_of_that_entry_only()
    {
        var schema = Schema("defaults:\n  type: object\n  properties:\n    host: {type: string, required: true}\n    port: {type: integer}\nsites:\n  type: object\n  patternProperties:\n    '^\\w+$':\n      $ref: '#/properties/defaults'\n");
        var values = Values("defaults: {host: '{{ st2kv.system.default_host }}'}\nsites:\n  paris: {host: '{{ st2kv.system.paris }}', port: '{{ st2kv.system.port }}'}\n  london: {port: 1}\n");

        var problem = Assert.Single(ConfigValidator.Validate(values, schema));

        Assert.Equal("sites.london.host", problem.Path);
        Assert.Equal(ConfigProblemKind.Required, problem.Kind);
    }

    [Fact]
    public void A_schema_that_refers_to_itself_validates_by_the_data_it_has()
    {
        var schema = Schema("node:\n  type: object\n  properties:\n    name: {type: string, required: true}\n    child: {$ref: '#/properties/node'}\n");
        Assert.Empty(ConfigValidator.Validate(Values("node: {name: a, child: {name: b, child: {name: c}}}\n"), schema));
        Assert.Equal("node.child.name", Assert.Single(ConfigValidator.Validate(Values("node: {name: a, child: {}}\n"), schema)).Path);
    }

    [Fact]
    public void Every_matching_pattern_applies_to_an_entry_as_in_json_schema()
    {
        var schema = Schema("limits:\n  type: object\n  properties:\n    cpu_max: {type: integer}\n  patternProperties:\n    '_max$': {type: integer, minimum: 1}\n    '^cpu': {type: integer, maximum: 64}\n");
        Assert.Empty(ConfigValidator.Validate(Values("limits: {cpu_max: 8, mem_max: 2}\n"), schema));
        Assert.Equal(["limits.cpu_max", "limits.mem_max"], ConfigValidator.Validate(Values("limits: {cpu_max: 99, mem_max: 0}\n"), schema).Select(p => p.Path).Order());
    }

    [Fact]
    public void A_ref_cycle_is_refused_when_the_schema_is_read_instead_of_crashing_the_process()
    {
        var e = Assert.Throws<InvalidConfigSchemaException>(() => Schema("a: {$ref: '#/properties/b'}\nb: {$ref: '#/properties/a'}\n"));
        Assert.Contains("a -> b -> a", e.Message);
    }

    [Fact]
    public void Masking_hides_secrets_at_any_depth_including_inside_arrays_of_objects()
    {
        var schema = Schema("""
            token: {type: string, secret: true}
            port: {type: integer, secret: true}
            accounts:
              type: array
              items:
                type: object
                properties:
                  name: {type: string}
                  password: {type: string, secret: true}
            creds: {type: object, secret: true}
            """);
        var masked = ConfigValues.Masked(Values("token: t1\nport: 99\naccounts: [{name: a, password: p1}, {name: b, password: p2}]\ncreds: {k: v}\nplain: x\n"), schema);
        Assert.Equal(ConfigValues.Mask, masked["token"]);
        Assert.Equal(ConfigValues.Mask, masked["port"]);
        Assert.Equal(ConfigValues.Mask, masked["creds"]);
        var accounts = (List<object?>)masked["accounts"]!;
        Assert.Equal("a", ((Dictionary<string, object?>)accounts[0]!)["name"]);
        Assert.Equal(ConfigValues.Mask, ((Dictionary<string, object?>)accounts[1]!)["password"]);
        Assert.Equal("x", masked["plain"]);
        Assert.True(ConfigValues.IsSecretPath(schema, "accounts[1].password"));
        Assert.False(ConfigValues.IsSecretPath(schema, "accounts[1].name"));
    }

    [Fact]
    public void Runtime_defaults_keep_a_present_null_and_create_objects_for_nested_defaults()
    {
        var schema = Schema("a: {type: string, default: x}\nb: {type: string, default: y}\nsensor:\n  type: object\n  properties:\n    interval: {type: integer, default: 30}\n");
        var effective = ConfigValues.WithRuntimeDefaults(Values("b: null\n"), schema);
        Assert.Equal("x", effective["a"]);
        Assert.Null(effective["b"]);
        Assert.Equal(30L, ((Dictionary<string, object?>)effective["sensor"]!)["interval"]);
    }
}
