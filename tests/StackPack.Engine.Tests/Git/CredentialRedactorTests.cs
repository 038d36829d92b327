using StackPack.Engine.Git;

namespace StackPack.Engine.Tests.Git;

public class CredentialRedactorTests
{
    [Theory]
    [InlineData("https://user:s3cret@github.com/o/r.git", "https://github.com/o/r.git")]
    [InlineData("https://ghp_TOKEN123@github.com/o/r", "https://github.com/o/r")]
    [InlineData("http://u:p@127.0.0.1:8080/r.git", "http://127.0.0.1:8080/r.git")]
    [InlineData("ssh://git:pw@host/o/r.git", "ssh://git@host/o/r.git")]
    [InlineData("ssh://git@host/o/r.git", "ssh://git@host/o/r.git")]
    [InlineData("git@github.com:o/r.git", "git@github.com:o/r.git")]
    [InlineData("/local/path/repo", "/local/path/repo")]
    [InlineData("https://gitlab.example/o/r.git?private_token=abc123", "https://gitlab.example/o/r.git?private_token=***")]
    public void Urls_lose_their_credentials(string url, string expected) =>
        Assert.Equal(expected, CredentialRedactor.RedactUrl(url));

    [Fact]
    public void Text_quoting_urls_and_known_secrets_is_redacted()
    {
        var text = "fatal: could not read from 'https://bob:hunter2@example.com/r.git' (token hunter2)";
        var redacted = CredentialRedactor.RedactText(text, ["hunter2"]);
        Assert.DoesNotContain("hunter2", redacted);
        Assert.Contains("https://example.com/r.git", redacted);
    }
}
