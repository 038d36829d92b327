using StackPack.Engine.Git;
using StackPack.Engine.Packs;
using StackPack.Engine.Sources;

namespace StackPack.Engine.Tests.Install;

/// <summary>Where a version starts in a source text, what a URL's credentials are, and full-match names (issue 9, item 14 and smaller).</summary>
public class SourceTextTests
{
    [Theory]
    [InlineData("sensu=1.0.2", "sensu", "1.0.2")]
    [InlineData("https://host/o/repo.git=v1.0", "https://host/o/repo.git", "v1.0")]
    [InlineData("https://host/o/repo.git?private_token=abc=def", "https://host/o/repo.git?private_token=abc=def", null)]
    [InlineData("https://host/o/repo.git?access_token=abc", "https://host/o/repo.git?access_token=abc", null)]
    [InlineData("https://host/o/repo.git=main?token=x=y", "https://host/o/repo.git?token=x=y", "main")]
    [InlineData("https://host/a=b/repo.git", "https://host/a=b/repo.git", null)]
    [InlineData("/srv/packs/foo=main", "/srv/packs/foo", "main")]
    public void A_version_follows_the_last_equals_sign_of_the_path_never_one_in_the_query(string text, string body, string? version)
    {
        Assert.Equal((body, version), SourceText.SplitVersion(text));
        var parsed = PackSource.Parse(text, null, "/");
        Assert.Equal(version, parsed.Version);
    }

    [Fact]
    public void A_dependency_url_with_a_query_names_its_repository()
    {
        Assert.Equal("foo", DependencyName.Of("https://host/o/stackstorm-foo.git?private_token=a=b"));
        Assert.Equal("foo", DependencyName.Of("https://host/o/stackstorm-foo.git=1.0.0"));
        Assert.Equal("bar", DependencyName.Of("bar=2.0.0"));
    }

    [Fact]
    public void A_raw_at_sign_in_a_password_and_query_values_are_split_out_of_the_url()
    {
        var remote = GitRemoteUrl.Parse("http://user:Pass@Word@host:8080/o/r.git?private_token=abc123&x=1", null);

        Assert.Equal("http://host:8080/o/r.git", remote.StoredUrl);
        Assert.Equal("?private_token=abc123&x=1", remote.Query);
        Assert.Equal(new GitCredentials("user", "Pass@Word"), remote.Credentials);
        Assert.Contains("abc123", remote.Secrets);
        Assert.Equal(new GitRemoteUrl("ssh://git@host/r.git", null, null), GitRemoteUrl.Parse("ssh://git@host/r.git", null));
    }

    [Theory]
    [InlineData("http://user:Pass@Word@host/r.git", "http://host/r.git")]
    [InlineData("https://a:b@c@d@host/r.git?x=1", "https://host/r.git?x=***")]
    [InlineData("ssh://git:pa@ss@host/r.git", "ssh://git@host/r.git")]
    [InlineData("https://host/r.git?private_token=abc&ref=main&flag", "https://host/r.git?private_token=***&ref=***&***")]
    [InlineData("https://host/r.git?token=abc#frag", "https://host/r.git?token=***#frag")]
    public void Redaction_takes_the_user_info_to_the_last_at_sign_and_masks_every_query_value(string url, string shown)
    {
        Assert.Equal(shown, CredentialRedactor.RedactUrl(url));
        Assert.DoesNotContain("Word", CredentialRedactor.RedactText($"fatal: unable to access '{url}/': 401"));
    }

    [Theory]
    [InlineData("abc\n", false)]
    [InlineData("abc", true)]
    [InlineData("abc\r\n", false)]
    public void A_ref_is_matched_whole_a_final_newline_included(string reference, bool valid)
    {
        Assert.Equal(valid, PackRules.IsValidRef(reference));
        Assert.Equal(valid, PackRules.IsValidVersion("1.0.0" + reference[3..]));
    }

    [Fact]
    public void A_pack_yaml_ref_with_a_trailing_newline_is_refused()
    {
        var folder = Path.Combine(Path.GetTempPath(), "stackpack-tests", Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(folder);
        try
        {
            var file = Path.Combine(folder, "pack.yaml");
            File.WriteAllText(file, "ref: \"abc\\n\"\nname: abc\ndescription: d\nversion: 1.0.0\nauthor: a\nemail: a@example.com\n");
            Assert.Equal("InvalidPackMetadata", Assert.Throws<InvalidPackMetadataException>(() => PackManifestReader.Read(file, null)).ErrorId);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
