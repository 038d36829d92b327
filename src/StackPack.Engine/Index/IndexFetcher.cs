using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using StackPack.Engine.Git;

namespace StackPack.Engine.Index;

/// <summary>The answer to one index request.</summary>
public abstract record FetchOutcome
{
    public sealed record Downloaded(byte[] Content, string? ETag, string? LastModified) : FetchOutcome;

    public sealed record NotModified : FetchOutcome;
}

/// <summary>The index could not be fetched; <see cref="Status"/> is Unresponsive or Error.</summary>
public sealed class IndexFetchException : Exception
{
    public IndexFetchException(IndexStatus status, string message, Exception? inner = null)
        : base(message, inner) => Status = status;

    public IndexStatus Status { get; }
}

/// <summary>
/// Downloads index documents over HTTP(S): conditional requests, a hard timeout for the whole
/// exchange (headers and body), a size limit, gzip, proxies from the environment, and
/// credentials from the URL sent as Basic auth instead of being left in the URL.
/// </summary>
public sealed class IndexFetcher : IDisposable
{
    private static readonly ProductInfoHeaderValue s_userAgent = new("StackPack", typeof(IndexFetcher).Assembly.GetName().Version?.ToString(3) ?? "0");

    private readonly HttpClient _client;
    private readonly TimeSpan _timeout;
    private readonly long _maxBytes;

    /// <param name="systemProxy">The operating system's proxy, used when no proxy variable is set (<see cref="ProxyChoice"/>).</param>
    public IndexFetcher(EnvironmentProxy proxy, TimeSpan timeout, long maxBytes, IWebProxy? systemProxy = null)
    {
        _timeout = timeout;
        _maxBytes = maxBytes;
        var chosen = ProxyChoice.Select(proxy, systemProxy);
        var handler = new SocketsHttpHandler
        {
            Proxy = chosen,
            UseProxy = chosen is not null,
            AutomaticDecompression = DecompressionMethods.All,
            ConnectTimeout = timeout,
        };
        _client = new HttpClient(handler) { Timeout = Timeout.InfiniteTimeSpan };
    }

    public async Task<FetchOutcome> FetchAsync(Uri url, IndexCacheEntry? cached, CancellationToken cancellation)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        timeout.CancelAfter(_timeout);
        var shown = CredentialRedactor.RedactUrl(url.ToString());
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, WithoutUserInfo(url));
            request.Headers.UserAgent.Add(s_userAgent);
            request.Headers.Accept.ParseAdd("application/json");
            if (url.UserInfo.Length > 0)
            {
                request.Headers.Authorization = new AuthenticationHeaderValue("Basic",
                    Convert.ToBase64String(Encoding.UTF8.GetBytes(Uri.UnescapeDataString(url.UserInfo))));
            }

            if (cached is not null)
            {
                if (cached.ETag is { Length: > 0 } etag && EntityTagHeaderValue.TryParse(etag, out var tag))
                {
                    request.Headers.IfNoneMatch.Add(tag);
                }

                // Stored as RFC 1123 ("R"); parsed invariantly, since under th-TH (Buddhist calendar),
                // ar-SA or fa-IR the thread's culture cannot read it and the header would be lost.
                if (cached.LastModified is { Length: > 0 } lastModified && DateTimeOffset.TryParse(lastModified, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var since))
                {
                    request.Headers.IfModifiedSince = since;
                }
            }

            using var response = await _client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token).ConfigureAwait(false);
            if (response.StatusCode == HttpStatusCode.NotModified && cached is not null)
            {
                return new FetchOutcome.NotModified();
            }

            if (!response.IsSuccessStatusCode)
            {
                throw new IndexFetchException(IndexStatus.Unresponsive,
                    $"{shown} answered HTTP {(int)response.StatusCode} {response.ReasonPhrase}.");
            }

            if (response.Content.Headers.ContentLength is { } length && length > _maxBytes)
            {
                throw TooLarge(shown, length);
            }

            var content = await ReadLimitedAsync(response.Content, shown, timeout.Token).ConfigureAwait(false);
            return new FetchOutcome.Downloaded(content, response.Headers.ETag?.ToString(),
                response.Content.Headers.LastModified?.ToString("R"));
        }
        catch (OperationCanceledException) when (!cancellation.IsCancellationRequested)
        {
            throw new IndexFetchException(IndexStatus.Unresponsive,
                $"{shown} did not answer within {_timeout.TotalSeconds:0.#} s (the timeout).");
        }
        catch (HttpRequestException e)
        {
            var reason = e.InnerException?.Message ?? e.Message;
            throw new IndexFetchException(IndexStatus.Unresponsive, $"{shown} cannot be reached: {CredentialRedactor.RedactText(reason)}", e);
        }
    }

    private async Task<byte[]> ReadLimitedAsync(HttpContent content, string shown, CancellationToken cancellation)
    {
        await using var stream = await content.ReadAsStreamAsync(cancellation).ConfigureAwait(false);
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await stream.ReadAsync(chunk, cancellation).ConfigureAwait(false)) > 0)
        {
            if (buffer.Length + read > _maxBytes)
            {
                throw TooLarge(shown, null);
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }

    private IndexFetchException TooLarge(string shown, long? length) =>
        new(IndexStatus.Error,
            $"{shown} is larger than the {_maxBytes / (1024 * 1024)} MB limit{(length is { } l ? $" ({l / (1024 * 1024)} MB)" : string.Empty)}; "
            + "raise it with STACKPACK_INDEX_MAX_MB if this index is really that big.");

    private static Uri WithoutUserInfo(Uri url) =>
        url.UserInfo.Length == 0 ? url : new UriBuilder(url) { UserName = string.Empty, Password = string.Empty }.Uri;

    public void Dispose() => _client.Dispose();
}
