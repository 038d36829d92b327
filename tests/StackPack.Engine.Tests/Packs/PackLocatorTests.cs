using LibGit2Sharp;
using StackPack.Engine.Packs;
using StackPack.Engine.Settings;
using StackPack.Engine.Tests.Support;

namespace StackPack.Engine.Tests.Packs;

public class PackLocatorTests : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    private StackPackSettings Settings(params string[] extraBasePaths)
    {
        var system = _temp.Combine("base", "packs");
        return new StackPackSettings
        {
            Source = SettingsSource.ConfigFileParameter,
            ConfigFile = _temp.Combine("st2.conf"),
            BasePath = _temp.Combine("base"),
            SystemPacksPath = system,
            PacksBasePaths = [system, .. extraBasePaths],
            ConfigsPath = _temp.Combine("base", "configs"),
            VirtualEnvsPath = _temp.Combine("base", "virtualenvs"),
            StatePath = _temp.Combine("base", "stackpack"),
            IndexUrls = [],
        };
    }

    [Fact]
    public void Lists_packs_sorted_by_ref_and_skips_non_packs_hidden_folders_and_caches()
    {
        var settings = Settings();
        TestPacks.WritePack(settings.SystemPacksPath, "zeta");
        TestPacks.WritePack(settings.SystemPacksPath, "alpha");
        TestPacks.WritePack(settings.SystemPacksPath, ".staging-alpha");
        TestPacks.WritePack(settings.SystemPacksPath, "__pycache__");
        Directory.CreateDirectory(Path.Combine(settings.SystemPacksPath, "not_a_pack"));

        var scan = PackLocator.Scan(settings);

        Assert.Equal(["alpha", "zeta"], scan.Packs.Select(p => p.Ref));
        Assert.Empty(scan.Broken);
    }

    [Fact]
    public void The_first_base_path_wins_and_the_shadowed_copy_is_noted()
    {
        var extra = _temp.Combine("extra");
        var settings = Settings(extra);
        TestPacks.WritePack(settings.SystemPacksPath, "dup", TestPacks.ManifestYaml("dup", "1.0.0"));
        TestPacks.WritePack(extra, "dup", TestPacks.ManifestYaml("dup", "2.0.0"));
        TestPacks.WritePack(extra, "only_extra");

        var scan = PackLocator.Scan(settings);

        var dup = Assert.Single(scan.Packs, p => p.Ref == "dup");
        Assert.Equal("1.0.0", dup.Manifest.Version);
        Assert.Equal(settings.SystemPacksPath, dup.BasePath);
        Assert.Equal(extra, scan.Packs.Single(p => p.Ref == "only_extra").BasePath);
        Assert.Contains(scan.Notes, n => n.Contains("hidden") && n.Contains(extra));
    }

    [Fact]
    public void A_missing_base_path_is_a_note_not_a_failure()
    {
        var scan = PackLocator.Scan(Settings(_temp.Combine("nowhere")));
        Assert.Empty(scan.Packs);
        Assert.Contains(scan.Notes, n => n.Contains("nowhere"));
    }

    [Fact]
    public void A_broken_pack_is_reported_and_the_others_still_listed()
    {
        var settings = Settings();
        TestPacks.WritePack(settings.SystemPacksPath, "good");
        TestPacks.WritePack(settings.SystemPacksPath, "bad", "name: bad\nversion: 0.1\n");

        var scan = PackLocator.Scan(settings);

        Assert.Equal(["good"], scan.Packs.Select(p => p.Ref));
        var broken = Assert.Single(scan.Broken);
        Assert.Equal("bad", broken.DirectoryName);
        Assert.Equal("InvalidPackMetadata", broken.Error.ErrorId);
    }

    [Fact]
    public void Content_counts_follow_st2_discovery()
    {
        var settings = Settings();
        var pack = TestPacks.WritePack(settings.SystemPacksPath, "content");
        foreach (var file in new[] { "actions/a.yaml", "actions/b.yml", "actions/config.yaml", "actions/script.py", "actions/workflows/w.yaml",
                     "sensors/s.yaml", "rules/r1.yaml", "rules/r2.yaml", "aliases/x.yaml", "policies/p.yaml", "triggers/t.yaml" })
        {
            _temp.Write(Path.GetRelativePath(_temp.Path, Path.Combine(pack, file)), "name: x\n");
        }

        var counts = Assert.Single(PackLocator.Scan(settings).Packs).Content;

        Assert.Equal(new PackContentCounts(Actions: 2, Sensors: 1, Rules: 2, Aliases: 1, Policies: 1, Triggers: 1), counts);
    }

    [Fact]
    public void System_packs_config_files_and_schemas_are_detected()
    {
        var settings = Settings();
        var core = TestPacks.WritePack(settings.SystemPacksPath, "core");
        File.WriteAllText(Path.Combine(core, "config.schema.yaml"), "x: {type: string}\n");
        _temp.Write(Path.GetRelativePath(_temp.Path, Path.Combine(settings.ConfigsPath, "core.yaml")), "x: y\n");
        TestPacks.WritePack(settings.SystemPacksPath, "mine");

        var packs = PackLocator.Scan(settings).Packs.ToDictionary(p => p.Ref);

        Assert.True(packs["core"].IsSystem);
        Assert.True(packs["core"].HasConfigSchema);
        Assert.Equal(Path.Combine(settings.ConfigsPath, "core.yaml"), packs["core"].ConfigFile);
        Assert.False(packs["mine"].IsSystem);
        Assert.Null(packs["mine"].ConfigFile);
        Assert.Null(packs["mine"].Git);
    }

    [Fact]
    public void A_git_checkout_shows_its_origin_without_credentials_its_commit_branch_and_tag()
    {
        var settings = Settings();
        var pack = TestPacks.WritePack(settings.SystemPacksPath, "gitpack");
        Repository.Init(pack);
        string sha;
        using (var repository = new Repository(pack))
        {
            Commands.Stage(repository, "*");
            var signature = new Signature("Test", "test@example.com", DateTimeOffset.UnixEpoch);
            sha = repository.Commit("initial", signature, signature).Sha;
            repository.ApplyTag("v0.1.0");
            repository.Network.Remotes.Add("origin", "https://deploy:SUPERSECRET@git.example.com/o/stackstorm-gitpack.git");
        }

        var git = Assert.Single(PackLocator.Scan(settings).Packs).Git;

        Assert.NotNull(git);
        Assert.Equal("https://git.example.com/o/stackstorm-gitpack.git", git.Origin);
        Assert.Equal(sha, git.Commit);
        Assert.Equal("v0.1.0", git.Tag);
        Assert.NotNull(git.Branch);
    }

    [FixtureFact]
    public void All_real_fixture_packs_load_as_installed_packs()
    {
        var settings = Settings(Fixtures.Path("packs"), Fixtures.Path("st2"));
        var scan = PackLocator.Scan(settings);
        Assert.Empty(scan.Broken);
        Assert.Contains(scan.Packs, p => p.Ref == "github" && p.Content.Actions > 0 && p.HasConfigSchema);
        Assert.Contains(scan.Packs, p => p.Ref == "core" && p.IsSystem);
    }
}
