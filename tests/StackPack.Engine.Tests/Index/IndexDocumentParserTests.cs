using System.IO.Compression;
using System.Text;
using StackPack.Engine.Index;
using StackPack.Engine.Tests.Support;

namespace StackPack.Engine.Tests.Index;

public class IndexDocumentParserTests
{
    private static IndexDocument Parse(string json) => IndexDocumentParser.Parse(Encoding.UTF8.GetBytes(json), "test-index", IndexDocumentParser.Unlimited);

    private static IndexFormatException Fails(string json) => Assert.Throws<IndexFormatException>(() => Parse(json));

    [FixtureFact]
    public void The_real_Exchange_index_loads_whole_quirks_included()
    {
        var document = IndexDocumentParser.Parse(File.ReadAllBytes(Fixtures.Path("exchange", "index.json")), "exchange", IndexDocumentParser.Unlimited);

        Assert.Equal(169, document.Packs.Count);
        var astral = document.Find("astral")!;              // no "ref" in the entry
        Assert.Equal("astral", astral.Ref);
        Assert.Null(document.Find("logicmonitor")!.Email);   // "email": null
        Assert.Contains("Target Corp., Lukas.Marty@Target.com", document.Find("kafka")!.Contributors); // "Contributors"
        Assert.NotNull(document.Find("terraform"));          // a stray "runner_type" key
        Assert.Equal("Aruba AOS-CX Pack", document.Find("aoscx")!.DisplayName);
        var sensu = document.Find("sensu")!;
        Assert.Equal("1.0.2", sensu.Version);
        Assert.Equal(19, sensu.Content.Actions);
        Assert.Equal("https://github.com/StackStorm-Exchange/stackstorm-sensu", sensu.RepoUrl);
        Assert.All(document.Packs, p => Assert.Equal(IndexDocumentParser.SortVersions(p.Versions), p.Versions));
    }

    [Fact]
    public void Versions_sort_by_semantic_version_newest_first_not_as_text()
    {
        var document = Parse("""{"packs": {"x": {"name": "x", "versions": ["0.9.0", "0.10.0", "1.2.0", "v1.10.0", "banana", "1.0.0-rc.1", "1.0.0"]}}}""");
        Assert.Equal(["v1.10.0", "1.2.0", "1.0.0", "1.0.0-rc.1", "0.10.0", "0.9.0", "banana"], document.Packs[0].Versions);
    }

    [Fact]
    public void Missing_optional_fields_and_odd_types_are_tolerated()
    {
        var document = Parse("""{"packs": {"bare": {}, "odd": {"name": "Odd", "keywords": null, "email": null, "version": 1, "content": "nope"}, "notanobject": 5}}""");
        Assert.Equal(["bare", "odd"], document.Packs.Select(p => p.Name));
        Assert.Equal("bare", document.Packs[0].DisplayName);
        Assert.Empty(document.Packs[1].Keywords);
        Assert.Equal("1", document.Packs[1].Version);
    }

    [Fact]
    public void Malformed_json_is_Malformed_with_the_line()
    {
        var e = Fails("{\"packs\": {\n \"a\": {,}\n}}");
        Assert.Equal(IndexStatus.Malformed, e.Status);
        Assert.Contains("line 2", e.Message);
    }

    [Fact]
    public void A_list_is_Malformed_with_st2s_message() =>
        Assert.Equal("Expected an index object, got a list instead.", Fails("[1, 2]").Message);

    [Fact]
    public void An_object_without_packs_is_Malformed_with_st2s_message()
    {
        var e = Fails("""{"metadata": {}}""");
        Assert.Equal(IndexStatus.Malformed, e.Status);
        Assert.Equal("Index object is missing \"packs\" attribute.", e.Message);
    }

    [Fact]
    public void An_empty_object_is_Empty()
    {
        var e = Fails("{}");
        Assert.Equal(IndexStatus.Empty, e.Status);
        Assert.Equal("The index URL returned an empty object.", e.Message);
    }

    [Fact]
    public void Packs_that_is_not_an_object_is_Malformed() =>
        Assert.Contains("must be an object", Fails("""{"packs": []}""").Message);

    [Fact]
    public void Gzipped_content_is_decompressed()
    {
        using var buffer = new MemoryStream();
        using (var gzip = new GZipStream(buffer, CompressionLevel.Fastest, leaveOpen: true))
        {
            gzip.Write(Encoding.UTF8.GetBytes("""{"packs": {"z": {"name": "z"}}}"""));
        }

        Assert.Equal("z", Assert.Single(IndexDocumentParser.Parse(buffer.ToArray(), "gz", IndexDocumentParser.Unlimited).Packs).Name);
    }

    [Fact]
    public void Lookups_are_exact_like_st2()
    {
        var document = Parse("""{"packs": {"GitHub": {"name": "GitHub"}}}""");
        Assert.NotNull(document.Find("GitHub"));
        Assert.Null(document.Find("github"));
    }
}
