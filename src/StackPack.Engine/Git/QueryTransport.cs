using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using LibGit2Sharp;

namespace StackPack.Engine.Git;

/// <summary>
/// git's smart HTTP protocol for URLs whose query carries a credential, so that the query goes to
/// the server and into no file. libgit2 writes the URL it fetches from into .git/config and the
/// reflogs, and LibGit2Sharp offers no anonymous fetch; an http.extraHeader would be a persisted
/// secret too. So the repository's remote is "stackpack-https://host/repo.git" (no query), this
/// transport (registered for that scheme) turns it back into "https://host/repo.git", appends the
/// query it was handed in memory (<see cref="Register"/>), and speaks stateless smart HTTP with
/// HttpClient (which honours HTTPS_PROXY / NO_PROXY and the system's certificates, as libgit2 does).
/// </summary>
internal sealed class QueryTransport : RpcSmartSubtransport
{
    private const string Prefix = "stackpack-";
    private static readonly ConcurrentDictionary<string, Registration> s_queries = new(StringComparer.Ordinal);
    private static readonly Lazy<bool> s_registered = new(() =>
    {
        GlobalSettings.RegisterSmartSubtransport<QueryTransport>(Prefix + "https");
        GlobalSettings.RegisterSmartSubtransport<QueryTransport>(Prefix + "http");
        return true;
    });

    private static readonly HttpClient s_http = new(new SocketsHttpHandler
    {
        AllowAutoRedirect = true,
        AutomaticDecompression = DecompressionMethods.All,
        ConnectTimeout = TimeSpan.FromSeconds(60),
    })
    { Timeout = Timeout.InfiniteTimeSpan };

    private sealed record Registration(string Query, TimeSpan Inactivity);

    /// <summary>
    /// Makes <paramref name="storedUrl"/> fetchable with <paramref name="query"/> for as long as the
    /// result is not disposed, and returns the URL to give libgit2 (the stored one, scheme prefixed).
    /// </summary>
    public static (string TransportUrl, IDisposable Registration) Register(string storedUrl, string query, TimeSpan inactivity)
    {
        _ = s_registered.Value;
        s_queries[storedUrl] = new Registration(query, inactivity);
        return (Prefix + storedUrl, new Unregister(storedUrl));
    }

    protected override SmartSubtransportStream Action(string url, GitSmartSubtransportAction action)
    {
        var real = url.StartsWith(Prefix, StringComparison.Ordinal) ? url[Prefix.Length..] : url;
        var registration = s_queries.GetValueOrDefault(real) ?? throw new LibGit2SharpException($"No fetch of {CredentialRedactor.RedactUrl(real)} is in progress.");
        var extra = registration.Query.TrimStart('?');
        return action switch
        {
            GitSmartSubtransportAction.UploadPackList =>
                new RequestStream(this, $"{real}/info/refs?service=git-upload-pack&{extra}", post: false, registration.Inactivity),
            GitSmartSubtransportAction.UploadPack =>
                new RequestStream(this, $"{real}/git-upload-pack?{extra}", post: true, registration.Inactivity),
            _ => throw new LibGit2SharpException("StackPack only fetches: pushing is not supported."),
        };
    }

    private sealed class Unregister(string storedUrl) : IDisposable
    {
        public void Dispose() => s_queries.TryRemove(storedUrl, out _);
    }

    /// <summary>One HTTP exchange: what libgit2 writes is the request body; the response is read back as it arrives.</summary>
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001", Justification = "libgit2 owns the stream's lifetime: it calls Free(), which disposes the body and the response.")]
    private sealed class RequestStream(QueryTransport transport, string url, bool post, TimeSpan inactivity) : SmartSubtransportStream(transport)
    {
        private readonly MemoryStream _body = new();
        private HttpResponseMessage? _response;
        private Stream? _content;

        public override int Write(Stream dataStream, long length)
        {
            var buffer = new byte[81920];
            while (length > 0 && dataStream.Read(buffer, 0, (int)Math.Min(buffer.Length, length)) is var read and > 0)
            {
                _body.Write(buffer, 0, read);
                length -= read;
            }

            return 0;
        }

        public override int Read(Stream dataStream, long length, out long bytesRead)
        {
            _content ??= Send();
            var buffer = new byte[(int)Math.Min(81920, length)];
            using var idle = new CancellationTokenSource(inactivity);
            int read;
            try
            {
                read = _content.ReadAsync(buffer, idle.Token).AsTask().GetAwaiter().GetResult();
            }
            catch (OperationCanceledException)
            {
                throw new LibGit2SharpException($"the server sent nothing for {inactivity.TotalSeconds:0.#} seconds");
            }

            dataStream.Write(buffer, 0, read);
            bytesRead = read;
            return 0;
        }

        private Stream Send()
        {
            HttpResponseMessage response;
            Credentials? credentials = null;
            while (true)
            {
                using var request = new HttpRequestMessage(post ? HttpMethod.Post : HttpMethod.Get, url);
                request.Headers.UserAgent.ParseAdd("git/2.0 (StackPack)");
                if (post)
                {
                    request.Content = new ByteArrayContent(_body.ToArray());
                    request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/x-git-upload-pack-request");
                    request.Headers.Accept.ParseAdd("application/x-git-upload-pack-result");
                }

                if (credentials is UsernamePasswordCredentials basic)
                {
                    request.Headers.Authorization = new AuthenticationHeaderValue("Basic",
                        Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes($"{basic.Username}:{basic.Password}")));
                }

                using var connect = new CancellationTokenSource(inactivity);
                try
                {
                    response = s_http.Send(request, HttpCompletionOption.ResponseHeadersRead, connect.Token);
                }
                catch (Exception e) when (e is HttpRequestException or OperationCanceledException)
                {
                    throw new LibGit2SharpException(e is OperationCanceledException ? $"the server sent nothing for {inactivity.TotalSeconds:0.#} seconds" : e.Message);
                }

                // One attempt with credentials, as libgit2 does: asking again means they were rejected.
                if (response.StatusCode == HttpStatusCode.Unauthorized && credentials is null && Ask(out credentials))
                {
                    response.Dispose();
                    continue;
                }

                break;
            }

            _response = response;
            if (!response.IsSuccessStatusCode)
            {
                throw new LibGit2SharpException($"unexpected HTTP status code: {(int)response.StatusCode} ({(response.StatusCode == HttpStatusCode.Unauthorized ? "authentication required" : response.ReasonPhrase)})");
            }

            return response.Content.ReadAsStream();
        }

        /// <summary>The fetch's credentials callback; false when there is none (libgit2 then fails at once, as without this transport).</summary>
        private bool Ask(out Credentials? credentials)
        {
            try
            {
                return SmartTransport.AcquireCredentials(out credentials, null, typeof(UsernamePasswordCredentials)) == 0 && credentials is not null;
            }
            catch (LibGit2SharpException)
            {
                credentials = null;
                return false;
            }
        }

        protected override void Free()
        {
            _content?.Dispose();
            _response?.Dispose();
            _body.Dispose();
            base.Free();
        }
    }
}
