using System.Diagnostics;
using StackPack.Engine.Config;
using StackPack.Engine.Packs;
using StackPack.Engine.Registration;
using StackPack.Engine.Tests.Support;

namespace StackPack.Engine.Tests.Hostile;

/// <summary>
/// YAML and JSON are read only from regular files, with a size cap: a FIFO, a link to a device
/// or a huge file is an error on that file at once, never a hang or gigabytes read.
/// </summary>
public class HostileFileTests : IDisposable
{
    private static readonly TimeSpan HangGuard = TimeSpan.FromSeconds(30);
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    internal static void MakeFifo(string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        using var process = Process.Start(new ProcessStartInfo("mkfifo", [path]) { UseShellExecute = false })!;
        process.WaitForExit();
        Assert.Equal(0, process.ExitCode);
    }

    /// <summary>Runs the read on another thread so that a hang fails the test instead of stopping the run.</summary>
    internal static T Within<T>(Func<T> read)
    {
        var task = Task.Run(read);
        Assert.True(task.Wait(HangGuard) || task.IsCompleted, $"the read did not return within {HangGuard.TotalSeconds} s (it hangs)");
        return task.Result;
    }

    private static TException FailsWithin<TException>(Action read) where TException : Exception =>
        Within(() => Assert.Throws<TException>(read));

    [Fact]
    public void A_pack_yaml_linked_to_dev_zero_is_InvalidPackMetadata_at_once()
    {
        var pack = _temp.Combine("zero");
        Directory.CreateDirectory(pack);
        File.CreateSymbolicLink(Path.Combine(pack, "pack.yaml"), "/dev/zero");

        var error = FailsWithin<InvalidPackMetadataException>(() => PackManifestReader.ReadPack(pack));

        Assert.Contains(Path.Combine(pack, "pack.yaml"), error.Message);
        Assert.Contains("not a regular file", error.Message);
    }

    [Fact]
    public void A_pack_yaml_that_is_a_FIFO_is_InvalidPackMetadata_not_a_hang()
    {
        var pack = _temp.Combine("fifo");
        MakeFifo(Path.Combine(pack, "pack.yaml"));

        var error = FailsWithin<InvalidPackMetadataException>(() => PackManifestReader.ReadPack(pack));

        Assert.Contains(Path.Combine(pack, "pack.yaml"), error.Message);
        Assert.Contains("FIFO", error.Message);
    }

    [Fact]
    public void A_70_MB_pack_yaml_is_refused_by_its_size_without_reading_it()
    {
        var pack = _temp.Combine("huge");
        Directory.CreateDirectory(pack);
        using (var file = File.Create(Path.Combine(pack, "pack.yaml")))
        {
            file.SetLength(70L * 1024 * 1024); // sparse: no 70 MB written, but that is what a reader would get
        }

        var error = FailsWithin<InvalidPackMetadataException>(() => PackManifestReader.ReadPack(pack));

        Assert.Contains("larger than the 8 MiB", error.Message);
        Assert.Contains(Path.Combine(pack, "pack.yaml"), error.Message);
    }

    [Fact]
    public void A_config_schema_that_is_a_FIFO_is_InvalidConfigSchema()
    {
        var file = _temp.Combine("pack", ConfigSchemaReader.FileName);
        MakeFifo(file);

        var error = FailsWithin<InvalidConfigSchemaException>(() => ConfigSchemaReader.Read(file));

        Assert.Equal(file, Assert.Single(error.Problems).File);
    }

    [Fact]
    public void A_config_that_is_a_FIFO_is_ConfigUnreadable()
    {
        var file = _temp.Combine("configs", "pack.yaml");
        MakeFifo(file);

        var error = FailsWithin<StackPackException>(() => ConfigFileStore.Read(file));

        Assert.Equal("ConfigUnreadable", error.ErrorId);
        Assert.Contains(file, error.Message);
    }

    [Fact]
    public void A_JSON_values_file_that_is_a_FIFO_is_InvalidConfigInput()
    {
        var file = _temp.Combine("values.json");
        MakeFifo(file);

        var error = FailsWithin<StackPackException>(() => ConfigFileStore.ReadInput(file));

        Assert.Equal("InvalidConfigInput", error.ErrorId);
        Assert.Contains(file, error.Message);
    }

    [Fact]
    public void A_JSON_values_file_nested_too_deep_is_InvalidConfigInput_not_a_crash()
    {
        var file = _temp.Write("deep.json", "{\"a\": " + new string('[', 30_000) + new string(']', 30_000) + "}");

        var error = Assert.Throws<StackPackException>(() => ConfigFileStore.ReadInput(file));

        Assert.Equal("InvalidConfigInput", error.ErrorId);
        Assert.Contains(file, error.Message);
    }

    [Fact]
    public void A_JSON_values_file_nested_a_few_hundred_levels_reads()
    {
        var file = _temp.Write("nested.json", "{\"a\": " + new string('[', 500) + new string(']', 500) + "}");

        Assert.True(ConfigFileStore.ReadInput(file).ContainsKey("a"));
    }

    [Fact]
    public void A_registry_record_that_is_a_FIFO_counts_as_never_registered()
    {
        var store = new RegistryStore(_temp.Combine("state"));
        MakeFifo(store.PathOf("pack"));

        Assert.Null(Within(() => store.Read("pack")));
    }

    [Fact]
    public void A_registry_record_that_is_a_FIFO_or_a_link_to_dev_zero_has_no_summary_at_once()
    {
        var store = new RegistryStore(_temp.Combine("state"));
        MakeFifo(store.PathOf("pipe"));
        File.CreateSymbolicLink(store.PathOf("zero"), "/dev/zero");

        Assert.Null(Within(() => store.ReadSummary("pipe")));
        Assert.Null(Within(() => store.ReadSummary("zero")));
    }

    [Fact]
    public void A_registry_record_nested_ten_thousand_deep_has_no_summary_and_does_not_crash()
    {
        var store = new RegistryStore(_temp.Combine("state"));
        Directory.CreateDirectory(store.Folder);
        File.WriteAllText(store.PathOf("deep"), "{\"Pack\": " + new string('[', 10_000) + new string(']', 10_000) + "}");

        Assert.Null(Within(() => store.ReadSummary("deep")));
    }
}
