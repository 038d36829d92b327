using StackPack.Engine.Versions;

namespace StackPack.Engine.Tests.Versions;

public sealed class PackVersionTests
{
    [Theory]
    [InlineData("1.2.3", "v1.2.3")]
    [InlineData("V1.2.3", "1.2.3")]
    [InlineData("1.0.0-rc.1", "v1.0.0-rc.1")]
    [InlineData("main", "main")]
    [InlineData("a1b2c3d", "a1b2c3d")]
    public void The_same_version_in_st2s_forms_is_equal(string a, string b)
    {
        Assert.True(PackVersion.Same(a, b));
        Assert.Equal(PackVersion.Parse(a).GetHashCode(), PackVersion.Parse(b).GetHashCode());
    }

    [Theory]
    [InlineData("1.2.3", "1.2.4")]
    [InlineData("1.2.3", "1.2.3-beta")]
    [InlineData("main", "Main")]
    [InlineData("v1.2.3", "version-1.2.3")]
    [InlineData("1.2.3+build.1", "1.2.3+build.2")]
    [InlineData("", "1.2.3")]
    [InlineData("1.2.3", " ")]
    public void Different_versions_are_not_equal(string a, string b) => Assert.False(PackVersion.Same(a, b));

    [Fact]
    public void Semantic_versions_sort_by_precedence_not_by_text_and_references_sort_below_them()
    {
        var sorted = new[] { "v1.10.0", "1.9.0", "main", "2.0.0-rc.1", "2.0.0", "a1b2c3d", "v0.1.0" }
            .Select(PackVersion.Parse).OrderDescending().Select(v => v.Text).ToArray();

        Assert.Equal(new[] { "2.0.0", "2.0.0-rc.1", "v1.10.0", "1.9.0", "v0.1.0", "main", "a1b2c3d" }, sorted);
    }

    [Theory]
    [InlineData("1.2.3", true, false)]
    [InlineData("v1.2.3", true, false)]
    [InlineData("main", false, false)]
    [InlineData("feature/x", false, false)]
    [InlineData("a1b2c3d", false, true)]
    [InlineData("0123456789abcdef0123456789abcdef01234567", false, true)]
    [InlineData("1.2", false, false)]
    [InlineData("v", false, false)]
    public void Parse_tells_semantic_versions_from_references(string text, bool semantic, bool commit)
    {
        var version = PackVersion.Parse(text);
        Assert.Equal(semantic, version.IsSemantic);
        Assert.Equal(commit, version.LooksLikeCommit);
        Assert.Equal(text, version.Text);
        Assert.Equal(semantic, PackVersion.TryParseSemantic(text, out _));
    }

    [Theory]
    [InlineData("1.2.3", true)]
    [InlineData("0.1.0-alpha.1+build.5", true)]
    [InlineData("v1.2.3", false)]
    [InlineData("1.2", false)]
    [InlineData("1.2.3-Beta", false)]
    [InlineData("01.2.3", false)]
    [InlineData("1.2.3\n", false)]
    public void Manifest_versions_follow_st2s_strict_rule(string text, bool valid) =>
        Assert.Equal(valid, PackVersion.IsValidManifestVersion(text));

    [Fact]
    public void Normalized_drops_a_tags_v()
    {
        Assert.Equal("1.2.3", PackVersion.Parse("v1.2.3").Normalized);
        Assert.Equal("1.2.3-rc.1+b.2", PackVersion.Parse("v1.2.3-rc.1+b.2").Normalized);
        Assert.Equal("main", PackVersion.Parse("main").Normalized);
    }
}
