using System.Net;
using StackPack.Engine.Index;
using StackPack.Testing;

namespace StackPack.Engine.Tests.Index;

/// <summary>The system proxy applies when no proxy variable is set; a variable wins over it.</summary>
public sealed class ProxyChoiceTests : IDisposable
{
    private readonly LoopbackHttpServer _proxy = new();

    private static EnvironmentProxy Variables(params (string Name, string Value)[] variables)
    {
        var map = variables.ToDictionary(v => v.Name, v => v.Value);
        return new EnvironmentProxy(n => map.TryGetValue(n, out var v) ? v : null);
    }

    [Fact]
    public async Task Without_proxy_variables_the_system_proxy_carries_the_request()
    {
        // A real HTTP proxy on loopback stands in for the OS settings: the request for a host that
        // does not resolve reaches it in absolute form, which only a proxied request does.
        _proxy.Set("/index.json", 200, """{"packs": {"a": {"name": "a", "version": "1.0.0", "repo_url": "https://x.invalid/a"}}}""");
        using var fetcher = new IndexFetcher(Variables(), TimeSpan.FromSeconds(30), 1 << 20, new WebProxy(_proxy.Url("/")));

        var outcome = await fetcher.FetchAsync(new Uri("http://index.invalid/index.json"), null, CancellationToken.None);

        Assert.IsType<FetchOutcome.Downloaded>(outcome);
        Assert.Contains(_proxy.Requests, r => r.Target == "http://index.invalid/index.json");
    }

    [Fact]
    public void A_proxy_variable_wins_over_the_system_proxy()
    {
        var variables = Variables(("HTTP_PROXY", "http://from-variable:3128"));
        var system = new WebProxy("http://from-system:8080");
        Assert.Same(variables, ProxyChoice.Select(variables, system));
        Assert.Same(system, ProxyChoice.Select(Variables(), system));
        Assert.Null(ProxyChoice.Select(Variables(), null));
    }

    [Fact]
    public void The_system_proxy_is_read_only_where_the_OS_has_one_beyond_the_environment()
    {
        if (OperatingSystem.IsLinux())
        {
            Assert.Null(ProxyChoice.System);
        }
        else
        {
            Assert.NotNull(ProxyChoice.System);
        }
    }

    public void Dispose() => _proxy.Dispose();
}
