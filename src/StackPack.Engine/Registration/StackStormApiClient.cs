using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using StackPack.Engine.Git;
using StackPack.Engine.Index;

namespace StackPack.Engine.Registration;

/// <summary>How to reach a running StackStorm.</summary>
public sealed record StackStormApi(string BaseUrl, string? ApiKey, string? AuthToken)
{
    public override string ToString() => $"StackStormApi({CredentialRedactor.RedactUrl(BaseUrl)})";
}

/// <summary>
/// Calls StackStorm's POST /api/v1/packs/register (what `st2 pack register` calls) with the
/// packs and types, authenticated with St2-Api-Key or X-Auth-Token, and returns StackStorm's
/// counts. Its errors come back with StackStorm's faultstring.
/// </summary>
public static class StackStormApiClient
{
    private static readonly Dictionary<ContentType, string> s_types = new()
    {
        [ContentType.Action] = "action", [ContentType.Sensor] = "sensor", [ContentType.Trigger] = "trigger", [ContentType.Rule] = "rule",
        [ContentType.Alias] = "alias", [ContentType.Policy] = "policy", [ContentType.Config] = "config",
    };

    public static IReadOnlyDictionary<string, long> Register(StackStormApi api, IReadOnlyList<string> packs, IReadOnlySet<ContentType> types,
        TimeSpan timeout, CancellationToken cancellation)
    {
        if (api.ApiKey is null && api.AuthToken is null)
        {
            throw new StackPackException("StackStormAuthenticationFailed", "No StackStorm API key or auth token was given.", api.BaseUrl,
                "Set $env:ST2_API_KEY or $env:ST2_AUTH_TOKEN, or pass -ApiKey.");
        }

        var endpoint = Endpoint(api.BaseUrl);
        var body = new Dictionary<string, object> { ["packs"] = packs, ["fail_on_failure"] = true };
        if (types.Count > 0)
        {
            body["types"] = types.Select(t => s_types[t]).ToList();
        }

        var proxy = Index.ProxyChoice.Select(new EnvironmentProxy(Environment.GetEnvironmentVariable), Index.ProxyChoice.System);
        using var handler = new SocketsHttpHandler { Proxy = proxy, UseProxy = proxy is not null };
        using var client = new HttpClient(handler) { Timeout = timeout };
        using var request = new HttpRequestMessage(HttpMethod.Post, endpoint)
        {
            Content = new StringContent(JsonSerializer.Serialize(body), Encoding.UTF8, "application/json"),
        };
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        if (api.ApiKey is not null)
        {
            request.Headers.Add("St2-Api-Key", api.ApiKey);
        }
        else
        {
            request.Headers.Add("X-Auth-Token", api.AuthToken);
        }

        var shown = CredentialRedactor.RedactUrl(endpoint.ToString());
        HttpResponseMessage response;
        try
        {
            response = client.SendAsync(request, cancellation).GetAwaiter().GetResult();
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !cancellation.IsCancellationRequested)
        {
            throw new StackPackException("StackStormUnavailable", $"StackStorm at {shown} cannot be reached: {e.Message}", shown,
                "Check [api] base_url in st2.conf or $env:ST2_API_URL, and that st2api runs.", e);
        }

        using (response)
        {
            var text = response.Content.ReadAsStringAsync(cancellation).GetAwaiter().GetResult();
            if ((int)response.StatusCode is 401 or 403)
            {
                throw new StackPackException("StackStormAuthenticationFailed", $"StackStorm at {shown} refused the credentials (HTTP {(int)response.StatusCode}): {Fault(text)}", shown, "Check the API key or auth token.");
            }

            if (!response.IsSuccessStatusCode)
            {
                throw new StackPackException("StackStormRegistrationFailed", $"StackStorm at {shown} failed to register the packs (HTTP {(int)response.StatusCode}): {Fault(text)}", shown, "See StackStorm's message above.");
            }

            try
            {
                using var document = JsonDocument.Parse(text);
                return document.RootElement.EnumerateObject()
                    .Where(p => p.Value.ValueKind == JsonValueKind.Number)
                    .ToDictionary(p => p.Name, p => p.Value.GetInt64(), StringComparer.Ordinal);
            }
            catch (JsonException e)
            {
                throw new StackPackException("StackStormRegistrationFailed", $"StackStorm at {shown} answered something that is not JSON counts.", shown, null, e);
            }
        }
    }

    /// <summary>
    /// As st2client builds it: the API URL plus "/v1/packs/register" ("https://host/api" behind
    /// nginx, "http://127.0.0.1:9101" directly), or "/packs/register" when it already ends in /v1.
    /// </summary>
    public static Uri Endpoint(string baseUrl)
    {
        var trimmed = baseUrl.TrimEnd('/');
        return new Uri(trimmed + (trimmed.EndsWith("/v1", StringComparison.OrdinalIgnoreCase) ? "/packs/register" : "/v1/packs/register"));
    }

    private static string Fault(string text)
    {
        try
        {
            using var document = JsonDocument.Parse(text);
            return document.RootElement.TryGetProperty("faultstring", out var fault) ? fault.GetString() ?? text : text;
        }
        catch (JsonException)
        {
            return text.Length > 300 ? text[..300] : text;
        }
    }
}
