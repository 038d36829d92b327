using System.IO.Compression;
using System.Text;
using StackPack.Engine.Index;
using StackPack.Engine.Tests.Support;
using StackPack.Testing;

namespace StackPack.Engine.Tests.Index;

public class PackIndexLoaderTests : IDisposable
{
    private const string Good = """{"metadata": {}, "packs": {"alpha": {"name": "alpha", "version": "1.0.0", "versions": ["1.0.0"]}, "beta": {"name": "beta"}}}""";
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
    };

    private static IndexSourceResult Load(IndexLoadOptions options) => LoadAll(options).Single();

    private static IndexSourceResult[] LoadAll(IndexLoadOptions options) =>
        Task.WhenAll(PackIndexLoader.Start(options, CancellationToken.None)).GetAwaiter().GetResult();

    private string CachedContent(string url) => File.ReadAllText(new IndexCacheStore(_temp.Combine("cache")).ContentPath(url));

    [Fact]
    public void Downloads_caches_and_then_serves_from_the_cache_without_a_request()
    {
        var url = _server.Url("/index.json");
        _server.Set("/index.json", 200, Good, etag: "\"v1\"");

        var first = Load(Options(url));
        var second = Load(Options(url));

        Assert.Equal(IndexStatus.Valid, first.Status);
        Assert.False(first.FromCache);
        Assert.Equal(2, first.PackCount);
        Assert.Equal(IndexStatus.Valid, second.Status);
        Assert.True(second.FromCache);
        Assert.Contains("fresh", second.Message);
        Assert.Single(_server.Requests);

        // A new session reads the parsed copy beside the cached JSON instead of parsing it again.
        var content = new IndexCacheStore(_temp.Combine("cache")).ContentPath(url);
        Assert.True(File.Exists(IndexBinaryCache.PathFor(_temp.Combine("cache"), content)));
    }

    [Fact]
    public void After_the_freshness_window_it_revalidates_with_the_ETag_and_uses_the_304()
    {
        var url = _server.Url("/index.json");
        _server.Set("/index.json", 200, Good, etag: "\"v1\"");
        Load(Options(url));

        var revalidated = Load(Options(url) with { MaxAge = TimeSpan.Zero });

        Assert.Equal(2, _server.Requests.Length);
        Assert.Equal("\"v1\"", _server.Requests[1].Header("If-None-Match"));
        Assert.True(revalidated.FromCache);
        Assert.Contains("304", revalidated.Message);
        Assert.Equal(2, revalidated.PackCount);
    }

    [Fact]
    public void Refresh_asks_the_server_even_when_the_cache_is_fresh()
    {
        var url = _server.Url("/index.json");
        _server.Set("/index.json", 200, Good);
        Load(Options(url));
        _server.Set("/index.json", 200, Good.Replace("beta", "gamma"));

        var refreshed = Load(Options(url) with { Refresh = true });

        Assert.False(refreshed.FromCache);
        Assert.NotNull(refreshed.Document!.Find("gamma"));
    }

    [Fact]
    public void Unconditional_downloads_in_full_even_when_the_server_would_answer_304()
    {
        var url = _server.Url("/index.json");
        _server.Set("/index.json", 200, Good, etag: "\"v1\"");
        Load(Options(url));
        _server.ClearRequests();

        Assert.Contains("304", Load(Options(url) with { Refresh = true }).Message);
        Assert.Equal("\"v1\"", _server.Requests.Single().Header("If-None-Match"));
        _server.ClearRequests();

        var full = Load(Options(url) with { Refresh = true, Unconditional = true });
        Assert.False(full.FromCache);
        Assert.Null(_server.Requests.Single().Header("If-None-Match"));
        Assert.Equal(2, full.PackCount);
    }

    [Theory]
    [InlineData(500, "not json at all", IndexStatus.Unresponsive, "HTTP 500")]
    [InlineData(404, "", IndexStatus.Unresponsive, "HTTP 404")]
    [InlineData(200, "{ broken", IndexStatus.Malformed, "not valid JSON")]
    [InlineData(200, "[]", IndexStatus.Malformed, "got a list")]
    [InlineData(200, "{}", IndexStatus.Empty, "empty object")]
    [InlineData(200, "{\"metadata\": {}}", IndexStatus.Malformed, "missing \"packs\"")]
    public void A_bad_answer_keeps_the_last_good_copy_and_says_how_old_it_is(int status, string body, IndexStatus expected, string reason)
    {
        var url = _server.Url("/index.json");
        _server.Set("/index.json", 200, Good);
        Load(Options(url));
        _server.Set("/index.json", status, body);

        var result = Load(Options(url) with { Refresh = true });

        Assert.Equal(expected, result.Status);
        Assert.Contains(reason, result.Message);
        Assert.True(result.FromCache);
        Assert.Equal(2, result.PackCount);
        Assert.NotNull(result.CacheAge);
        Assert.Contains("cached copy from", result.Warning);
        Assert.Equal(Good, CachedContent(url)); // untouched
    }

    [Fact]
    public void A_bad_answer_without_a_cache_has_no_packs_and_no_warning()
    {
        _server.Set("/index.json", 200, "[]");
        var result = Load(Options(_server.Url("/index.json")));
        Assert.Equal(IndexStatus.Malformed, result.Status);
        Assert.Null(result.Document);
        Assert.Null(result.Warning);
    }

    [Fact]
    public void A_slow_server_times_out_instead_of_hanging()
    {
        _server.Set("/slow.json", 200, Good, delayMilliseconds: 5000);
        var started = DateTime.UtcNow;

        var result = Load(Options(_server.Url("/slow.json")) with { Timeout = TimeSpan.FromMilliseconds(300) });

        Assert.Equal(IndexStatus.Unresponsive, result.Status);
        Assert.Contains("did not answer within", result.Message);
        Assert.True(DateTime.UtcNow - started < TimeSpan.FromSeconds(3));
    }

    [Fact]
    public void A_refused_connection_or_a_dropped_one_is_Unresponsive()
    {
        var closed = new LoopbackHttpServer();
        var refusedUrl = closed.Url("/index.json");
        closed.Dispose();
        _server.Drop("/drop.json");

        var results = LoadAll(Options(refusedUrl, _server.Url("/drop.json")));

        Assert.All(results, r => Assert.Equal(IndexStatus.Unresponsive, r.Status));
        Assert.All(results, r => Assert.Contains("cannot be reached", r.Message));
    }

    [Fact]
    public void Gzip_content_encoding_and_raw_gzip_bodies_are_read()
    {
        _server.SetBytes("/encoded.json", 200, Gzip(Good), contentEncoding: "gzip");
        _server.SetBytes("/raw.json.gz", 200, Gzip(Good));

        var results = LoadAll(Options(_server.Url("/encoded.json"), _server.Url("/raw.json.gz")));

        Assert.All(results, r => Assert.Equal(2, r.PackCount));
    }

    [Fact]
    public void A_huge_index_is_refused_with_the_limit()
    {
        _server.Set("/huge.json", 200, Good);
        var result = Load(Options(_server.Url("/huge.json")) with { MaxBytes = 64 });
        Assert.Equal(IndexStatus.Error, result.Status);
        Assert.Contains("larger than", result.Message);
    }

    [Fact]
    public void One_broken_index_does_not_stop_the_others()
    {
        _server.Set("/good.json", 200, Good);
        _server.Set("/bad.json", 500, "");

        var results = LoadAll(Options(_server.Url("/bad.json"), _server.Url("/good.json")));

        Assert.Equal([IndexStatus.Unresponsive, IndexStatus.Valid], results.Select(r => r.Status));
    }

    [Fact]
    public void Credentials_in_the_url_become_basic_auth_and_never_show()
    {
        _server.Set("/private.json", 200, Good);
        var url = $"http://reader:S3CRET-TOKEN@127.0.0.1:{_server.Port}/private.json";

        var result = Load(Options(url));

        Assert.Equal(IndexStatus.Valid, result.Status);
        Assert.Equal($"Basic {Convert.ToBase64String(Encoding.UTF8.GetBytes("reader:S3CRET-TOKEN"))}", _server.Requests[0].Header("Authorization"));
        Assert.DoesNotContain("S3CRET", result.Url);
        Assert.All(result.Document!.Packs, p => Assert.DoesNotContain("S3CRET", p.IndexUrl));
        foreach (var file in Directory.EnumerateFiles(_temp.Combine("cache")))
        {
            Assert.DoesNotContain("S3CRET", File.ReadAllText(file));
        }
    }

    [Fact]
    public void Requests_go_through_HTTP_PROXY_unless_NO_PROXY_says_otherwise()
    {
        _server.Set("/via-proxy.json", 200, Good);
        var proxied = Options("http://index.invalid/via-proxy.json") with
        {
            GetVariable = n => n == "HTTP_PROXY" ? _server.Url("") : null,
        };

        var result = Load(proxied);

        Assert.Equal(IndexStatus.Valid, result.Status);
        Assert.Equal("http://index.invalid/via-proxy.json", _server.Requests.Single().Target);

        var bypass = Options(_server.Url("/via-proxy.json")) with
        {
            GetVariable = n => n switch { "HTTP_PROXY" => "http://127.0.0.1:9", "NO_PROXY" => "127.0.0.1", _ => null },
        };
        Assert.Equal(IndexStatus.Valid, Load(bypass).Status);
    }

    [Fact]
    public void Local_paths_and_file_urls_are_read_directly()
    {
        var file = _temp.Write("mirror/index.json", Good);
        var results = LoadAll(Options(file, new Uri(file).AbsoluteUri, "mirror/index.json", _temp.Combine("missing.json")));

        Assert.Equal([IndexStatus.Valid, IndexStatus.Valid, IndexStatus.Valid, IndexStatus.Unresponsive], results.Select(r => r.Status));
        Assert.Contains("does not exist", results[3].Message);
        Assert.False(Directory.Exists(_temp.Combine("cache")));
    }

    [Fact]
    public void Unsupported_schemes_are_an_Error()
    {
        var result = Load(Options("ftp://mirror.example/index.json"));
        Assert.Equal(IndexStatus.Error, result.Status);
        Assert.Contains("not an http(s) URL", result.Message);
    }

    private static byte[] Gzip(string text)
    {
        using var buffer = new MemoryStream();
        using (var gzip = new GZipStream(buffer, CompressionLevel.Fastest, leaveOpen: true))
        {
            gzip.Write(Encoding.UTF8.GetBytes(text));
        }

        return buffer.ToArray();
    }
}
