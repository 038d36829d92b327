using StackPack.Engine.Git;
using Xunit;

namespace StackPack.Engine.Tests.Git;

public class GitErrorWordingTests
{
    [Theory]
    [InlineData("remote authentication required but no callback set", false, "the server asks for credentials, and none were given")]
    [InlineData("too many redirects or authentication replays", true, "the server rejected the credentials given")]
    [InlineData("unexpected http status code: 401", false, "the server asks for credentials, and none were given")]
    public void Credential_failures_say_what_the_server_wanted(string libgit2, bool given, string words)
    {
        var failure = GitErrorWording.Explain(libgit2, given);
        Assert.True(failure.IsAuthentication);
        Assert.Equal(words, failure.Words);
    }

    [Theory]
    [InlineData("unexpected http status code: 404", "there is no repository at this URL")]
    [InlineData("failed to resolve address for nohost.invalid: Name or service not known", "the host name could not be resolved")]
    [InlineData("failed to connect to 127.0.0.1: Connection refused", "the server refused the connection")]
    [InlineData("the server sent nothing for 5 seconds", "the server sent nothing for 5 seconds")]
    public void Known_failures_are_put_in_plain_words(string libgit2, string start)
    {
        var failure = GitErrorWording.Explain(libgit2, credentialsGiven: false);
        Assert.False(failure.IsAuthentication);
        Assert.StartsWith(start, failure.Words, StringComparison.Ordinal);
        Assert.DoesNotContain("libgit2", failure.Words, StringComparison.Ordinal);
    }

    [Fact]
    public void Unknown_text_is_passed_on_without_its_final_full_stop()
    {
        Assert.Equal("object not found - no match for id (abc)", GitErrorWording.Explain("object not found - no match for id (abc).", false).Words);
    }
}
