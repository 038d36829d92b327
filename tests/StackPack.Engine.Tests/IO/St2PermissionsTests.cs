using StackPack.Engine.Config;
using StackPack.Engine.IO;
using StackPack.Engine.Tests.Support;

namespace StackPack.Engine.Tests.IO;

/// <summary>Config files keep who may read them; packs get st2's group modes without following links.</summary>
public class St2PermissionsTests
{
    [Fact]
    public void A_rewritten_config_keeps_its_mode_and_a_new_one_is_owner_only_outside_st2s_group()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        using var temp = new TempFolder();
        var existing = temp.Write("configs/a.yaml", "x: 1\n");
        File.SetUnixFileMode(existing, (UnixFileMode)0b110_100_000); // 0640
        ConfigFileStore.Write(existing, "x: 2\n", st2Group: "no-such-group-stackpack");
        Assert.Equal((UnixFileMode)0b110_100_000, File.GetUnixFileMode(existing));
        Assert.Equal("x: 2\n", File.ReadAllText(existing));

        var created = temp.Combine("configs", "b.yaml");
        ConfigFileStore.Write(created, "y: 1\n", st2Group: "no-such-group-stackpack");
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(created));
        Assert.Empty(Directory.GetFiles(temp.Combine("configs"), ".*.tmp"));
    }

    [Fact]
    public void A_pack_gets_group_writable_modes_and_a_link_target_outside_it_is_never_changed()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        using var temp = new TempFolder();
        var victim = temp.Write("victim.txt", "keep my mode");
        File.SetUnixFileMode(victim, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        var file = temp.Write("pack/actions/a.yaml", "name: a\n");
        var script = temp.Write("pack/actions/run.sh", "#!/bin/sh\n");
        File.SetUnixFileMode(script, (UnixFileMode)0b111_101_101);
        File.CreateSymbolicLink(temp.Combine("pack", "link.txt"), victim);
        var ownGroup = FileSystemProbe.Lstat(temp.Path).GroupId;

        St2Permissions.ApplyPackGroup(temp.Combine("pack"), ownGroup);

        Assert.Equal((UnixFileMode)0b111_111_101, File.GetUnixFileMode(temp.Combine("pack")));
        Assert.Equal((UnixFileMode)0b111_111_101, File.GetUnixFileMode(temp.Combine("pack", "actions")));
        Assert.Equal((UnixFileMode)0b110_110_100, File.GetUnixFileMode(file));
        Assert.Equal((UnixFileMode)0b111_111_101, File.GetUnixFileMode(script));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(victim));
    }

    [Fact]
    public void A_group_that_does_not_exist_has_no_id()
    {
        Assert.Null(UnixOwnership.GroupId("no-such-group-stackpack"));
        if (OperatingSystem.IsLinux())
        {
            Assert.Equal(0u, UnixOwnership.GroupId("root"));
        }
    }
}
