using StackPack.Engine.Git;
using StackPack.Engine.Install;
using StackPack.Engine.IO;
using StackPack.Engine.Sources;
using StackPack.Engine.Tests.Support;

namespace StackPack.Engine.Tests.Install;

public class SourcesAndChecksTests : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    [Theory]
    [InlineData("sensu", null, PackSourceKind.IndexName, "sensu", null)]
    [InlineData("sensu=1.0.2", null, PackSourceKind.IndexName, "sensu", "1.0.2")]
    [InlineData("sensu", "v2.0.0", PackSourceKind.IndexName, "sensu", "v2.0.0")]
    [InlineData("https://github.com/o/stackstorm-x.git", null, PackSourceKind.GitUrl, "https://github.com/o/stackstorm-x.git", null)]
    [InlineData("https://github.com/o/stackstorm-x.git=main", null, PackSourceKind.GitUrl, "https://github.com/o/stackstorm-x.git", "main")]
    [InlineData("git@github.com:o/x.git", null, PackSourceKind.GitUrl, "git@github.com:o/x.git", null)]
    [InlineData("ssh://git@host:2222/o/x.git=abc1234", null, PackSourceKind.GitUrl, "ssh://git@host:2222/o/x.git", "abc1234")]
    [InlineData("StackStorm-Exchange/stackstorm-sensu", null, PackSourceKind.GitUrl, "https://github.com/StackStorm-Exchange/stackstorm-sensu", null)]
    [InlineData("/srv/packs/mine", null, PackSourceKind.LocalFolder, "/srv/packs/mine", null)]
    [InlineData("file:///srv/packs/mine=v1.0.0", null, PackSourceKind.LocalFolder, "/srv/packs/mine", "v1.0.0")]
    public void Parses_every_form_st2_accepts(string text, string? version, PackSourceKind kind, string location, string? expectedVersion)
    {
        var source = PackSource.Parse(text, version, "/work");
        Assert.Equal(kind, source.Kind);
        Assert.Equal(location, source.Kind == PackSourceKind.IndexName ? source.Name : source.Location);
        Assert.Equal(expectedVersion, source.Version);
    }

    [Fact]
    public void Relative_folders_resolve_against_the_given_location()
    {
        Assert.Equal(Path.GetFullPath("/work/packs/mine"), PackSource.Parse("./packs/mine", null, "/work").Location);
    }

    [Fact]
    public void A_version_in_the_text_and_a_different_Version_parameter_conflict()
    {
        Assert.Equal("sensu", PackSource.Parse("sensu=1.0.0", "v1.0.0", "/").Name);
        var e = Assert.Throws<StackPackException>(() => PackSource.Parse("sensu=1.0.0", "2.0.0", "/"));
        Assert.Equal("InvalidPackSource", e.ErrorId);
    }

    [Theory]
    [InlineData("")]
    [InlineData("has space")]
    [InlineData("name=")]
    public void Nonsense_is_InvalidPackSource(string text) =>
        Assert.Equal("InvalidPackSource", Assert.Throws<StackPackException>(() => PackSource.Parse(text, null, "/")).ErrorId);

    [Fact]
    public void Credentials_in_a_source_never_show_in_its_display_or_errors()
    {
        var source = PackSource.Parse("https://bot:TOKEN123@git.example/o/r.git", null, "/");
        Assert.Equal("https://git.example/o/r.git", source.Display);
        var e = Assert.Throws<StackPackException>(() => PackSource.Parse("https://bot:TOKEN123@git.example/o/r.git=1=", null, "/"));
        Assert.DoesNotContain("TOKEN123", e.Message);
    }

    [Theory]
    [InlineData("core", "core")]
    [InlineData("powerpoint=0.2.2", "powerpoint")]
    [InlineData("https://github.com/StackStorm/stackstorm-ms.git", "ms")]
    [InlineData("https://github.com/StackStorm/stackstorm-ms.git=v1.0.0", "ms")]
    [InlineData("git@github.com:o/mypack.git", "mypack")]
    public void Dependency_entries_name_packs_as_st2_does(string entry, string name) =>
        Assert.Equal(name, DependencyName.Of(entry));

    [Theory]
    [InlineData("3.8.1", ">=3.0.0", true)]
    [InlineData("3.8.1", ">=3.0.0, <3.8.0", false)]
    [InlineData("3.8.1", ">3.8.1", false)]
    [InlineData("3.8.1", "==3.8.1", true)]
    [InlineData("3.8.1", "<<4.0.0", true)]
    [InlineData("2.10.0", ">=2.9.0,<3.0.0", true)]
    [InlineData("3.8.1", "all", true)]
    public void StackStorm_version_specs_are_checked_like_st2(string version, string spec, bool satisfied) =>
        Assert.Equal(satisfied, CompatibilityCheck.Satisfies(version, spec));

    [Fact]
    public void The_host_StackStorm_version_comes_from_st2common_when_it_is_installed()
    {
        _temp.Write("st2/lib/python3.8/site-packages/st2common/__init__.py", "__version__ = \"3.9dev\"\n");
        Assert.Equal("3.9.0", CompatibilityCheck.HostStackStormVersion(_temp.Path, _ => null));
        Assert.Equal("3.7.1", CompatibilityCheck.HostStackStormVersion(_temp.Path, n => n == "STACKPACK_ST2_VERSION" ? "3.7.1" : null));
        Assert.Null(CompatibilityCheck.HostStackStormVersion(_temp.Combine("nowhere"), _ => null));
    }

    [Fact]
    public void Credentials_come_out_of_https_urls_and_explicit_ones_win()
    {
        var (url, _, credentials) = GitRemoteUrl.Parse("https://bot:p%40ss@git.example/o/r.git", null);
        Assert.Equal("https://git.example/o/r.git", url);
        Assert.Equal(new GitCredentials("bot", "p@ss"), credentials);
        Assert.Equal("x", GitRemoteUrl.Parse("https://bot:p@git.example/r", new GitCredentials("x", "y")).Credentials!.Username);
        Assert.Equal(new GitRemoteUrl("git@host:o/r.git", null, null), GitRemoteUrl.Parse("git@host:o/r.git", null));
        Assert.DoesNotContain("p@ss", new GitCredentials("bot", "p@ss").ToString());
    }

    [Fact]
    public void A_pack_lock_is_exclusive_across_holders_and_names_its_holder()
    {
        var locks = _temp.Combine("locks");
        using (PackLock.Acquire(locks, "hello", TimeSpan.Zero, CancellationToken.None))
        {
            var e = Assert.Throws<StackPackException>(() => PackLock.Acquire(locks, "hello", TimeSpan.FromMilliseconds(300), CancellationToken.None));
            Assert.Equal("PackLocked", e.ErrorId);
            Assert.Contains($"process {Environment.ProcessId}", e.Message);
            using var other = PackLock.Acquire(locks, "other", TimeSpan.Zero, CancellationToken.None);
        }

        using var again = PackLock.Acquire(locks, "hello", TimeSpan.Zero, CancellationToken.None);
    }

    [Fact]
    public void Links_inside_the_pack_are_fine_and_links_outside_are_refused()
    {
        var pack = Path.GetDirectoryName(_temp.Write("pack/actions/real.yaml", "x"))!;
        File.CreateSymbolicLink(Path.Combine(pack, "alias.yaml"), "real.yaml");
        SafeContent.Check(_temp.Combine("pack"), "p");
        File.CreateSymbolicLink(Path.Combine(pack, "escape"), "../../../etc");
        Assert.Equal("UnsafePackContent", Assert.Throws<StackPackException>(() => SafeContent.Check(_temp.Combine("pack"), "p")).ErrorId);
    }

    [Fact]
    public void Staging_left_by_a_dead_process_is_removed_and_a_live_one_is_kept()
    {
        var root = _temp.Combine("packs", StagingArea.FolderName);
        Directory.CreateDirectory(Path.Combine(root, "999999-12345-deadbeef"));
        Directory.SetLastWriteTimeUtc(Path.Combine(root, "999999-12345-deadbeef"), DateTime.UtcNow.AddHours(-1)); // past the grace age
        Directory.CreateDirectory(Path.Combine(root, "424242-just-created")); // another process's, before it takes its lock
        using var live = StagingArea.Create(_temp.Combine("packs"));
        Assert.False(Directory.Exists(Path.Combine(root, "999999-12345-deadbeef")));
        Assert.True(Directory.Exists(Path.Combine(root, "424242-just-created")));
        StagingArea.RemoveStale(root);
        Assert.True(Directory.Exists(live.Path));
    }
}

public class VirtualEnvPythonTests : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void The_configured_python_binary_is_the_one_used_and_a_missing_one_fails_clearly()
    {
        var pack = Path.GetDirectoryName(_temp.Write("pack/actions/run.py", "print('hi')"))!;
        var plan = StackPack.Engine.VirtualEnvs.VirtualEnvManager.Plan(
            Path.GetDirectoryName(pack)!, "pyref", _temp.Combine("venvs"), _temp.Combine("no", "such", "python3"), force: false);
        var e = Assert.Throws<StackPackException>(() => StackPack.Engine.VirtualEnvs.VirtualEnvManager.Build(plan, "pyref", CancellationToken.None));

        Assert.Equal("VirtualEnvFailed", e.ErrorId);
        Assert.Contains("no/such/python3", e.Message.Replace('\\', '/'));
        Assert.Contains("python_binary", e.RecommendedAction);
        Assert.Empty(Directory.EnumerateFileSystemEntries(_temp.Combine("venvs")));
    }
}
