using System.Text;
using StackPack.Engine.Packs;
using StackPack.Engine.Registration;
using StackPack.Engine.Tests.Support;
using Xunit;

namespace StackPack.Engine.Tests.Registration;

/// <summary>One file per pack: the record holds its own summary at its head.</summary>
public class RegistryStoreTests : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    private static PackRegistration Record(string pack, int items) => new()
    {
        Pack = pack,
        Version = "1.0.0",
        Path = "/packs/" + pack,
        RegisteredAt = new DateTimeOffset(2026, 12, 2, 10, 0, 0, TimeSpan.Zero),
        Fingerprint = "f1ngerpr1nt",
        Files = Enumerable.Range(0, items).Select(i => $"actions/a{i}.yaml").ToList(),
        Items = Enumerable.Range(0, items).Select(i => new RegisteredItem { Type = ContentType.Action, Ref = $"{pack}.a{i}", Name = $"a{i}", File = $"actions/a{i}.yaml" }).ToList(),
    };

    [Fact]
    public void A_registration_is_one_file_whose_head_is_the_summary_even_for_thousands_of_items()
    {
        var store = new RegistryStore(_temp.Combine("state"));
        store.Write(Record("big", 4000));

        Assert.Equal(["big.json"], Directory.EnumerateFiles(store.Folder).Select(Path.GetFileName));
        Assert.True(new FileInfo(store.PathOf("big")).Length > 64 * 1024, "the record must be larger than the head read for the summary");
        Assert.Equal(new RegistrationSummary("big", new DateTimeOffset(2026, 12, 2, 10, 0, 0, TimeSpan.Zero), "f1ngerpr1nt", 4000), store.ReadSummary("big"));
        Assert.Equal(4000, store.Read("big")!.Items.Count);
    }

    [Fact]
    public void An_earlier_versions_record_and_summary_file_are_still_read_and_the_summary_file_goes_at_the_next_write()
    {
        var store = new RegistryStore(_temp.Combine("state"));
        Directory.CreateDirectory(store.Folder);
        // As written before: no ItemCount, and the summary in a file of its own.
        File.WriteAllText(store.PathOf("old"), """{ "Pack": "old", "Version": "1.0.0", "Path": "/p", "RegisteredAt": "2026-01-01T00:00:00+00:00", "Fingerprint": "x", "Files": [], "Items": [ { "Type": "Action", "Ref": "old.a", "Name": "a", "File": "actions/a.yaml" } ] }""");
        File.WriteAllText(Path.Combine(store.Folder, "old.summary.json"), """{ "Pack": "old", "RegisteredAt": "2026-01-01T00:00:00+00:00", "Fingerprint": "x", "Items": 1 }""");

        Assert.Equal(1, store.ReadSummary("old")!.Items);
        // Without the summary file the old record itself answers.
        File.Delete(Path.Combine(store.Folder, "old.summary.json"));
        Assert.Equal("x", store.ReadSummary("old")!.Fingerprint);
        File.WriteAllText(Path.Combine(store.Folder, "old.summary.json"), """{ "Pack": "old", "RegisteredAt": "2026-01-01T00:00:00+00:00", "Fingerprint": "x", "Items": 1 }""");

        store.Write(Record("old", 2));
        Assert.False(File.Exists(Path.Combine(store.Folder, "old.summary.json")));
        Assert.Equal(2, store.ReadSummary("old")!.Items);
    }

    [Theory]
    [InlineData("not json at all")]
    [InlineData("[1, 2, 3]")]
    [InlineData("{ \"Pack\": \"cut")]
    public void A_record_that_is_not_a_registration_has_no_summary(string content)
    {
        var store = new RegistryStore(_temp.Combine("state"));
        Directory.CreateDirectory(store.Folder);
        File.WriteAllText(store.PathOf("bad"), content, Encoding.UTF8);

        Assert.Null(store.ReadSummary("bad"));
    }

    [Fact]
    public void Only_a_record_that_differs_in_its_time_alone_counts_as_unchanged()
    {
        var before = Record("p", 3);
        var again = Record("p", 3) with { RegisteredAt = before.RegisteredAt.AddHours(1) };

        Assert.True(RegistryStore.OnlyTimeChanged(before, again));
        Assert.False(RegistryStore.OnlyTimeChanged(null, again));
        Assert.False(RegistryStore.OnlyTimeChanged(before, Record("p", 4)));
        Assert.False(RegistryStore.OnlyTimeChanged(before, again with { Fingerprint = "other" }));
        Assert.False(RegistryStore.OnlyTimeChanged(before, again with { ConfigValid = false }));
    }
}
