using StackPack.Engine.IO;

namespace StackPack.Engine.Tests.IO;

public class PathRulesTests
{
    [Fact]
    public void Case_rules_are_the_operating_systems()
    {
        Assert.Equal(OperatingSystem.IsWindows() || OperatingSystem.IsMacOS(), PathRules.IgnoreCase);
        Assert.Equal(PathRules.IgnoreCase, PathRules.Comparer.Equals("/srv/Packs", "/srv/packs"));
    }

    [Theory]
    [InlineData("/packs/foo/actions/a.py", "/packs/foo", true)]
    [InlineData("/packs/foo", "/packs/foo/", true)]
    [InlineData("/packs/foo2/a.py", "/packs/foo", false)]
    [InlineData("/packs/a.py", "/packs/foo", false)]
    public void IsUnder_needs_a_separator_after_the_folder(string path, string folder, bool under) =>
        Assert.Equal(under, PathRules.IsUnder(path, folder));

    [Fact]
    public void IsUnder_ignores_case_exactly_where_the_file_system_does()
    {
        Assert.Equal(PathRules.IgnoreCase, PathRules.IsUnder("/Packs/Foo/a.py", "/packs/foo"));
    }
}
