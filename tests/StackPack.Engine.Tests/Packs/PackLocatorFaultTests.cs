using StackPack.Engine.Packs;
using StackPack.Engine.Tests.Support;

namespace StackPack.Engine.Tests.Packs;

/// <summary>A pack folder that makes the reader fail with something other than a StackPackException (issue 9, smaller items).</summary>
public class PackLocatorFaultTests : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void An_io_error_while_reading_one_pack_makes_that_pack_broken_and_the_others_are_still_listed()
    {
        var settings = TestSettings.Home(_temp);
        TestPacks.WritePack(settings.SystemPacksPath, "fine");
        TestPacks.WritePack(settings.SystemPacksPath, "odd");
        // Its registration record is a link to a file that exists but cannot be read (EIO at
        // offset 0): a raw IOException from inside the parallel scan, whoever runs as root.
        var registry = Path.Combine(settings.StatePath, "registry");
        Directory.CreateDirectory(registry);
        File.CreateSymbolicLink(Path.Combine(registry, "odd.json"), "/proc/self/mem");

        var scan = PackLocator.Scan(settings);

        Assert.Equal("fine", Assert.Single(scan.Packs).Ref);
        var broken = Assert.Single(scan.Broken);
        Assert.Equal("odd", broken.DirectoryName);
        Assert.Equal("PackUnreadable", broken.Error.ErrorId);
        Assert.Contains(Path.Combine(settings.SystemPacksPath, "odd"), broken.Error.Message);
    }
}
