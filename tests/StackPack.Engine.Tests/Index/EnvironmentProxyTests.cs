using StackPack.Engine.Index;

namespace StackPack.Engine.Tests.Index;

public class EnvironmentProxyTests
{
    private static EnvironmentProxy Proxy(params (string Name, string Value)[] variables)
    {
        var map = variables.ToDictionary(v => v.Name, v => v.Value);
        return new EnvironmentProxy(n => map.TryGetValue(n, out var v) ? v : null);
    }

    [Fact]
    public void Uses_the_proxy_for_the_scheme_and_falls_back_to_HTTP_PROXY_for_https()
    {
        var proxy = Proxy(("HTTP_PROXY", "proxy.example:3128"));
        Assert.Equal(new Uri("http://proxy.example:3128"), proxy.GetProxy(new Uri("https://index.example/i.json")));
        Assert.Equal(new Uri("http://proxy.example:3128"), proxy.GetProxy(new Uri("http://index.example/i.json")));
    }

    [Fact]
    public void Lowercase_variables_work_too()
    {
        var proxy = Proxy(("https_proxy", "http://secure-proxy:8080"));
        Assert.Equal(new Uri("http://secure-proxy:8080"), proxy.GetProxy(new Uri("https://a.example/")));
        Assert.Null(proxy.GetProxy(new Uri("http://a.example/")));
    }

    [Theory]
    [InlineData("internal.example", "https://internal.example/x", true)]
    [InlineData(".example", "https://mirror.example/x", true)]
    [InlineData("*.example", "https://mirror.example/x", true)]
    [InlineData("example", "https://notexample.com/x", false)]
    [InlineData("127.0.0.1", "http://127.0.0.1:8080/x", true)]
    [InlineData("mirror:8443", "https://mirror:8443/x", true)]
    [InlineData("mirror:8443", "https://mirror/x", false)]
    [InlineData("*", "https://anything/x", true)]
    public void NO_PROXY_bypasses_hosts_domains_and_ports(string noProxy, string url, bool bypassed)
    {
        var proxy = Proxy(("HTTPS_PROXY", "http://p:1"), ("HTTP_PROXY", "http://p:1"), ("NO_PROXY", $"other, {noProxy}"));
        Assert.Equal(bypassed, proxy.GetProxy(new Uri(url)) is null);
    }

    [Fact]
    public void Proxy_credentials_come_from_the_proxy_url()
    {
        var proxy = Proxy(("HTTPS_PROXY", "http://user:p%40ss@p:1"));
        var credential = proxy.Credentials!.GetCredential(new Uri("http://p:1"), "Basic")!;
        Assert.Equal("user", credential.UserName);
        Assert.Equal("p@ss", credential.Password);
    }
}
