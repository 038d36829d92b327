using StackPack.Engine.Packs;
using StackPack.Engine.Settings;
using StackPack.Engine.Tests.Support;

namespace StackPack.Engine.Tests.Packs;

/// <summary>The one rule by which installed packs are found by name, on real pack folders.</summary>
public class PackLookupTests : IDisposable
{
    private readonly TempFolder _temp = new();
    private readonly StackPackSettings _settings;

    public PackLookupTests()
    {
        _settings = TestSettings.Home(_temp);
        Directory.CreateDirectory(_settings.SystemPacksPath);
    }

    public void Dispose() => _temp.Dispose();

    private string Pack(string folder, string name, string? reference = null) =>
        TestPacks.WritePack(_settings.SystemPacksPath, folder, TestPacks.ManifestYaml(name, reference: reference));

    private PackScanResult Scan() => PackLocator.Scan(_settings);

    private static string[] Refs(PackMatches matches) => matches.Packs.Select(p => p.Ref).ToArray();

    [Fact]
    public void A_literal_name_matches_a_ref_a_display_name_or_a_folder_ignoring_case()
    {
        Pack("hello_st2", "Hello StackStorm");
        Pack("stackstorm-jira", "jira", reference: "jira");

        Assert.Equal(["hello_st2"], Refs(PackLookup.Find(Scan(), "HELLO_ST2", allowWildcards: true)));
        Assert.Equal(["hello_st2"], Refs(PackLookup.Find(Scan(), "hello stackstorm", allowWildcards: false)));
        Assert.Equal(["jira"], Refs(PackLookup.Find(Scan(), "StackStorm-Jira", allowWildcards: false)));
        Assert.True(PackLookup.Find(Scan(), "hello", allowWildcards: true).IsEmpty);
    }

    [Fact]
    public void A_ref_wins_over_a_folder_whose_pack_yaml_names_another_ref()
    {
        // Folder "alpha" holds the pack whose ref is beta; the pack whose ref is alpha lives in folder "other".
        Pack("alpha", "beta pack", reference: "beta");
        Pack("other", "alpha pack", reference: "alpha");

        var found = PackLookup.Find(Scan(), "alpha", allowWildcards: false);

        var pack = Assert.Single(found.Packs);
        Assert.Equal("alpha", pack.Ref);
        Assert.Equal(Path.Combine(_settings.SystemPacksPath, "other"), pack.Path);
        Assert.Equal("alpha", PackLookup.FindOne(Scan(), "alpha", _settings.PacksBasePaths).Ref);
    }

    [Fact]
    public void A_display_name_wins_over_a_folder_name()
    {
        Pack("ops", "monitoring", reference: "mon");
        Pack("tools", "ops", reference: "ops_tools");

        Assert.Equal(["ops_tools"], Refs(PackLookup.Find(Scan(), "ops", allowWildcards: false)));
    }

    [Fact]
    public void A_folder_name_still_finds_a_pack_when_nothing_has_that_ref_or_display_name()
    {
        Pack("folder_x", "Y pack", reference: "y");

        Assert.Equal(["y"], Refs(PackLookup.Find(Scan(), "folder_x", allowWildcards: false)));
    }

    [Fact]
    public void Wildcards_match_refs_display_names_and_folders_alike_and_only_when_allowed()
    {
        Pack("opsgenie", "opsgenie");
        Pack("stackstorm-opscenter", "Ops Center", reference: "center");
        Pack("github", "github");
        Pack("literal", "op*");

        Assert.Equal(["center", "literal", "opsgenie"], Refs(PackLookup.Find(Scan(), "OP*", allowWildcards: true)).Order().ToArray());
        Assert.Equal(["center"], Refs(PackLookup.Find(Scan(), "*-ops?enter", allowWildcards: true)));
        Assert.Equal(["github"], Refs(PackLookup.Find(Scan(), "[f-h]*", allowWildcards: true)));
        Assert.Equal(["literal"], Refs(PackLookup.Find(Scan(), "op*", allowWildcards: false)));
    }

    [Fact]
    public void A_broken_pack_yaml_is_found_by_its_folder_name_only()
    {
        TestPacks.WritePack(_settings.SystemPacksPath, "broken", "name: [unclosed\n");
        Pack("fine", "fine");

        var literal = PackLookup.Find(Scan(), "Broken", allowWildcards: false);
        var pattern = PackLookup.Find(Scan(), "b*", allowWildcards: true);

        Assert.Empty(literal.Packs);
        Assert.Equal("broken", Assert.Single(literal.Broken).DirectoryName);
        Assert.Equal("broken", Assert.Single(pattern.Broken).DirectoryName);
        Assert.Equal("InvalidPackMetadata", Assert.Throws<InvalidPackMetadataException>(() => PackLookup.FindOne(Scan(), "broken", _settings.PacksBasePaths)).ErrorId);
    }

    [Fact]
    public void FindOne_says_PackNotFound_or_PackNameAmbiguous()
    {
        Pack("one", "Shared Name");
        Pack("two", "shared name");

        var missing = Assert.Throws<StackPackException>(() => PackLookup.FindOne(Scan(), "nope", _settings.PacksBasePaths));
        Assert.Equal("PackNotFound", missing.ErrorId);
        Assert.Contains(_settings.SystemPacksPath, missing.Message);

        var ambiguous = Assert.Throws<StackPackException>(() => PackLookup.FindOne(Scan(), "SHARED NAME", _settings.PacksBasePaths));
        Assert.Equal("PackNameAmbiguous", ambiguous.ErrorId);
        Assert.Contains("'one'", ambiguous.Message);
        Assert.Contains("'two'", ambiguous.Message);
    }

    [Theory]
    [InlineData("op*", true)]
    [InlineData("op?", true)]
    [InlineData("[ab]c", true)]
    [InlineData("op`*", false)]
    [InlineData("opsgenie", false)]
    [InlineData("Hello StackStorm", false)]
    [InlineData("foo[", false)]
    [InlineData("foo[]", false)]
    public void HasWildcards_sees_unescaped_wildcard_characters(string name, bool expected) =>
        Assert.Equal(expected, PackLookup.HasWildcards(name));
}
