using StackPack.Engine.Install;
using StackPack.Engine.IO;
using StackPack.Engine.Settings;
using StackPack.Engine.Tests.Support;

namespace StackPack.Engine.Tests.Install;

/// <summary>
/// The install journal and its recovery, on real folders in every state a kill can leave
/// (the Pester kill tests do the same with real processes, git and python). Old content is
/// "old", new is "new", so each assertion says which version a user would find.
/// </summary>
public class InstallRecoveryTests : IDisposable
{
    private const string Ref = "mypack";
    private readonly TempFolder _temp = new();
    private readonly StackPackSettings _settings;
    private readonly string _locks;
    private readonly string _target;
    private readonly string _staged;
    private readonly string _venv;

    public InstallRecoveryTests()
    {
        _settings = TestSettings.Home(_temp);
        _locks = _settings.LocksPath;
        _target = Path.Combine(_settings.SystemPacksPath, Ref);
        _staged = Path.Combine(_settings.SystemPacksPath, StagingArea.FolderName, "999999-" + new string('a', 32), "mypack-staged");
        _venv = Path.Combine(_settings.VirtualEnvsPath, Ref);
    }

    public void Dispose() => _temp.Dispose();

    private string Aside => InstallJournal.AsideFor(_target, Ref);

    private string Backup => Path.Combine(_settings.VirtualEnvsPath, $".{Ref}.previous-{new string('b', 32)}");

    private InstallJournalEntry Journal(InstallPhase phase, bool rebuild = true, bool hadVenv = true) => new()
    {
        Ref = Ref,
        Phase = phase,
        Target = _target,
        Staged = _staged,
        Aside = Aside,
        Marker = ".stackpack-install-" + new string('c', 32),
        VirtualEnv = rebuild ? _venv : null,
        VirtualEnvBackup = rebuild && hadVenv ? Backup : null,
    };

    private static void Put(string folder, string version) => WriteFile(Path.Combine(folder, "pack.yaml"), $"version: {version}");

    private static void WriteFile(string path, string content)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, content);
    }

    private static string? Version(string folder) =>
        File.Exists(Path.Combine(folder, "pack.yaml")) ? File.ReadAllText(Path.Combine(folder, "pack.yaml"))["version: ".Length..] : null;

    private string? VenvVersion() => File.Exists(Path.Combine(_venv, "which")) ? File.ReadAllText(Path.Combine(_venv, "which")) : null;

    private void AssertNothingLeft()
    {
        Assert.False(File.Exists(InstallJournal.PathFor(_locks, Ref)), "the journal is removed");
        Assert.False(Directory.Exists(Aside), "no aside copy is left");
        Assert.False(Directory.Exists(_staged), "no staged copy is left");
        Assert.False(Directory.Exists(Backup), "no virtualenv backup is left");
        if (Directory.Exists(_target))
        {
            Assert.Empty(Directory.EnumerateFiles(_target, ".stackpack-install-*"));
        }
    }

    [Fact]
    public void Killed_while_the_virtualenv_was_rebuilt_the_old_pack_gets_its_old_virtualenv_back()
    {
        Put(_target, "1.0");
        Put(_staged, "2.0");
        WriteFile(Path.Combine(Backup, "which"), "old");
        WriteFile(Path.Combine(_venv, "bin", "python"), "half-built, no pip"); // what python -m venv left
        InstallJournal.Write(_locks, Journal(InstallPhase.Prepare));

        Assert.Equal(InstallRecovery.Outcome.RolledBack, InstallRecovery.SettleInterrupted(_settings, Ref));

        Assert.Equal("1.0", Version(_target));
        Assert.Equal("old", VenvVersion());
        Assert.False(File.Exists(Path.Combine(_venv, "bin", "python")));
        AssertNothingLeft();
    }

    [Fact]
    public void Killed_before_the_old_virtualenv_stepped_aside_it_is_left_untouched()
    {
        Put(_target, "1.0");
        WriteFile(Path.Combine(_venv, "which"), "old");
        InstallJournal.Write(_locks, Journal(InstallPhase.Prepare));

        Assert.Equal(InstallRecovery.Outcome.RolledBack, InstallRecovery.SettleInterrupted(_settings, Ref));

        Assert.Equal("old", VenvVersion());
        Assert.Equal("1.0", Version(_target));
        AssertNothingLeft();
    }

    [Fact]
    public void A_half_built_first_virtualenv_is_removed_when_there_was_none_before()
    {
        WriteFile(Path.Combine(_venv, "bin", "python"), "half");
        InstallJournal.Write(_locks, Journal(InstallPhase.Prepare, hadVenv: false));

        InstallRecovery.SettleInterrupted(_settings, Ref);

        Assert.False(Directory.Exists(_venv));
        Assert.False(Directory.Exists(_target));
        AssertNothingLeft();
    }

    /// <summary>
    /// A kill in the swap phase: the old pack at <paramref name="oldAt"/>, the new one (with the
    /// journal's marker) at <paramref name="newAt"/>, the new virtualenv built, the old one aside.
    /// </summary>
    private void KilledDuringSwap(string oldAt, string newAt)
    {
        var journal = Journal(InstallPhase.Swap);
        Put(oldAt, "1.0");
        Put(newAt, "2.0");
        WriteFile(Path.Combine(newAt, journal.Marker), string.Empty);
        WriteFile(Path.Combine(Backup, "which"), "old");
        WriteFile(Path.Combine(_venv, "which"), "new");
        InstallJournal.Write(_locks, journal);
    }

    /// <summary>The next run settles it: old pack with old virtualenv, or new with new; nothing left.</summary>
    private void AssertSettledAs(InstallRecovery.Outcome expected)
    {
        Assert.Equal(expected, InstallRecovery.SettleInterrupted(_settings, Ref));
        var completed = expected == InstallRecovery.Outcome.Completed;
        Assert.Equal(completed ? "2.0" : "1.0", Version(_target));
        Assert.Equal(completed ? "new" : "old", VenvVersion());
        AssertNothingLeft();
    }

    [Fact]
    public void Killed_just_before_the_swap_the_old_pack_and_old_virtualenv_stay()
    {
        KilledDuringSwap(oldAt: _target, newAt: _staged);
        AssertSettledAs(InstallRecovery.Outcome.RolledBack);
    }

    [Fact]
    public void Killed_after_the_atomic_swap_the_new_pack_and_new_virtualenv_stay()
    {
        KilledDuringSwap(oldAt: _staged, newAt: _target); // renameat2 left the old pack in the staging folder
        AssertSettledAs(InstallRecovery.Outcome.Completed);
    }

    [Fact]
    public void Killed_between_the_two_renames_of_the_fallback_the_old_copy_is_put_back()
    {
        KilledDuringSwap(oldAt: Aside, newAt: _staged); // the aside copy is the only copy of the installed pack

        // A later install's staging cleanup runs first (before any lock): it must spare the only copy.
        StagingArea.RemoveStale(Path.GetDirectoryName(Aside)!);
        Assert.Equal("1.0", Version(Aside));

        AssertSettledAs(InstallRecovery.Outcome.RolledBack);
    }

    [Fact]
    public void Killed_after_the_second_rename_of_the_fallback_the_install_is_finished()
    {
        KilledDuringSwap(oldAt: Aside, newAt: _target);
        AssertSettledAs(InstallRecovery.Outcome.Completed);
    }

    [Fact]
    public void A_pack_upgraded_where_it_is_in_another_base_path_and_folder_name_is_recovered_too()
    {
        var target = _temp.Combine("other-base", "folder-not-named-ref");
        var aside = InstallJournal.AsideFor(target, Ref);
        var journal = Journal(InstallPhase.Swap, rebuild: false) with { Target = target, Aside = aside };
        Put(aside, "1.0");
        Put(_staged, "2.0");
        InstallJournal.Write(_locks, journal);

        Assert.Equal(InstallRecovery.Outcome.RolledBack, InstallRecovery.SettleInterrupted(_settings, Ref));

        Assert.Equal("1.0", Version(target));
        Assert.False(Directory.Exists(aside));
        Assert.False(Directory.Exists(Path.GetDirectoryName(aside)), "the emptied aside root goes too");
    }

    [Fact]
    public void A_recovery_killed_half_way_is_simply_done_again()
    {
        var journal = Journal(InstallPhase.Prepare);
        Put(_target, "1.0");
        WriteFile(Path.Combine(Backup, "which"), "old"); // the half-built one was already deleted
        InstallJournal.Write(_locks, journal);

        InstallRecovery.SettleInterrupted(_settings, Ref);
        Assert.Null(InstallRecovery.SettleInterrupted(_settings, Ref)); // nothing left to do

        Assert.Equal("old", VenvVersion());
        AssertNothingLeft();
    }

    [Fact]
    public void A_journal_whose_paths_are_not_the_packs_is_refused_and_nothing_is_deleted()
    {
        var victim = _temp.Combine("victim");
        WriteFile(Path.Combine(victim, "keep.txt"), "mine");
        InstallJournal.Write(_locks, Journal(InstallPhase.Prepare) with { Staged = victim });

        var e = Assert.Throws<StackPackException>(() => InstallRecovery.SettleInterrupted(_settings, Ref));

        Assert.Equal("InstallFailed", e.ErrorId);
        Assert.Contains("outside a staging folder", e.Message);
        Assert.True(File.Exists(Path.Combine(victim, "keep.txt")));
        Assert.True(File.Exists(InstallJournal.PathFor(_locks, Ref)), "kept for a person to look at");
    }

    [Fact]
    public void An_unreadable_journal_is_an_error_naming_it()
    {
        WriteFile(InstallJournal.PathFor(_locks, Ref), "{ not json");

        var e = Assert.Throws<StackPackException>(() => InstallRecovery.SettleInterrupted(_settings, Ref));

        Assert.Equal("InstallFailed", e.ErrorId);
        Assert.Contains(InstallJournal.PathFor(_locks, Ref), e.Message);
    }

    [Fact]
    public void The_scan_settles_free_journals_and_leaves_a_live_install_alone()
    {
        Put(_target, "1.0");
        WriteFile(Path.Combine(Backup, "which"), "old");
        InstallJournal.Write(_locks, Journal(InstallPhase.Prepare));
        var liveTarget = Path.Combine(_settings.SystemPacksPath, "live");
        InstallJournal.Write(_locks, Journal(InstallPhase.Prepare, rebuild: false) with
        {
            Ref = "live", Target = liveTarget, Aside = InstallJournal.AsideFor(liveTarget, "live"),
        });

        IReadOnlyList<string> notes;
        using (PackLock.Acquire(_locks, "live", TimeSpan.Zero, CancellationToken.None))
        {
            notes = InstallRecovery.SettleAllInterrupted(_settings);
        }

        Assert.Equal([$"Pack '{Ref}': an interrupted install was rolled back (the previous version and its virtualenv are in place)."], notes);
        Assert.Equal("old", VenvVersion());
        Assert.True(File.Exists(InstallJournal.PathFor(_locks, "live")), "a held lock means a live install");
    }

    [Fact]
    public void A_pack_scan_finds_the_pack_a_killed_fallback_swap_left_aside()
    {
        Put(Aside, "1.0");
        File.WriteAllText(Path.Combine(Aside, "pack.yaml"), TestPacks.ManifestYaml(Ref, "1.0.0"));
        InstallJournal.Write(_locks, Journal(InstallPhase.Swap, rebuild: false));

        var scan = StackPack.Engine.Packs.PackLocator.Scan(_settings);

        Assert.Equal("1.0.0", Assert.Single(scan.Packs).Manifest.Version);
        Assert.Contains(scan.Notes, n => n.Contains("rolled back", StringComparison.Ordinal));
        AssertNothingLeft();
    }
}

public class DirectoryExchangeTests : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Exchange_puts_the_new_folder_in_place_and_keeps_the_old_one(bool twoRenames)
    {
        var target = Path.GetDirectoryName(_temp.Write("target/file.txt", "old"))!;
        var replacement = Path.GetDirectoryName(_temp.Write("staged/file.txt", "new"))!;
        var aside = _temp.Combine("target.old");

        DirectoryExchange.Exchange(target, replacement, aside, twoRenames);

        Assert.Equal("new", File.ReadAllText(Path.Combine(target, "file.txt")));
        var old = OperatingSystem.IsLinux() && !twoRenames ? replacement : aside;
        Assert.Equal("old", File.ReadAllText(Path.Combine(old, "file.txt")));
    }

    [Fact]
    public void A_failed_second_rename_puts_the_old_folder_back()
    {
        var target = Path.GetDirectoryName(_temp.Write("target/file.txt", "old"))!;
        var aside = _temp.Combine("target.old");

        Assert.ThrowsAny<IOException>(() => DirectoryExchange.Exchange(target, _temp.Combine("missing"), aside, twoRenames: true));

        Assert.Equal("old", File.ReadAllText(Path.Combine(target, "file.txt")));
        Assert.False(Directory.Exists(aside));
    }

    [Fact]
    public void RestoreAside_moves_the_old_copy_back_only_when_the_target_is_missing()
    {
        var aside = Path.GetDirectoryName(_temp.Write("target.old/file.txt", "old"))!;
        var target = _temp.Combine("target");
        _temp.Write("target/file.txt", "current");

        Assert.False(DirectoryExchange.RestoreAside(target, aside));
        Assert.Equal("current", File.ReadAllText(Path.Combine(target, "file.txt")));

        SafeTree.Delete(target);
        Assert.True(DirectoryExchange.RestoreAside(target, aside));
        Assert.Equal("old", File.ReadAllText(Path.Combine(target, "file.txt")));
        Assert.False(Directory.Exists(aside));
    }
}
