using System.Net;

namespace StackPack.Engine.Index;

/// <summary>
/// The proxy that HTTPS_PROXY / HTTP_PROXY / NO_PROXY (or their lowercase forms) ask for,
/// read when a command runs. (.NET's HttpClient.DefaultProxy reads them once per process,
/// so a pwsh session that sets $env:HTTPS_PROXY later would otherwise be ignored.)
/// </summary>
public sealed class EnvironmentProxy : IWebProxy
{
    private readonly Uri? _httpProxy;
    private readonly Uri? _httpsProxy;
    private readonly string[] _bypass;

    public EnvironmentProxy(Func<string, string?> getVariable)
    {
        _httpProxy = ParseProxy(Read(getVariable, "HTTP_PROXY"));
        _httpsProxy = ParseProxy(Read(getVariable, "HTTPS_PROXY")) ?? _httpProxy;
        _bypass = (Read(getVariable, "NO_PROXY") ?? string.Empty)
            .Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(e => e.ToLowerInvariant())
            .ToArray();

        // "http://user:password@proxy:3128" carries the proxy's own credentials.
        var withUser = new[] { _httpsProxy, _httpProxy }.FirstOrDefault(u => u is not null && u.UserInfo.Length > 0);
        if (withUser is not null)
        {
            var parts = withUser.UserInfo.Split(':', 2);
            Credentials = new NetworkCredential(Uri.UnescapeDataString(parts[0]), parts.Length > 1 ? Uri.UnescapeDataString(parts[1]) : string.Empty);
        }
    }

    public bool IsConfigured => _httpProxy is not null || _httpsProxy is not null;

    public ICredentials? Credentials { get; set; }

    public Uri? GetProxy(Uri destination)
    {
        var proxy = destination.Scheme == Uri.UriSchemeHttps ? _httpsProxy : _httpProxy;
        return proxy is null || IsBypassed(destination) ? null : proxy;
    }

    public bool IsBypassed(Uri host)
    {
        var name = host.Host.ToLowerInvariant().Trim('[', ']');
        foreach (var entry in _bypass)
        {
            if (entry == "*")
            {
                return true;
            }

            // Entries may carry a port ("internal.example:8080") and a leading dot or "*.".
            var (entryHost, entryPort) = SplitPort(entry.TrimStart('*'));
            if (entryPort is not null && entryPort != host.Port.ToString(System.Globalization.CultureInfo.InvariantCulture))
            {
                continue;
            }

            var bare = entryHost.TrimStart('.');
            if (name == bare || name.EndsWith("." + bare, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    private static (string Host, string? Port) SplitPort(string entry)
    {
        var colon = entry.LastIndexOf(':');
        return colon > 0 && entry.IndexOf(']') < colon && int.TryParse(entry[(colon + 1)..], out _)
            ? (entry[..colon], entry[(colon + 1)..])
            : (entry, null);
    }

    private static string? Read(Func<string, string?> getVariable, string name)
    {
        var value = getVariable(name);
        if (string.IsNullOrWhiteSpace(value))
        {
            value = getVariable(name.ToLowerInvariant());
        }

        return string.IsNullOrWhiteSpace(value) ? null : value.Trim();
    }

    private static Uri? ParseProxy(string? value)
    {
        if (value is null)
        {
            return null;
        }

        if (!value.Contains("://", StringComparison.Ordinal))
        {
            value = "http://" + value;
        }

        return Uri.TryCreate(value, UriKind.Absolute, out var uri) ? uri : null;
    }
}
