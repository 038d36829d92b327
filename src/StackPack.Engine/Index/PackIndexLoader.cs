using System.Diagnostics;
using StackPack.Engine.Git;

namespace StackPack.Engine.Index;

/// <summary>
/// Loads every configured index at once, each independently: one broken or slow index never
/// stops the others. HTTP indexes are cached (fresh copies used without a request within
/// MaxAge, then revalidated with ETag / Last-Modified); when a source fails, the last good
/// cached copy is used and the result says how old it is. Local files are read directly.
/// </summary>
public static class PackIndexLoader
{
    /// <summary>Starts loading; the tasks come back in priority order and never fault.</summary>
    public static IReadOnlyList<Task<IndexSourceResult>> Start(IndexLoadOptions options, CancellationToken cancellation)
    {
        var store = new IndexCacheStore(options.CacheFolder);
        return options.Sources.Select(source => Task.Run(() => LoadOneAsync(source, options, store, cancellation), cancellation)).ToList();
    }

    private static async Task<IndexSourceResult> LoadOneAsync(string source, IndexLoadOptions options, IndexCacheStore store, CancellationToken cancellation)
    {
        var clock = Stopwatch.StartNew();
        var shown = CredentialRedactor.RedactUrl(source);
        try
        {
            var result = TryLocalPath(source, options.BaseDirectory, out var path)
                ? LoadLocal(path, shown, options)
                : await LoadRemoteAsync(source, shown, options, store, cancellation).ConfigureAwait(false);
            return result with { Elapsed = clock.Elapsed };
        }
        catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return new IndexSourceResult
            {
                Url = shown,
                Status = IndexStatus.Error,
                Message = CredentialRedactor.RedactText(e.Message),
                Elapsed = clock.Elapsed,
            };
        }
    }

    private static IndexSourceResult LoadLocal(string path, string shown, IndexLoadOptions options)
    {
        if (!File.Exists(path))
        {
            var message = Directory.Exists(path) ? $"{path} is a folder, not an index file." : $"The index file {path} does not exist.";
            return new IndexSourceResult { Url = shown, Status = IndexStatus.Unresponsive, Message = message };
        }

        try
        {
            var document = ParsedIndexCache.Load(path, shown, options.MaxBytes);
            return Valid(shown, document, "Success.", fromCache: false, File.GetLastWriteTimeUtc(path));
        }
        catch (IndexFormatException e)
        {
            return new IndexSourceResult { Url = shown, Status = e.Status, Message = e.Message };
        }
        catch (IndexFetchException e)
        {
            return new IndexSourceResult { Url = shown, Status = e.Status, Message = e.Message };
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return new IndexSourceResult { Url = shown, Status = IndexStatus.Unresponsive, Message = $"The index file {path} cannot be read: {e.Message}" };
        }
    }

    private static async Task<IndexSourceResult> LoadRemoteAsync(string source, string shown, IndexLoadOptions options, IndexCacheStore store, CancellationToken cancellation)
    {
        if (!Uri.TryCreate(source, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            return new IndexSourceResult
            {
                Url = shown,
                Status = IndexStatus.Error,
                Message = $"'{shown}' is not an http(s) URL, a file:// URL or a local path.",
            };
        }

        var cached = store.Read(source);
        var now = DateTimeOffset.UtcNow;
        if (cached is not null && !options.Refresh && now - cached.FetchedAt < options.MaxAge)
        {
            var fresh = TryCached(store, source, shown, options);
            if (fresh is not null)
            {
                return Valid(shown, fresh, $"Cached copy fetched {Age(now - cached.FetchedAt)} ago is fresh (max age {Age(options.MaxAge)}).", fromCache: true, cached.FetchedAt.UtcDateTime);
            }

            cached = null; // the cached content is unreadable: download again
        }

        using var fetcher = new IndexFetcher(new EnvironmentProxy(options.GetVariable), options.Timeout, options.MaxBytes, options.SystemProxy);
        FetchOutcome outcome;
        try
        {
            outcome = await fetcher.FetchAsync(uri, options.Unconditional ? null : cached, cancellation).ConfigureAwait(false);
        }
        catch (IndexFetchException e)
        {
            return Fallback(store, source, shown, options, cached, e.Status, e.Message);
        }

        if (outcome is FetchOutcome.NotModified && cached is not null)
        {
            var document = TryCached(store, source, shown, options);
            if (document is not null)
            {
                try
                {
                    store.Touch(source, cached with { FetchedAt = now });
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    // Only the freshness time is lost: the next call revalidates again.
                }

                return Valid(shown, document, "Not modified since the cached copy (HTTP 304).", fromCache: true, now.UtcDateTime);
            }

            outcome = await fetcher.FetchAsync(uri, null, cancellation).ConfigureAwait(false);
        }

        var downloaded = (FetchOutcome.Downloaded)outcome;
        IndexDocument parsed;
        try
        {
            parsed = IndexDocumentParser.Parse(downloaded.Content, shown, options.MaxBytes);
        }
        catch (IndexFormatException e)
        {
            // The bad document is not written: the last good cached copy stays untouched.
            return Fallback(store, source, shown, options, cached, e.Status, e.Message);
        }

        try
        {
            store.Write(source, downloaded.Content, new IndexCacheEntry(shown, downloaded.ETag, downloaded.LastModified, now, parsed.Packs.Count));
            // Parse through the file cache so the next call in this session needs no parsing.
            parsed = ParsedIndexCache.Load(store.ContentPath(source), shown, options.MaxBytes, options.CacheFolder);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // A cache that cannot be written (a read-only base path) must not cost a good download.
            var valid = Valid(shown, parsed, "Success.", fromCache: false, now.UtcDateTime);
            return valid with
            {
                Warning = string.Join(" ", new[] { $"Index {shown} was downloaded, but its cache cannot be written ({e.Message}); it will be downloaded again next time.", valid.Warning }.OfType<string>()),
            };
        }

        return Valid(shown, parsed, "Success.", fromCache: false, now.UtcDateTime);
    }

    private static IndexSourceResult Fallback(IndexCacheStore store, string source, string shown, IndexLoadOptions options,
        IndexCacheEntry? cached, IndexStatus status, string message)
    {
        cached ??= store.Read(source);
        var document = cached is null ? null : TryCached(store, source, shown, options);
        if (document is null || cached is null)
        {
            return new IndexSourceResult { Url = shown, Status = status, Message = message };
        }

        var age = DateTimeOffset.UtcNow - cached.FetchedAt;
        return new IndexSourceResult
        {
            Url = shown,
            Status = status,
            Message = message,
            Document = document,
            FromCache = true,
            CacheAge = age,
            FetchedAt = cached.FetchedAt,
            Warning = $"Index {shown} failed ({message.TrimEnd('.')}); using its cached copy from {Age(age)} ago.",
        };
    }

    private static IndexDocument? TryCached(IndexCacheStore store, string source, string shown, IndexLoadOptions options)
    {
        try
        {
            return ParsedIndexCache.Load(store.ContentPath(source), shown, options.MaxBytes, options.CacheFolder);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or IndexFormatException or IndexFetchException)
        {
            return null;
        }
    }

    private static IndexSourceResult Valid(string shown, IndexDocument document, string message, bool fromCache, DateTime fetchedAtUtc)
    {
        var fetchedAt = new DateTimeOffset(DateTime.SpecifyKind(fetchedAtUtc, DateTimeKind.Utc));
        return new IndexSourceResult
        {
            Url = shown,
            Status = document.Packs.Count == 0 ? IndexStatus.Empty : IndexStatus.Valid,
            Message = document.Packs.Count == 0 ? "The index has no packs." : message,
            Document = document,
            FromCache = fromCache,
            CacheAge = fromCache ? DateTimeOffset.UtcNow - fetchedAt : null,
            FetchedAt = fetchedAt,
            Warning = document.Warnings.Count == 0 ? null : string.Join(" ", document.Warnings),
        };
    }

    /// <summary>file:// URLs and plain paths (absolute or relative) are local index files.</summary>
    public static bool TryLocalPath(string source, string baseDirectory, out string path)
    {
        if (source.StartsWith("file:", StringComparison.OrdinalIgnoreCase) && Uri.TryCreate(source, UriKind.Absolute, out var fileUri) && fileUri.IsFile)
        {
            path = fileUri.LocalPath;
            return true;
        }

        var hasScheme = source.Contains("://", StringComparison.Ordinal);
        if (!hasScheme)
        {
            path = Path.GetFullPath(source, baseDirectory);
            return true;
        }

        path = string.Empty;
        return false;
    }

    public static string Age(TimeSpan age) => age.TotalSeconds switch
    {
        < 90 => $"{Math.Max(0, (int)age.TotalSeconds)} s",
        < 5400 => $"{(int)age.TotalMinutes} min",
        < 172800 => $"{age.TotalHours:0.#} h",
        _ => $"{age.TotalDays:0.#} days",
    };
}
