using StackPack.Engine.Install;
using StackPack.Engine.Packs;
using StackPack.Engine.Settings;
using StackPack.Engine.Tests.Support;
using StackPack.Engine.VirtualEnvs;

namespace StackPack.Engine.Tests.Install;

/// <summary>Convergence, pins across the installed set, content in the plan and updates, on real git repositories.</summary>
public class ConvergenceTests : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    /// <summary>The index that a git pack's dependencies are looked up in (a fetched pack may not name a local folder).</summary>
    private string? _index;

    private StackPackSettings Settings() => TestSettings.Home(_temp);

    private string Repo(string name, string[] versions, string extra = "", string? action = null) =>
        TestRepos.Create(_temp, name, versions, extra, action is null ? null : new Dictionary<string, string> { ["actions/act.yaml"] = action });

    private List<InstallResult> Install(bool force, params string[] requests)
    {
        using var installer = Installer(force, requests);
        return installer.Plan().Select(installer.Execute).ToList();
    }

    private PackInstaller Installer(bool force, params string[] requests) => new(Settings(), new InstallOptions
    {
        Requests = requests.Select(r => new InstallRequest(r)).ToList(),
        BaseDirectory = _temp.Path,
        SkipVirtualEnv = true,
        Force = force,
        IndexUrls = _index is null ? null : [_index],
    }, CancellationToken.None);

    [Fact]
    public void A_pin_and_the_same_name_without_one_are_the_pin_in_either_order()
    {
        var requests = new[] { new InstallRequest("email"), new InstallRequest("email=2.0.2"), new InstallRequest("other") };
        Assert.Equal(["email=2.0.2", "other"], RequestMerge.PinsWin(requests, "/").Select(r => r.Text));
        Assert.Equal(["email=2.0.2", "other"], RequestMerge.PinsWin(requests.Reverse().ToList(), "/").Select(r => r.Text).Order());
        Assert.Equal(["email"], RequestMerge.PinsWin([new InstallRequest("email"), new InstallRequest("email", "v2")], "/").Select(r => r.Text));
    }

    [Fact]
    public void Moving_a_pack_an_installed_pack_pins_is_a_conflict_naming_both_unless_forced()
    {
        var shared = Repo("shared", ["1.0.0", "2.0.0"]);
        _index = TestIndexes.Write(_temp, ("shared", shared));
        var one = Repo("one", ["1.0.0"], "dependencies: [\"shared=1.0.0\"]\n");
        Install(false, one);

        var e = Assert.Throws<PlanRefusedException>(() => Install(false, $"{shared}=2.0.0"));
        Assert.Equal("DependencyConflict", e.ErrorId);
        Assert.Contains("'shared' is to be installed at 2.0.0, but the installed pack 'one' requires shared 1.0.0", e.Message);

        using var forced = Installer(true, $"{shared}=2.0.0");
        var plan = forced.Plan();
        Assert.Contains(plan.Single().Warnings, w => w.Contains("installed pack 'one'", StringComparison.Ordinal));
        Assert.Equal(InstallAction.Upgraded, forced.Execute(plan.Single()).Action);

        // The pack that pins it, run again, moves it back.
        var again = Install(false, one);
        Assert.Equal([("shared", InstallAction.Downgraded), ("one", InstallAction.Unchanged)], again.Select(r => (r.Ref, r.Action)));
    }

    [Fact]
    public void A_removed_dependency_of_an_installed_pack_comes_back()
    {
        var shared = Repo("shared", ["1.0.0"]);
        _index = TestIndexes.Write(_temp, ("shared", shared));
        var one = Repo("one", ["1.0.0"], "dependencies: [shared]\n");
        Install(false, one);
        Directory.Delete(Path.Combine(Settings().SystemPacksPath, "shared"), recursive: true);

        var again = Install(false, one);
        Assert.Equal([("shared", InstallAction.Installed), ("one", InstallAction.Unchanged)], again.Select(r => (r.Ref, r.Action)));
    }

    [Fact]
    public void Content_that_would_not_register_refuses_the_plan_before_anything_changes()
    {
        var good = Repo("good", ["1.0.0"]);
        var bad = Repo("bad", ["1.0.0"], action: "name: act\ndescription: no runner_type\n");

        var e = Assert.Throws<PlanRefusedException>(() => Install(false, good, bad));
        Assert.Equal("InvalidPackContent", e.ErrorId);
        Assert.Contains(Path.Combine("actions", "act.yaml"), e.Message);
        Assert.False(Directory.Exists(Path.Combine(Settings().SystemPacksPath, "good")));

        Assert.Equal(["good", "bad"], Install(true, good, bad).Select(r => r.Ref));
    }

    [Fact]
    public void Local_edits_are_found_without_following_links_and_bytecode_is_not_an_edit()
    {
        var repo = Repo("edited", ["1.0.0"], action: "name: act\nrunner_type: noop\n");
        Install(false, repo);
        var installed = Path.Combine(Settings().SystemPacksPath, "edited");
        Assert.Empty(PackDrift.LocalEditsOf(installed));

        Directory.CreateDirectory(Path.Combine(installed, "actions", "__pycache__"));
        File.WriteAllText(Path.Combine(installed, "actions", "__pycache__", "act.cpython-311.pyc"), "bytecode");
        Assert.Empty(PackDrift.LocalEditsOf(installed));

        File.Delete(Path.Combine(installed, "actions", "act.yaml"));
        File.CreateSymbolicLink(Path.Combine(installed, "actions", "act.yaml"), "/etc/passwd");
        File.WriteAllText(Path.Combine(installed, "extra.txt"), "new");
        Assert.Equal(["actions/act.yaml (modified)", "extra.txt (added)"], PackDrift.LocalEditsOf(installed));

        using var installer = Installer(false, repo);
        var step = installer.Plan().Single();
        Assert.Equal(InstallAction.Unchanged, step.Action);
        Assert.Equal(2, step.LocalEdits.Count);
    }

    [Fact]
    public void A_virtualenv_is_current_only_when_built_from_the_requirements_txt_there_now()
    {
        var settings = Settings();
        var pack = _temp.Combine("pack");
        Directory.CreateDirectory(pack);
        Assert.Equal(VirtualEnvState.NotNeeded, VirtualEnvManager.StateOf(pack, "p", settings.VirtualEnvsPath, null));

        File.WriteAllText(Path.Combine(pack, "requirements.txt"), "# none\n");
        Assert.Equal(VirtualEnvState.Missing, VirtualEnvManager.StateOf(pack, "p", settings.VirtualEnvsPath, null));

        // A folder without StackPack's recorded hash (st2 made it, or an interrupted build) is stale.
        Directory.CreateDirectory(Path.Combine(settings.VirtualEnvsPath, "p", "bin"));
        Assert.Equal(VirtualEnvState.Stale, VirtualEnvManager.StateOf(pack, "p", settings.VirtualEnvsPath, null));
    }

    [Fact]
    public void Updates_come_only_from_an_index_entry_with_the_packs_own_origin_and_stop_at_pins()
    {
        var hello = Repo("hello", ["1.0.0", "2.0.0", "3.0.0"]);
        var fork = Repo("forked", ["1.0.0"]);
        Install(false, $"{hello}=1.0.0", fork);
        TestPacks.WritePack(Settings().SystemPacksPath, "holder", TestPacks.ManifestYaml("holder", "1.0.0", "holder", "dependencies: [\"hello=2.0.0\"]\n"));
        var index = _temp.Write("index.json", $$"""
            {"packs": {
              "hello": {"name": "hello", "version": "3.0.0", "versions": ["1.0.0", "2.0.0", "3.0.0"], "repo_url": "{{hello}}", "description": "d", "author": "a"},
              "forked": {"name": "forked", "version": "9.0.0", "versions": ["9.0.0"], "repo_url": "{{hello}}", "description": "d", "author": "a"}
            }
            }
            """);

        var settings = Settings();
        var installed = PackLocator.Scan(settings).Packs;
        var updates = PackUpdates.Find(installed, installed, new IndexLookup(settings, _temp.Path, unconditional: false, CancellationToken.None), [index]);

        var update = Assert.Single(updates);
        Assert.Equal("hello", update.Pack.Ref);
        Assert.Equal("3.0.0", update.Latest!.Text);
        Assert.Equal("2.0.0", update.Allowed!.Text);
        Assert.Equal("holder", update.HeldBy);
        Assert.True(update.IsOutdated);
    }
}
