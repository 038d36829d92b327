using StackPack.Engine.Settings;
using StackPack.Engine.Tests.Support;

namespace StackPack.Engine.Tests.Settings;

/// <summary>Which groups an st2 host uses: [content] pack_group for packs, st2's group for configs.</summary>
public class HostGroupSettingsTests : IDisposable
{
    private readonly TempFolder _temp = new();
    private readonly Dictionary<string, string> _variables = new();

    public void Dispose() => _temp.Dispose();

    private StackPackSettings Resolve(string? conf) => SettingsResolver.Resolve(conf, new SettingsEnvironment
    {
        GetVariable = name => _variables.TryGetValue(name, out var v) ? v : null,
        SystemConfigFile = _temp.Combine("none.conf"),
        UserHome = _temp.Combine("user-home"),
    });

    [Fact]
    public void An_st2_layout_uses_pack_group_defaulting_to_st2packs_and_a_StackPack_home_none()
    {
        Assert.Equal("st2packs", Resolve(_temp.Write("a.conf", $"[system]\nbase_path = {_temp.Combine("st2")}\n")).PackGroup);
        Assert.Equal("packers", Resolve(_temp.Write("b.conf", $"[system]\nbase_path = {_temp.Combine("st2")}\n[content]\npack_group = packers\n")).PackGroup);
        Assert.Null(Resolve(null).PackGroup);
    }

    [Fact]
    public void St2s_group_is_st2_unless_the_environment_or_st2_conf_says_otherwise()
    {
        var conf = _temp.Write("c.conf", $"[system]\nbase_path = {_temp.Combine("st2")}\n[stackpack]\nst2_group = stackstorm\n");
        Assert.Equal("st2", Resolve(null).St2Group);
        Assert.Equal("stackstorm", Resolve(conf).St2Group);
        _variables["STACKPACK_ST2_GROUP"] = "svc";
        Assert.Equal("svc", Resolve(conf).St2Group);
    }
}
