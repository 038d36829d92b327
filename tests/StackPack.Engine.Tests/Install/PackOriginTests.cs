using StackPack.Engine.Install;
using Xunit;

namespace StackPack.Engine.Tests.Install;

public sealed class PackOriginTests
{
    [Theory]
    [InlineData("file:///srv/git/stackstorm-slack", "/srv/git/stackstorm-slack")]
    [InlineData("https://github.com/StackStorm-Exchange/stackstorm-aws.git", "https://github.com/stackstorm-exchange/stackstorm-aws")]
    [InlineData("https://user:secret@github.com/a/b.git/", "https://github.com/a/b")]
    public void An_origin_and_an_index_repo_url_naming_one_repository_are_the_same(string origin, string repoUrl) =>
        Assert.True(PackOrigin.Same(origin, repoUrl));

    [Theory]
    [InlineData("https://github.com/someone/stackstorm-aws", "https://github.com/StackStorm-Exchange/stackstorm-aws")]
    [InlineData("file:///srv/git/fork", "/srv/git/slack")]
    public void A_fork_is_not_the_index_repository(string origin, string repoUrl) =>
        Assert.False(PackOrigin.Same(origin, repoUrl));
}
