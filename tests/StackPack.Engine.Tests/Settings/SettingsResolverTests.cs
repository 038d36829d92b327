using StackPack.Engine.Settings;
using StackPack.Engine.Tests.Support;

namespace StackPack.Engine.Tests.Settings;

public class SettingsResolverTests : IDisposable
{
    private readonly TempFolder _temp = new();
    private readonly Dictionary<string, string> _variables = new();

    public void Dispose() => _temp.Dispose();

    private SettingsEnvironment Environment(string? systemConfig = null) => new()
    {
        GetVariable = name => _variables.TryGetValue(name, out var v) ? v : null,
        SystemConfigFile = systemConfig ?? _temp.Combine("etc", "st2", "st2.conf"),
        UserHome = _temp.Combine("user-home"),
    };

    private string Conf(string body, string name = "st2.conf") => _temp.Write(name, body);

    [Fact]
    public void Without_any_configuration_the_per_user_home_is_used_and_laid_out_like_a_base_path()
    {
        var settings = SettingsResolver.Resolve(null, Environment());

        Assert.Equal(SettingsSource.UserHome, settings.Source);
        Assert.True(settings.IsStackPackHome);
        Assert.Equal(_temp.Combine("user-home"), settings.BasePath);
        Assert.Equal([_temp.Combine("user-home", "packs")], settings.PacksBasePaths);
        Assert.Equal(_temp.Combine("user-home", "configs"), settings.ConfigsPath);
        Assert.Equal(_temp.Combine("user-home", "virtualenvs"), settings.VirtualEnvsPath);
        Assert.Equal([SettingsResolver.DefaultIndexUrl], settings.IndexUrls);
        Assert.False(Directory.Exists(settings.BasePath)); // resolving never creates anything
    }

    [Fact]
    public void STACKPACK_HOME_sets_the_home()
    {
        _variables["STACKPACK_HOME"] = _temp.Combine("custom");
        var settings = SettingsResolver.Resolve(null, Environment());
        Assert.Equal(SettingsSource.StackPackHomeVariable, settings.Source);
        Assert.Equal(_temp.Combine("custom", "packs"), settings.SystemPacksPath);
    }

    [Fact]
    public void Precedence_is_parameter_then_ST2_CONFIG_PATH_then_system_file_then_STACKPACK_HOME()
    {
        var system = Conf("[system]\nbase_path = /from/system\n", "system.conf");
        var fromVariable = Conf("[system]\nbase_path = /from/variable\n", "variable.conf");
        var fromParameter = Conf("[system]\nbase_path = /from/parameter\n", "parameter.conf");

        _variables["STACKPACK_HOME"] = _temp.Combine("home");
        Assert.Equal(SettingsSource.StackPackHomeVariable, SettingsResolver.Resolve(null, Environment()).Source);

        var withSystem = SettingsResolver.Resolve(null, Environment(system));
        Assert.Equal("/from/system", withSystem.BasePath);
        Assert.Contains("STACKPACK_HOME", Assert.Single(withSystem.Notes)); // the ignored home is pointed out

        _variables["ST2_CONFIG_PATH"] = fromVariable;
        Assert.Equal("/from/variable", SettingsResolver.Resolve(null, Environment(system)).BasePath);

        var settings = SettingsResolver.Resolve(fromParameter, Environment(system));
        Assert.Equal("/from/parameter", settings.BasePath);
        Assert.Equal(SettingsSource.ConfigFileParameter, settings.Source);
        Assert.Equal(fromParameter, settings.ConfigFile);
    }

    [Fact]
    public void St2_defaults_apply_when_the_file_sets_nothing()
    {
        var settings = SettingsResolver.Resolve(Conf("[system]\n"), Environment());
        Assert.Equal("/opt/stackstorm", settings.BasePath);
        Assert.Equal("/opt/stackstorm/packs", settings.SystemPacksPath);
        Assert.Equal(["/opt/stackstorm/packs"], settings.PacksBasePaths);
        Assert.Equal("/opt/stackstorm/configs", settings.ConfigsPath);
        Assert.Equal("/opt/stackstorm/virtualenvs", settings.VirtualEnvsPath);
        Assert.Equal([SettingsResolver.DefaultIndexUrl], settings.IndexUrls);
    }

    [Fact]
    public void Packs_base_paths_put_the_system_path_first_and_drop_duplicates_and_empty_entries()
    {
        var settings = SettingsResolver.Resolve(Conf(
            "[system]\nbase_path = /srv/st2\n[content]\nsystem_packs_base_path = /srv/system-packs\n" +
            "packs_base_paths = /srv/more::/srv/system-packs:/srv/more:/srv/other:\n"), Environment());
        Assert.Equal(["/srv/system-packs", "/srv/more", "/srv/other"], settings.PacksBasePaths);
        Assert.Equal("/srv/st2/configs", settings.ConfigsPath);
    }

    [Fact]
    public void Index_urls_are_comma_separated_and_python_and_api_are_read()
    {
        var settings = SettingsResolver.Resolve(Conf(
            "[content]\nindex_url = https://a/index.json, file:///mirror/index.json,\n" +
            "[actionrunner]\npython_binary = /usr/bin/python3.11\n[api]\nbase_url = https://st2.example/api\n"), Environment());
        Assert.Equal(["https://a/index.json", "file:///mirror/index.json"], settings.IndexUrls);
        Assert.Equal("/usr/bin/python3.11", settings.PythonBinary);
        Assert.Equal("https://st2.example/api", settings.ApiUrl);
    }

    [Fact]
    public void STACKPACK_INDEX_URL_overrides_the_index_list_in_a_home_and_in_st2_conf()
    {
        _variables["STACKPACK_INDEX_URL"] = "file:///mirror/index.json, https://b/index.json";
        Assert.Equal(["file:///mirror/index.json", "https://b/index.json"], SettingsResolver.Resolve(null, Environment()).IndexUrls);
        Assert.Equal(["file:///mirror/index.json", "https://b/index.json"],
            SettingsResolver.Resolve(Conf("[content]\nindex_url = https://a/index.json\n"), Environment()).IndexUrls);
    }

    [Fact]
    public void Index_tuning_comes_from_the_environment_or_the_stackpack_section()
    {
        var conf = Conf("[stackpack]\nindex_max_age = 120\nindex_timeout = 5\nindex_max_mb = 2\n");
        var settings = SettingsResolver.Resolve(conf, Environment());
        Assert.Equal(TimeSpan.FromMinutes(2), settings.IndexMaxAge);
        Assert.Equal(TimeSpan.FromSeconds(5), settings.IndexTimeout);
        Assert.Equal(2L * 1024 * 1024, settings.IndexMaxBytes);

        _variables["STACKPACK_INDEX_TIMEOUT"] = "7";
        Assert.Equal(TimeSpan.FromSeconds(7), SettingsResolver.Resolve(conf, Environment()).IndexTimeout);

        _variables["STACKPACK_INDEX_MAX_AGE"] = "soon";
        var e = Assert.Throws<StackPackException>(() => SettingsResolver.Resolve(conf, Environment()));
        Assert.Equal("InvalidSettings", e.ErrorId);
        Assert.Contains("STACKPACK_INDEX_MAX_AGE", e.Message);
    }

    [Fact]
    public void A_missing_config_file_is_ConfigFileNotFound()
    {
        var e = Assert.Throws<StackPackException>(() => SettingsResolver.Resolve(_temp.Combine("nope.conf"), Environment()));
        Assert.Equal("ConfigFileNotFound", e.ErrorId);
        Assert.Equal(ErrorKind.NotFound, e.Kind);
        Assert.Contains("nope.conf", e.Message);
    }

    [Fact]
    public void A_missing_ST2_CONFIG_PATH_file_names_the_variable()
    {
        _variables["ST2_CONFIG_PATH"] = _temp.Combine("gone.conf");
        var e = Assert.Throws<StackPackException>(() => SettingsResolver.Resolve(null, Environment()));
        Assert.Contains("ST2_CONFIG_PATH", e.Message);
    }

    [Fact]
    public void A_base_path_that_is_a_file_is_InvalidSettings_naming_the_setting_and_file()
    {
        var file = _temp.Write("not-a-folder", "x");
        var conf = Conf($"[system]\nbase_path = {file}\n");
        var e = Assert.Throws<StackPackException>(() => SettingsResolver.Resolve(conf, Environment()));
        Assert.Equal("InvalidSettings", e.ErrorId);
        Assert.Contains("[system] base_path", e.Message);
        Assert.Contains(conf, e.Message);
    }

    [Fact]
    public void A_home_that_is_a_file_is_InvalidSettings()
    {
        _variables["STACKPACK_HOME"] = _temp.Write("home-file", "x");
        var e = Assert.Throws<StackPackException>(() => SettingsResolver.Resolve(null, Environment()));
        Assert.Equal("InvalidSettings", e.ErrorId);
    }

    [Fact]
    public void An_unparsable_config_file_is_InvalidSettings()
    {
        var e = Assert.Throws<StackPackException>(() => SettingsResolver.Resolve(Conf("garbage\n"), Environment()));
        Assert.Equal("InvalidSettings", e.ErrorId);
    }

    [Fact]
    public void An_st2_layout_uses_pack_group_defaulting_to_st2packs_and_a_StackPack_home_none()
    {
        Assert.Equal("st2packs", SettingsResolver.Resolve(Conf($"[system]\nbase_path = {_temp.Combine("st2")}\n", "a.conf"), Environment()).PackGroup);
        Assert.Equal("packers", SettingsResolver.Resolve(Conf($"[system]\nbase_path = {_temp.Combine("st2")}\n[content]\npack_group = packers\n", "b.conf"), Environment()).PackGroup);
        Assert.Null(SettingsResolver.Resolve(null, Environment()).PackGroup);
    }

    [Fact]
    public void St2s_group_is_st2_unless_the_environment_or_st2_conf_says_otherwise()
    {
        var conf = Conf($"[system]\nbase_path = {_temp.Combine("st2")}\n[stackpack]\nst2_group = stackstorm\n", "c.conf");
        Assert.Equal("st2", SettingsResolver.Resolve(null, Environment()).St2Group);
        Assert.Equal("stackstorm", SettingsResolver.Resolve(conf, Environment()).St2Group);
        _variables["STACKPACK_ST2_GROUP"] = "svc";
        Assert.Equal("svc", SettingsResolver.Resolve(conf, Environment()).St2Group);
    }
}
