using System.Globalization;
using System.IO.Compression;
using System.Text;
using StackPack.Engine.Index;
using StackPack.Engine.Tests.Support;
using StackPack.Testing;

namespace StackPack.Engine.Tests.Hostile;

/// <summary>Hostile indexes: gzip bombs stay within the size limit, a pack listed twice is one pack, and culture cannot drop a header.</summary>
public class HostileIndexTests : IDisposable
{
    private const long Limit = 1024 * 1024; // 1 MB, as STACKPACK_INDEX_MAX_MB=1 would give
    private readonly TempFolder _temp = new();
    private readonly LoopbackHttpServer _server = new();

    public void Dispose()
    {
        _server.Dispose();
        _temp.Dispose();
    }

    private IndexLoadOptions Options(params string[] sources) => new()
    {
        Sources = sources,
        CacheFolder = _temp.Combine("cache"),
        BaseDirectory = _temp.Path,
        GetVariable = _ => null,
        MaxBytes = Limit,
    };

    private static IndexSourceResult Load(IndexLoadOptions options) =>
        Task.WhenAll(PackIndexLoader.Start(options, CancellationToken.None)).GetAwaiter().GetResult().Single();

    /// <summary>A valid-looking index start followed by 64 MB of spaces: about 64 KB once gzipped.</summary>
    private static byte[] Gzip(byte[] content)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.SmallestSize))
        {
            gzip.Write(content);
        }

        return output.ToArray();
    }

    private static byte[] Bomb()
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.SmallestSize))
        {
            gzip.Write("{\"packs\": {"u8);
            var spaces = new byte[1024 * 1024];
            Array.Fill(spaces, (byte)' ');
            for (var i = 0; i < 64; i++)
            {
                gzip.Write(spaces);
            }

            gzip.Write("}}"u8);
        }

        return output.ToArray();
    }

    [Theory]
    [InlineData(null)]
    [InlineData("gzip")]
    public void A_gzip_bomb_served_with_or_without_Content_Encoding_stops_at_the_limit(string? contentEncoding)
    {
        var bomb = Bomb();
        Assert.True(bomb.Length < Limit / 4);
        var url = _server.Url("/index.json");
        _server.SetBytes("/index.json", 200, bomb, contentEncoding);

        var result = Load(Options(url));

        Assert.Equal(IndexStatus.Error, result.Status);
        Assert.Contains(url, result.Message);
        Assert.Contains("1 MB limit", result.Message);
        Assert.Null(result.Document);
        Assert.False(File.Exists(new IndexCacheStore(_temp.Combine("cache")).ContentPath(url)));
    }

    [Fact]
    public void A_gzip_bomb_inside_a_gzip_encoded_response_stops_at_the_limit()
    {
        var url = _server.Url("/index.json.gz");
        _server.SetBytes("/index.json.gz", 200, Gzip(Bomb()), "gzip");

        var result = Load(Options(url));

        Assert.Equal(IndexStatus.Error, result.Status);
        Assert.Contains("once decompressed", result.Message);
    }

    [Fact]
    public void A_gzip_bomb_as_a_local_index_file_stops_at_the_limit()
    {
        var path = _temp.Combine("index.json.gz");
        File.WriteAllBytes(path, Bomb());

        var result = Load(Options(path));

        Assert.Equal(IndexStatus.Error, result.Status);
        Assert.Contains(path, result.Message);
        Assert.Contains("once decompressed", result.Message);
    }

    [Fact]
    public void A_small_gzipped_index_without_Content_Encoding_still_loads()
    {
        var url = _server.Url("/index.json");
        _server.SetBytes("/index.json", 200, Gzip("{\"packs\": {\"a\": {\"version\": \"1.0.0\"}}}"u8.ToArray()));

        Assert.Equal(1, Load(Options(url)).PackCount);
    }

    [Fact]
    public void A_pack_listed_twice_is_one_pack_the_last_entry_with_a_warning_naming_it()
    {
        var url = _server.Url("/index.json");
        _server.Set("/index.json", 200, """
            {"packs": {
              "twice": {"version": "1.0.0", "repo_url": "https://example.invalid/first.git"},
              "other": {"version": "2.0.0"},
              "twice": {"version": "9.9.9", "repo_url": "https://example.invalid/second.git"}
            }}
            """);

        var result = Load(Options(url));

        var document = result.Document!;
        Assert.Equal(["twice", "other"], document.Packs.Select(p => p.Name));
        var listed = document.Packs.Single(p => p.Name == "twice");
        Assert.Same(listed, document.Find("twice"));
        Assert.Equal("https://example.invalid/second.git", listed.RepoUrl);
        Assert.Contains("'twice' more than once", result.Warning);
        Assert.Contains(url, result.Warning);
    }

    [Fact]
    public void The_warning_for_a_pack_listed_twice_survives_the_parsed_cache_of_a_new_session()
    {
        var url = _server.Url("/index.json");
        _server.Set("/index.json", 200, """{"packs": {"twice": {"version": "1.0.0"}, "twice": {"version": "2.0.0"}}}""");
        Load(Options(url));
        ParsedIndexCache.Clear(); // a new process: the binary cache is read instead of the JSON

        var cached = Load(Options(url));

        Assert.True(cached.FromCache);
        Assert.Equal("2.0.0", Assert.Single(cached.Document!.Packs).Version);
        Assert.Contains("'twice' more than once", cached.Warning);
    }

    [Theory]
    [InlineData("th-TH")]
    [InlineData("ar-SA")]
    [InlineData("fa-IR")]
    public void If_Modified_Since_is_sent_whatever_the_culture(string culture)
    {
        var url = _server.Url("/index.json");
        var response = _server.Set("/index.json", 200, "{\"packs\": {\"a\": {}}}");
        response.Headers["Last-Modified"] = "Tue, 01 Dec 2026 10:00:00 GMT";
        Load(Options(url));

        var before = CultureInfo.CurrentCulture;
        try
        {
            CultureInfo.CurrentCulture = new CultureInfo(culture);
            Load(Options(url) with { MaxAge = TimeSpan.Zero });
        }
        finally
        {
            CultureInfo.CurrentCulture = before;
        }

        Assert.Equal(2, _server.Requests.Length);
        Assert.Equal("Tue, 01 Dec 2026 10:00:00 GMT", _server.Requests[1].Header("If-Modified-Since"));
    }
}
