using StackPack.Engine.Index;
using StackPack.Engine.Tests.Support;

namespace StackPack.Engine.Tests.Index;

/// <summary>The binary copy of a parsed index that spares a new session the JSON parse.</summary>
[Collection("ParsedIndexCache")]
public sealed class IndexBinaryCacheTests : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose()
    {
        ParsedIndexCache.Clear();
        _temp.Dispose();
    }

    private const string Index = """
        {"packs": {
          "aws": {"name": "AWS", "ref": "aws", "version": "2.0.1", "versions": ["1.0.0", "2.0.1", "v0.9.0"], "description": "Amazon",
                  "author": "StackStorm", "email": "info@stackstorm.com", "keywords": ["cloud", "aws"], "repo_url": "https://github.com/StackStorm-Exchange/stackstorm-aws",
                  "stackstorm_version": ">=3.0.0", "python_versions": ["3"], "dependencies": ["core"], "contributors": ["Someone"],
                  "content": {"actions": {"count": 3, "resources": ["a", "b", "c"]}, "sensors": {"count": 1, "resources": ["s"]}}},
          "bare": {"description": "no ref, no versions"}
        }}
        """;

    /// <summary>The index parsed once, so its binary copy exists: the paths, and the copy's bytes.</summary>
    private (string Json, string Cache, string Binary, byte[] Bytes) Cached()
    {
        var json = _temp.Write("index.json", Index);
        var cache = _temp.Combine("cache");
        ParsedIndexCache.Load(json, "index.json", 1 << 20, cache);
        var binary = IndexBinaryCache.PathFor(cache, json);
        return (json, cache, binary, File.ReadAllBytes(binary));
    }

    [Fact]
    public void A_new_session_reads_the_binary_copy_and_gets_the_same_entries()
    {
        var json = _temp.Write("index.json", Index);
        var cache = _temp.Combine("cache");
        var parsed = ParsedIndexCache.Load(json, "index.json", 1 << 20, cache);
        var binary = IndexBinaryCache.PathFor(cache, json);
        Assert.True(File.Exists(binary));

        // Make the JSON unparsable without changing its size or time: only the binary copy can answer now.
        var info = new FileInfo(json);
        var written = info.LastWriteTimeUtc;
        File.WriteAllText(json, new string('x', (int)info.Length));
        File.SetLastWriteTimeUtc(json, written);
        ParsedIndexCache.Clear();
        var read = ParsedIndexCache.Load(json, "index.json", 1 << 20, cache);

        Assert.Equal(parsed.Packs.Count, read.Packs.Count);
        for (var i = 0; i < parsed.Packs.Count; i++)
        {
            var (a, b) = (parsed.Packs[i], read.Packs[i]);
            Assert.Equal(a with { IndexedVersions = [], Keywords = [], PythonVersions = [], Dependencies = [], Contributors = [] },
                b with { IndexedVersions = [], Keywords = [], PythonVersions = [], Dependencies = [], Contributors = [] });
            Assert.Equal(a.IndexedVersions, b.IndexedVersions);
            Assert.Equal(a.Versions, b.Versions);
            Assert.Equal(a.Keywords, b.Keywords);
            Assert.Equal(a.PythonVersions, b.PythonVersions);
            Assert.Equal(a.Dependencies, b.Dependencies);
            Assert.Equal(a.Contributors, b.Contributors);
        }
    }

    [Fact]
    public void A_changed_index_is_parsed_again_and_a_damaged_copy_is_ignored()
    {
        var json = _temp.Write("index.json", Index);
        var cache = _temp.Combine("cache");
        ParsedIndexCache.Load(json, "index.json", 1 << 20, cache);

        File.WriteAllText(json, Index.Replace("2.0.1\", \"versions", "2.0.2\", \"versions"));
        ParsedIndexCache.Clear();
        Assert.Equal("2.0.2", ParsedIndexCache.Load(json, "index.json", 1 << 20, cache).Find("aws")!.Version);

        var binary = IndexBinaryCache.PathFor(cache, json);
        var bytes = File.ReadAllBytes(binary);
        File.WriteAllBytes(binary, bytes[..(bytes.Length / 2)]);
        ParsedIndexCache.Clear();
        Assert.Equal("2.0.2", ParsedIndexCache.Load(json, "index.json", 1 << 20, cache).Find("aws")!.Version);
    }
    [Fact]
    public void A_copy_with_numbers_out_of_range_is_ignored_and_the_json_answers()
    {
        var (json, cache, binary, bytes) = Cached();

        // The entries come last: 0xFF bytes there are string numbers and counts far out of range.
        bytes.AsSpan(bytes.Length - 48).Fill(0xFF);
        File.WriteAllBytes(binary, bytes);
        ParsedIndexCache.Clear();
        var read = ParsedIndexCache.Load(json, "index.json", 1 << 20, cache);

        Assert.Equal(["aws", "bare"], read.Packs.Select(p => p.Name));
        Assert.Equal("2.0.1", read.Find("aws")!.Version);
        Assert.Equal(["cloud", "aws"], read.Find("aws")!.Keywords);
    }

    [Fact]
    public void A_copy_changed_anywhere_is_ignored_even_where_the_change_would_still_decode()
    {
        var (json, cache, binary, bytes) = Cached();

        // "Amazon" becomes "Amazom" in the string table: still a valid copy to decode, but not the one written.
        var at = bytes.AsSpan().IndexOf("Amazon"u8);
        Assert.True(at > 0);
        bytes[at + 5] = (byte)'m';
        File.WriteAllBytes(binary, bytes);
        ParsedIndexCache.Clear();

        Assert.Equal("Amazon", ParsedIndexCache.Load(json, "index.json", 1 << 20, cache).Find("aws")!.Description);
    }

    [Fact]
    public void A_copy_with_more_in_it_than_its_counts_say_is_ignored_even_with_a_matching_hash()
    {
        var (json, cache, binary, bytes) = Cached();

        // Forged with care: extra bytes after the content, and the hash made to match them.
        var content = bytes[..^32].Concat(new byte[] { 1, 2, 3 }).ToArray();
        File.WriteAllBytes(binary, content.Concat(System.Security.Cryptography.SHA256.HashData(content)).ToArray());
        var info = new FileInfo(json);
        var written = info.LastWriteTimeUtc;
        File.WriteAllText(json, new string('x', (int)info.Length));
        File.SetLastWriteTimeUtc(json, written);
        ParsedIndexCache.Clear();

        // The JSON is unparsable now, so had the copy been taken there would be packs; it was not.
        Assert.ThrowsAny<Exception>(() => ParsedIndexCache.Load(json, "index.json", 1 << 20, cache));
    }
}
