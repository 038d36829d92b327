using StackPack.Engine.IO;
using StackPack.Engine.Settings;

namespace StackPack.Engine.Tests.Settings;

/// <summary>packs_base_paths as st2common/content/utils.py get_packs_base_paths splits it.</summary>
public class St2PathListTests
{
    [Fact]
    public void Splits_on_colon_drops_empty_entries_and_duplicates_and_puts_the_system_path_first()
    {
        var paths = St2PathList.PacksBasePaths("/opt/stackstorm/packs", "/srv/a::/opt/stackstorm/packs:/srv/a:/srv/b:", windows: false);
        Assert.Equal(["/opt/stackstorm/packs", "/srv/a", "/srv/b"], paths);
    }

    [Fact]
    public void Splits_on_colon_on_Windows_too_not_on_the_path_separator()
    {
        // st2 never uses os.pathsep: a ';' is part of a path, on every OS.
        var paths = St2PathList.PacksBasePaths("/opt/stackstorm/packs", "/srv/a;/srv/b:/srv/c", windows: true);
        Assert.Equal(["/opt/stackstorm/packs", "/srv/a;/srv/b", "/srv/c"], paths);
    }

    [Fact]
    public void Keeps_entries_as_written_like_st2_which_does_not_trim()
    {
        var paths = St2PathList.PacksBasePaths("/p", "/srv/a: /srv/b", windows: false);
        Assert.Equal(["/p", "/srv/a", " /srv/b"], paths);
    }

    [Fact]
    public void On_Windows_rejoins_drive_letters_that_the_colon_split_apart()
    {
        var paths = St2PathList.PacksBasePaths(@"C:\StackStorm\packs", @"D:\more packs:E:/other:/srv/x", windows: true);
        Assert.Equal([@"C:\StackStorm\packs", @"D:\more packs", "E:/other", "/srv/x"], paths);
    }

    [Fact]
    public void Elsewhere_a_one_letter_entry_stays_a_relative_folder_as_st2_reads_it()
    {
        var paths = St2PathList.PacksBasePaths("/p", @"C:\x", windows: false);
        Assert.Equal(["/p", "C", @"\x"], paths);
    }

    [Fact]
    public void Duplicates_follow_the_operating_systems_case_rules()
    {
        var paths = St2PathList.PacksBasePaths("/srv/Packs", "/srv/packs", windows: false);
        Assert.Equal(PathRules.IgnoreCase ? ["/srv/Packs"] : new[] { "/srv/Packs", "/srv/packs" }, paths);
    }
}
