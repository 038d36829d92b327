using StackPack.Engine.PackSets;
using StackPack.Engine.Tests.Support;

namespace StackPack.Engine.Tests.PackSets;

/// <summary>The pack set format: what the writer writes the reader reads back, and every bad file is an error with its line.</summary>
public class PackSetReaderWriterTests
{
    private const string Header = "apiVersion: stackpack/v1\nkind: PackSet\n";

    [Fact]
    public void What_the_writer_writes_reads_back_unchanged_with_versions_that_look_like_numbers_kept_as_text()
    {
        var set = new PackSet([
            new PackSetEntry("base", "https://git.example/o/stackstorm-base.git", Commit: "0123456789abcdef0123456789abcdef01234567"),
            new PackSetEntry("email", "email", "https://index.example/index.json", "2.0", "1234567"),
            new PackSetEntry("plain", "/srv/packs/plain", Version: "yes"),
        ]);

        var text = PackSetWriter.ToYaml(set);
        var read = PackSetReader.ReadText(text, "packs.yaml");

        Assert.Equal(set.Packs, read.Packs);
        Assert.Matches("version: ['\"]2.0['\"]", text); // PyYAML would read 2.0 as a float
    }

    [Fact]
    public void The_commit_wins_over_the_version_and_a_missing_source_is_the_ref()
    {
        var set = PackSetReader.ReadText(Header + "packs:\n  - ref: email\n    version: 2.0.2\n    commit: abcdef1\n", "packs.yaml");

        var entry = Assert.Single(set.Packs);
        Assert.Equal("email", entry.Source);
        Assert.Equal("abcdef1", entry.Wanted);
    }

    [Fact]
    public void An_empty_packs_list_is_an_empty_set()
    {
        Assert.Empty(PackSetReader.ReadText(Header + "packs:\n", "packs.yaml").Packs);
        Assert.Empty(PackSetReader.ReadText(Header + "packs: []\n", "packs.yaml").Packs);
    }

    [Theory]
    [InlineData("kind: PackSet\npacks: []\n", 1, "missing 'apiVersion'")]
    [InlineData("apiVersion: stackpack/v9\nkind: PackSet\npacks: []\n", 1, "stackpack/v9")]
    [InlineData("apiVersion: stackpack/v1\nkind: Pod\npacks: []\n", 2, "kind 'Pod'")]
    [InlineData(Header + "packs: {}\n", 3, "not a list")]
    [InlineData(Header + "pack: []\n", 3, "unknown key 'pack'")]
    [InlineData(Header + "packs:\n  - email\n", 4, "not a mapping")]
    [InlineData(Header + "packs:\n  - source: email\n", 4, "missing 'ref'")]
    [InlineData(Header + "packs:\n  - ref: ../../etc\n", 4, "not a valid pack ref")]
    [InlineData(Header + "packs:\n  - ref: email\n    versoin: 1\n", 5, "unknown key 'versoin'")]
    [InlineData(Header + "packs:\n  - ref: email\n    commit: main\n", 5, "not a git commit")]
    [InlineData(Header + "packs:\n  - ref: email\n    version: [1, 2]\n", 5, "not a single value")]
    [InlineData(Header + "packs:\n  - ref: email\n    source: https://u:hunter2@host/r.git\n", 5, "credentials")]
    [InlineData(Header + "packs:\n  - ref: email\n    indexUrl: https://host/i.json?token=hunter2\n", 5, "credentials")]
    [InlineData(Header + "packs:\n  - ref: email\n    source: https://host/r.git?private_token=***\n", 5, "credentials (or *** where they were)")]
    [InlineData(Header + "packs:\n  - ref: email\n  - ref: aws\n  - ref: email\n", 6, "twice (first at line 4)")]
    [InlineData(Header + "packs:\n  - ref: email\n   bad indent: x\n", 5, "not valid YAML")]
    [InlineData("- just\n- a list\n", 1, "must be a mapping")]
    public void A_bad_file_is_InvalidPackSet_naming_the_file_and_line(string text, int line, string says)
    {
        var error = Assert.Throws<StackPackException>(() => PackSetReader.ReadText(text, "/srv/packs.yaml"));

        Assert.Equal("InvalidPackSet", error.ErrorId);
        Assert.Contains("'/srv/packs.yaml'", error.Message, StringComparison.Ordinal);
        Assert.Contains($"(line {line})", error.Message, StringComparison.Ordinal);
        Assert.Contains(says, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_file_is_PackSetNotFound_and_a_file_too_large_is_refused_unread()
    {
        using var temp = new TempFolder();
        Assert.Equal("PackSetNotFound", Assert.Throws<StackPackException>(() => PackSetReader.ReadFile(temp.Combine("none.yaml"))).ErrorId);

        var huge = temp.Combine("huge.yaml");
        using (var stream = File.Create(huge))
        {
            stream.SetLength(StackPack.Engine.Yaml.StructuredFile.MaxBytes + 1);
        }

        var error = Assert.Throws<StackPackException>(() => PackSetReader.ReadFile(huge));
        Assert.Equal("InvalidPackSet", error.ErrorId);
        Assert.Contains("cannot be read", error.Message, StringComparison.Ordinal);
    }
}
