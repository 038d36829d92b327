using StackPack.Engine.Install;
using StackPack.Engine.Packs;
using StackPack.Engine.Settings;
using StackPack.Engine.Tests.Support;

namespace StackPack.Engine.Tests.Install;

/// <summary>Removing a pack folder whose pack.yaml cannot be read, on real folders.</summary>
public class PackRemoverTests : IDisposable
{
    private readonly TempFolder _temp = new();
    private readonly StackPackSettings _settings;

    public PackRemoverTests()
    {
        _settings = TestSettings.Home(_temp);
        Directory.CreateDirectory(_settings.SystemPacksPath);
    }

    public void Dispose() => _temp.Dispose();

    private string VirtualEnv(string name)
    {
        var path = Path.Combine(_settings.VirtualEnvsPath, name);
        Directory.CreateDirectory(Path.Combine(path, "bin"));
        return path;
    }

    private string Config(string name)
    {
        Directory.CreateDirectory(_settings.ConfigsPath);
        var path = Path.Combine(_settings.ConfigsPath, name + ".yaml");
        File.WriteAllText(path, "a: 1\n");
        return path;
    }

    [Fact]
    public void An_unreadable_pack_goes_by_its_folder_name_with_its_virtualenv_and_keeps_its_config()
    {
        var folder = TestPacks.WritePack(_settings.SystemPacksPath, "broken", "name: [unclosed\n");
        var venv = VirtualEnv("broken");
        var config = Config("broken");
        var scan = PackLocator.Scan(_settings);

        PackRemover.RemoveUnreadable(_settings, Assert.Single(scan.Broken), scan.Packs, new RemoveOptions(), CancellationToken.None);

        Assert.False(Directory.Exists(folder));
        Assert.False(Directory.Exists(venv));
        Assert.True(File.Exists(config));
        Assert.Empty(Directory.EnumerateFileSystemEntries(_settings.SystemPacksPath));
        Assert.Empty(PackLocator.Scan(_settings).Broken);
    }

    [Fact]
    public void What_a_readable_pack_keeps_under_the_same_ref_stays()
    {
        // Folder "mon" is unreadable; the readable pack in folder "monitoring" has the ref mon.
        var folder = TestPacks.WritePack(_settings.SystemPacksPath, "mon", "version: [\n");
        TestPacks.WritePack(_settings.SystemPacksPath, "monitoring", TestPacks.ManifestYaml("Monitoring", reference: "mon"));
        var venv = VirtualEnv("mon");
        var config = Config("mon");
        var scan = PackLocator.Scan(_settings);

        PackRemover.RemoveUnreadable(_settings, Assert.Single(scan.Broken), scan.Packs, new RemoveOptions { RemoveConfig = true }, CancellationToken.None);

        Assert.False(Directory.Exists(folder));
        Assert.True(Directory.Exists(venv));
        Assert.True(File.Exists(config));
        Assert.Equal("mon", Assert.Single(PackLocator.Scan(_settings).Packs).Ref);
    }

    [Fact]
    public void A_folder_name_that_cannot_be_a_ref_removes_only_the_folder()
    {
        var folder = TestPacks.WritePack(_settings.SystemPacksPath, "My Pack", "name: [\n");
        var scan = PackLocator.Scan(_settings);

        PackRemover.RemoveUnreadable(_settings, Assert.Single(scan.Broken), scan.Packs, new RemoveOptions(), CancellationToken.None);

        Assert.False(Directory.Exists(folder));
        Assert.False(File.Exists(Path.Combine(_settings.LocksPath, "My Pack.lock")));
    }

    [Fact]
    public void A_broken_copy_that_shadows_a_readable_one_in_a_later_packs_path_leaves_that_packs_state()
    {
        // The broken "dup" in the system path hides the readable "dup" of a later packs path from the scan.
        var later = _temp.Combine("later-packs");
        var settings = _settings with { PacksBasePaths = [_settings.SystemPacksPath, later] };
        var folder = TestPacks.WritePack(settings.SystemPacksPath, "dup", "name: [unclosed\n");
        var other = TestPacks.WritePack(later, "dup");
        var venv = VirtualEnv("dup");
        var scan = PackLocator.Scan(settings);
        Assert.DoesNotContain(scan.Packs, p => p.Ref == "dup");

        PackRemover.RemoveUnreadable(settings, Assert.Single(scan.Broken), scan.Packs, new RemoveOptions(), CancellationToken.None);

        Assert.False(Directory.Exists(folder));
        Assert.True(Directory.Exists(other));
        Assert.True(Directory.Exists(venv), "the virtualenv is the readable copy's, which now shows");
        Assert.Equal("dup", Assert.Single(PackLocator.Scan(settings).Packs).Ref);
    }
}
