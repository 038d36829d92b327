using StackPack.Engine.Config;
using StackPack.Engine.Install;
using StackPack.Engine.IO;
using StackPack.Engine.Packs;
using StackPack.Engine.Registration;
using StackPack.Engine.Settings;
using StackPack.Engine.Tests.Support;
using StackPack.Engine.VirtualEnvs;

namespace StackPack.Engine.Tests.Hostile;

/// <summary>
/// Hostile trees (issue 9, items 1, 2, 5 and the file-system smaller items): links out, link
/// chains that only escape on the real file system, link loops, FIFOs, names that are not UTF-8,
/// linked pack folders, virtualenvs and configs. Every case is built for real; each shows the
/// refusal with its ErrorId and the file, within a generous hang guard, and a victim folder
/// outside the pack with the same checksums and modes after as before.
/// </summary>
public sealed class HostileTreeTests : IDisposable
{
    private static readonly TimeSpan HangGuard = TimeSpan.FromSeconds(60);
    private readonly TempFolder _temp = new();
    private readonly string _victim;
    private readonly string _before;

    public HostileTreeTests()
    {
        _victim = Victim.Create(_temp.Combine("victim"));
        _before = Victim.Listing(_victim);
    }

    public void Dispose()
    {
        // Every test ends by proving the victim untouched (the listing compares modes and content).
        Assert.Equal(_before, Victim.Listing(_victim));
        _temp.Dispose();
    }

    private StackPackSettings Settings() => TestSettings.Home(_temp);

    /// <summary>Runs on another thread so that a hang fails the test instead of stopping the run.</summary>
    private static T Within<T>(Func<T> work)
    {
        var task = Task.Run(work);
        Assert.True(task.Wait(HangGuard), $"did not return within {HangGuard.TotalSeconds} s (it hangs)");
        return task.Result;
    }

    /// <summary>A plain folder with a pack.yaml (and whatever the test adds).</summary>
    private string Folder(string name)
    {
        var folder = _temp.Combine("src", name);
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, "pack.yaml"), TestPacks.ManifestYaml(name, "1.0.0", name));
        return folder;
    }

    /// <summary>Commits the folder as a git repository (links are committed as links).</summary>
    private static string Commit(string folder)
    {
        Victim.Run("git", "-C", folder, "init", "-q");
        Victim.Run("git", "-C", folder, "add", "-A");
        Victim.Run("git", "-C", folder, "-c", "user.name=t", "-c", "user.email=t@example.com", "commit", "-qm", "release");
        return folder;
    }

    private (IReadOnlyList<PlannedPack> Plan, List<InstallResult> Results) Install(string source, bool preview = false) => Within(() =>
    {
        using var installer = new PackInstaller(Settings(), new InstallOptions
        {
            Requests = [new InstallRequest(source)], BaseDirectory = _temp.Path, SkipVirtualEnv = true, Preview = preview,
        }, CancellationToken.None);
        var plan = installer.Plan();
        return (plan, preview ? [] : plan.Where(p => p.Failure is null).Select(installer.Execute).ToList());
    });

    private StackPackException Refused(string source, bool preview = false)
    {
        var (plan, results) = Install(source, preview);
        Assert.Empty(results);
        var failure = Assert.Single(plan).Failure;
        Assert.NotNull(failure);
        return failure;
    }

    private void AssertNothingInstalled()
    {
        var packs = Settings().SystemPacksPath;
        Assert.True(!Directory.Exists(packs) || !Directory.EnumerateFileSystemEntries(packs).Any(), "something was left in the packs path");
    }

    // Item 1: cleanup never follows a link ---------------------------------------------------

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void A_repository_with_a_link_out_is_refused_and_its_cleanup_leaves_the_victim_alone(bool preview)
    {
        var repo = Folder("outlink");
        Directory.CreateSymbolicLink(Path.Combine(repo, "outlink"), _victim);
        Commit(repo);

        var error = Refused(repo, preview);

        Assert.Equal("UnsafePackContent", error.ErrorId);
        Assert.Contains($"outlink -> {_victim}", error.Message);
        Assert.Contains("is absolute", error.Message);
        AssertNothingInstalled();
    }

    [Fact]
    public void Removing_a_pack_folder_that_is_a_link_to_a_checkout_removes_the_link_only()
    {
        var checkout = Commit(Folder("linked"));
        var listing = Victim.Listing(checkout);
        Assert.Contains(".git", listing); // its objects are read-only (0444): a chmod would show
        var settings = Settings();
        Directory.CreateDirectory(settings.SystemPacksPath);
        var link = Path.Combine(settings.SystemPacksPath, "linked");
        Directory.CreateSymbolicLink(link, checkout);
        var venv = Path.Combine(settings.VirtualEnvsPath, "linked");
        Directory.CreateDirectory(settings.VirtualEnvsPath);
        Directory.CreateSymbolicLink(venv, _victim); // a linked virtualenv: removed as a link, never emptied

        var pack = PackLocator.Load(link, settings.SystemPacksPath, settings);
        Within(() =>
        {
            PackRemover.Remove(settings, pack, new RemoveOptions(), CancellationToken.None);
            return true;
        });

        Assert.Equal(FileKind.Missing, FileSystemProbe.Lstat(link).Kind);
        Assert.Equal(FileKind.Missing, FileSystemProbe.Lstat(venv).Kind);
        Assert.Equal(listing, Victim.Listing(checkout));
    }

    // Item 2: links are judged on the real file system ---------------------------------------

    /// <summary>
    /// The issue's chain: a20/s leads back to the pack's root, and esc climbs from s as many levels
    /// as its text walks down, so a textual check (GetFullPath) sees esc inside the pack while the
    /// kernel climbs from the real root to the victim.
    /// </summary>
    private string Chain()
    {
        var repo = Folder("chain");
        var levels = Enumerable.Range(1, 20).Select(i => $"a{i}").ToArray();
        var a20 = Path.Combine([repo, .. levels]);
        Directory.CreateDirectory(a20);
        Directory.CreateSymbolicLink(Path.Combine(a20, "s"), string.Join('/', Enumerable.Repeat("..", 20)));
        var down = string.Join('/', levels) + "/s";
        var up = string.Join('/', Enumerable.Repeat("..", 21)); // 21 up from s: the textual root, the real '/'
        var target = $"{down}/{up}{_victim}";
        Directory.CreateSymbolicLink(Path.Combine(repo, "esc"), target);

        // The input really is hostile: the kernel leads esc to the victim, a textual check keeps it inside.
        Assert.True(File.Exists(Path.Combine(repo, "esc", "sub", "c")), "the chain does not reach the victim here (is the temp folder 20+ levels deep?)");
        Assert.StartsWith(repo + Path.DirectorySeparatorChar, Path.GetFullPath(target, repo));
        return repo;
    }

    [Fact]
    public void The_chain_of_links_from_the_issue_is_refused_naming_the_link()
    {
        var repo = Commit(Chain());

        var error = Refused(repo);

        Assert.Equal("UnsafePackContent", error.ErrorId);
        Assert.Contains("esc -> a1/a2/", error.Message);
        Assert.Contains("climbs out", error.Message);
        AssertNothingInstalled();
    }

    [Fact]
    public void The_same_chain_in_a_local_folder_is_refused_before_anything_is_copied()
    {
        var error = Refused(Chain());

        Assert.Equal("UnsafePackContent", error.ErrorId);
        Assert.Contains("esc ->", error.Message);
        AssertNothingInstalled();
    }

    [Fact]
    public void A_pack_yaml_that_links_out_is_refused_before_it_is_read()
    {
        var repo = Folder("yamlout");
        File.Delete(Path.Combine(repo, "pack.yaml"));
        File.WriteAllText(Path.Combine(_temp.Path, "outside.yaml"), TestPacks.ManifestYaml("yamlout", "1.0.0", "yamlout"));
        File.CreateSymbolicLink(Path.Combine(repo, "pack.yaml"), "../../outside.yaml");

        var error = Refused(Commit(repo));

        Assert.Equal("UnsafePackContent", error.ErrorId);
        Assert.Contains("pack.yaml -> ../../outside.yaml", error.Message);
    }

    [Fact]
    public void Links_that_stay_inside_are_installed_and_links_in_a_cycle_are_refused()
    {
        var fine = Folder("inside");
        Directory.CreateDirectory(Path.Combine(fine, "actions", "lib"));
        File.WriteAllText(Path.Combine(fine, "actions", "lib", "x.txt"), "x");
        Directory.CreateSymbolicLink(Path.Combine(fine, "shared"), "actions/lib");
        File.CreateSymbolicLink(Path.Combine(fine, "again.txt"), "shared/../lib/../../actions/lib/x.txt");
        var (_, results) = Install(fine);
        Assert.Equal(InstallAction.Installed, Assert.Single(results).Action);

        var cycle = Folder("cycle");
        File.CreateSymbolicLink(Path.Combine(cycle, "x"), "y");
        File.CreateSymbolicLink(Path.Combine(cycle, "y"), "x");
        var error = Refused(cycle);
        Assert.Equal("UnsafePackContent", error.ErrorId);
        Assert.Contains("more than 40 links", error.Message);
    }

    // Item 5: loops and special files --------------------------------------------------------

    [Fact]
    public void A_link_loop_inside_a_pack_neither_hangs_install_nor_registration()
    {
        var folder = Folder("loop");
        Directory.CreateDirectory(Path.Combine(folder, "d", "e"));
        Directory.CreateSymbolicLink(Path.Combine(folder, "d", "e", "l1"), "..");
        Directory.CreateDirectory(Path.Combine(folder, "actions"));
        File.WriteAllText(Path.Combine(folder, "actions", "hello.yaml"), "name: hello\nrunner_type: local-shell-cmd\nenabled: true\n");
        File.WriteAllText(Path.Combine(folder, "actions", "hello.py"), "print('hi')\n");

        var result = Assert.Single(Install(folder).Results);
        Assert.Equal(InstallAction.Installed, result.Action);
        Assert.True(VirtualEnvManager.HasPythonContent(result.Path));

        var settings = Settings();
        var pack = PackLocator.Load(result.Path, settings.SystemPacksPath, settings);
        var outcome = Within(() => PackRegistrar.Register(settings, pack, new RegisterOptions(), CancellationToken.None));
        Assert.Empty(outcome.Errors);
        Assert.Contains("d/e/l1", outcome.Registration!.Files);
        Assert.False(Within(() => PackLocator.Scan(settings)).Packs.Single().RegistrationStale);
        File.SetLastWriteTimeUtc(Path.Combine(result.Path, "actions", "hello.py"), DateTime.UnixEpoch);
        Assert.True(Within(() => PackLocator.Scan(settings)).Packs.Single().RegistrationStale);
    }

    [Fact]
    public void A_FIFO_in_a_local_folder_being_installed_is_refused_without_opening_it()
    {
        var folder = Folder("fifo");
        Directory.CreateDirectory(Path.Combine(folder, "lib"));
        Victim.Run("mkfifo", Path.Combine(folder, "lib", "pipe"));

        var error = Refused(folder);

        Assert.Equal("UnsafePackContent", error.ErrorId);
        Assert.Contains($"'lib{Path.DirectorySeparatorChar}pipe', a FIFO", error.Message);
        AssertNothingInstalled();
    }

    [Fact]
    public void A_FIFO_in_a_registered_pack_is_a_problem_on_that_file_not_a_hang()
    {
        var settings = Settings();
        var folder = TestPacks.WritePack(settings.SystemPacksPath, "piped", TestPacks.ManifestYaml("piped", "1.0.0", "piped"));
        Directory.CreateDirectory(Path.Combine(folder, "actions"));
        Victim.Run("mkfifo", Path.Combine(folder, "actions", "pipe.yaml"));
        Victim.Run("mkfifo", Path.Combine(folder, "notes"));

        var pack = Within(() => PackLocator.Load(folder, settings.SystemPacksPath, settings));
        var outcome = Within(() => PackRegistrar.Register(settings, pack, new RegisterOptions(), CancellationToken.None));

        var problem = Assert.Single(outcome.Errors);
        Assert.Equal(Path.Combine("actions", "pipe.yaml"), problem.File);
        Assert.Contains("FIFO", problem.Message);
    }

    [Fact]
    public void A_file_name_that_is_not_UTF8_is_refused_at_staging_naming_it()
    {
        var folder = Folder("badname");
        Victim.Run("bash", "-c", $"mkdir -p \"{folder}/actions\" && touch \"{folder}/actions\"/$'bad\\xff.yaml'");

        var error = Refused(folder);

        Assert.Equal("UnsafePackContent", error.ErrorId);
        Assert.Contains("not valid UTF-8", error.Message);
        Assert.Contains($"actions{Path.DirectorySeparatorChar}bad", error.Message);
        AssertNothingInstalled();
    }

    [Fact]
    public void A_file_name_that_is_not_UTF8_in_a_repository_is_refused_too()
    {
        var repo = Folder("badgit");
        Victim.Run("bash", "-c", $"touch \"{repo}\"/$'bad\\xff.txt'");

        var error = Refused(Commit(repo));

        Assert.Equal("UnsafePackContent", error.ErrorId);
        Assert.Contains("not valid UTF-8", error.Message);
    }

    // Configs ---------------------------------------------------------------------------------

    [Fact]
    public void A_config_linked_to_a_regular_file_in_the_configs_folder_is_written_through()
    {
        var configs = _temp.Combine("configs");
        Directory.CreateDirectory(configs);
        File.WriteAllText(Path.Combine(configs, "shared.yaml"), "old: 1\n");
        File.CreateSymbolicLink(Path.Combine(configs, "pack.yaml"), "shared.yaml");

        ConfigFileStore.Write(Path.Combine(configs, "pack.yaml"), "new: 2\n");

        Assert.Equal(FileKind.SymbolicLink, FileSystemProbe.Lstat(Path.Combine(configs, "pack.yaml")).Kind);
        Assert.Equal("new: 2\n", File.ReadAllText(Path.Combine(configs, "shared.yaml")));
    }

    [Theory]
    [InlineData("outside")] // an absolute link to a file elsewhere
    [InlineData("relative")] // ../ out of the folder
    [InlineData("folder")] // a link to a folder inside
    [InlineData("dangling")]
    public void A_config_linked_anywhere_else_is_ConfigLinkRefused_and_nothing_is_written(string kind)
    {
        var configs = _temp.Combine("configs");
        Directory.CreateDirectory(Path.Combine(configs, "sub"));
        var config = Path.Combine(configs, "pack.yaml");
        File.CreateSymbolicLink(config, kind switch
        {
            "outside" => Path.Combine(_victim, "b"),
            "relative" => "../victim/b",
            "folder" => "sub",
            _ => "missing.yaml",
        });

        var error = Assert.Throws<StackPackException>(() => ConfigFileStore.Write(config, "x: 1\n"));

        Assert.Equal("ConfigLinkRefused", error.ErrorId);
        Assert.Contains(config, error.Message);
        Assert.Equal(FileKind.SymbolicLink, FileSystemProbe.Lstat(config).Kind);
        Assert.False(File.Exists(Path.Combine(configs, "missing.yaml")));
    }

    [Fact]
    public void A_config_that_cannot_be_written_is_ConfigWriteFailed_naming_it()
    {
        var notAFolder = _temp.Write("configs", "a file where the configs folder should be");
        var config = Path.Combine(notAFolder, "pack.yaml");

        var error = Assert.Throws<StackPackException>(() => ConfigFileStore.Write(config, "x: 1\n"));

        Assert.Equal("ConfigWriteFailed", error.ErrorId);
        Assert.Contains(config, error.Message);
        Assert.IsAssignableFrom<IOException>(error.InnerException);
    }

    [Fact]
    public void A_broken_pack_folder_that_is_a_link_out_is_removed_as_the_link_alone()
    {
        var settings = Settings();
        Directory.CreateDirectory(settings.SystemPacksPath);
        var outside = _temp.Combine("outside");
        Directory.CreateDirectory(outside);
        File.WriteAllText(Path.Combine(outside, "pack.yaml"), "name: [unclosed\n");
        File.WriteAllText(Path.Combine(outside, "keep.txt"), "mine");
        var link = Path.Combine(settings.SystemPacksPath, "evil");
        Directory.CreateSymbolicLink(link, outside);
        var scan = PackLocator.Scan(settings);
        var broken = Assert.Single(PackLookup.Find(scan, "evil", allowWildcards: false).Broken);

        Within(() =>
        {
            PackRemover.RemoveUnreadable(settings, broken, scan.Packs, new RemoveOptions(), CancellationToken.None);
            return true;
        });

        Assert.False(Path.Exists(link));
        Assert.Equal("mine", File.ReadAllText(Path.Combine(outside, "keep.txt")));
        Assert.True(File.Exists(Path.Combine(outside, "pack.yaml")));
    }

    [Fact]
    public void Removing_a_broken_pack_holding_a_link_loop_a_link_out_and_a_FIFO_finishes_and_follows_none()
    {
        var settings = Settings();
        var folder = TestPacks.WritePack(settings.SystemPacksPath, "nasty", "version: [\n");
        Directory.CreateSymbolicLink(Path.Combine(folder, "loop"), folder);
        Directory.CreateSymbolicLink(Path.Combine(folder, "out"), _victim);
        Victim.Run("mkfifo", Path.Combine(folder, "pipe"));
        var scan = PackLocator.Scan(settings);

        Within(() =>
        {
            PackRemover.RemoveUnreadable(settings, Assert.Single(scan.Broken), scan.Packs, new RemoveOptions(), CancellationToken.None);
            return true;
        });

        Assert.False(Directory.Exists(folder));
        Assert.Empty(Directory.EnumerateFileSystemEntries(settings.SystemPacksPath)); // the trash is emptied too
        // Dispose proves the victim (the link's target) untouched.
    }
}
