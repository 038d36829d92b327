using StackPack.Engine.Install;
using StackPack.Engine.Settings;
using StackPack.Engine.Tests.Support;

namespace StackPack.Engine.Tests.Install;

/// <summary>The whole install path on real git repositories made in temp folders.</summary>
public class InstallPlannerTests : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    /// <summary>The index that a git pack's dependencies are looked up in (a fetched pack may not name a local folder).</summary>
    private string? _index;

    private StackPackSettings Settings() => TestSettings.Home(_temp);

    private string Repo(string name, string[] versions, string extra = "") => TestRepos.Create(_temp, name, versions, extra);

    private List<InstallResult> Install(params string[] requests)
    {
        var settings = Settings();
        using var installer = new PackInstaller(settings, new InstallOptions
        {
            Requests = requests.Select(r => new InstallRequest(r)).ToList(),
            BaseDirectory = _temp.Path,
            SkipVirtualEnv = true,
            IndexUrls = _index is null ? null : [_index],
        }, CancellationToken.None);
        var plan = installer.Plan();
        return plan.Select(installer.Execute).ToList();
    }

    [Fact]
    public void Installs_upgrades_and_recognises_an_unchanged_pack()
    {
        var repo = Repo("alpha", ["1.0.0", "1.1.0"]);

        Assert.Equal(InstallAction.Installed, Install($"{repo}=1.0.0").Single().Action);
        var upgraded = Install(repo).Single();
        Assert.Equal((InstallAction.Upgraded, "1.1.0", "1.0.0"), (upgraded.Action, upgraded.Version, upgraded.PreviousVersion));
        Assert.Equal(InstallAction.Unchanged, Install(repo).Single().Action);
    }

    [Fact]
    public void Dependencies_come_first_and_conflicts_stop_everything()
    {
        var shared = Repo("shared", ["1.0.0", "2.0.0"]);
        _index = TestIndexes.Write(_temp, ("shared", shared));
        var one = Repo("one", ["1.0.0"], "dependencies: [\"shared=1.0.0\"]\n");
        var two = Repo("two", ["1.0.0"], "dependencies: [\"shared=2.0.0\"]\n");

        Assert.Equal(["shared", "one"], Install(one).Select(r => r.Ref));

        var e = Assert.ThrowsAny<StackPackException>(() => Install(two));
        Assert.Equal("DependencyConflict", e.ErrorId);
        Assert.Contains("installed at 1.0.0, but 'two' requires 2.0.0", e.Message);
        Assert.False(Directory.Exists(Path.Combine(Settings().SystemPacksPath, "two")));
    }

    [Fact]
    public void Two_pins_of_one_pack_conflict_whichever_comes_first()
    {
        var shared = Repo("shared", ["1.0.0", "2.0.0"]);
        _index = TestIndexes.Write(_temp, ("shared", shared));
        var needs = Repo("needs", ["1.0.0"], "dependencies: [\"shared=1.0.0\"]\n");

        Assert.Equal("DependencyConflict", Assert.ThrowsAny<StackPackException>(() => Install(needs, $"{shared}=2.0.0")).ErrorId);
        Assert.Equal("DependencyConflict", Assert.ThrowsAny<StackPackException>(() => Install($"{shared}=2.0.0", needs)).ErrorId);
        Assert.False(Directory.Exists(Path.Combine(Settings().SystemPacksPath, "shared")));
    }

    [Fact]
    public void A_pin_is_compared_with_the_version_a_request_brings()
    {
        var shared = Repo("shared", ["1.0.0", "2.0.0"]);
        _index = TestIndexes.Write(_temp, ("shared", shared));
        var needs = Repo("needs", ["1.0.0"], "dependencies: [\"shared=1.0.0\"]\n");

        var e = Assert.ThrowsAny<StackPackException>(() => Install(shared, needs)); // the default branch is 2.0.0
        Assert.Contains("to be installed at 2.0.0, but 'needs' requires 1.0.0", e.Message);
    }

    [Fact]
    public void A_failed_dependency_fails_its_dependants_only()
    {
        var ok = Repo("fine", ["1.0.0"]);
        var broken = Repo("needy", ["1.0.0"], "dependencies: [missing]\n");
        var index = TestIndexes.Write(_temp, ("missing", _temp.Combine("src", "missing")));
        var settings = Settings();
        using var installer = new PackInstaller(settings, new InstallOptions
        {
            Requests = [new InstallRequest(broken), new InstallRequest(ok)], BaseDirectory = _temp.Path, SkipVirtualEnv = true, IndexUrls = [index],
        }, CancellationToken.None);

        var plan = installer.Plan();

        Assert.Equal("GitFetchFailed", plan.Single(p => p.Ref.Contains("missing")).Failure!.ErrorId);
        Assert.Equal("DependencyFailed", plan.Single(p => p.Ref == "needy").Failure!.ErrorId);
        Assert.Null(plan.Single(p => p.Ref == "fine").Failure);
    }

    [Fact]
    public void The_installed_checkout_keeps_no_credentials_in_its_git_config()
    {
        var repo = Repo("plain", ["1.0.0"]);
        Install(repo);
        var config = File.ReadAllText(Path.Combine(Settings().SystemPacksPath, "plain", ".git", "config"));
        Assert.Contains(repo, config);
    }
}
