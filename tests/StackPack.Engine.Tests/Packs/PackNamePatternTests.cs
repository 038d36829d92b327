using StackPack.Engine.Packs;

namespace StackPack.Engine.Tests.Packs;

/// <summary>The wildcard matcher behind -Name patterns: PowerShell's wildcard language, case-insensitive.</summary>
public class PackNamePatternTests
{
    [Theory]
    [InlineData("op*", "opsgenie", true)]
    [InlineData("op*", "OPSGENIE", true)]
    [InlineData("op*", "github", false)]
    [InlineData("*", "", true)]
    [InlineData("*genie", "opsgenie", true)]
    [InlineData("*gen*e", "opsgenie", true)]
    [InlineData("o*s*e", "opsgenie", true)]
    [InlineData("o*s*x", "opsgenie", false)]
    [InlineData("a*a*a*a*b", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", false)]
    [InlineData("?ps", "ops", true)]
    [InlineData("?ps", "ps", false)]
    [InlineData("[a-c]*", "bitbucket", true)]
    [InlineData("[a-c]*", "Bitbucket", true)]
    [InlineData("[a-c]*", "github", false)]
    [InlineData("[xg]it*", "github", true)]
    [InlineData("[c-a]*", "bitbucket", true)]
    [InlineData("a[b", "a[b", true)]
    [InlineData("a`*", "a*", true)]
    [InlineData("a`*", "ab", false)]
    [InlineData("a[`]]b", "a]b", true)]
    [InlineData("hello stack*", "Hello StackStorm", true)]
    public void Matches_like_PowerShell_wildcards(string pattern, string text, bool expected) =>
        Assert.Equal(expected, new PackNamePattern(pattern).IsMatch(text));
}
