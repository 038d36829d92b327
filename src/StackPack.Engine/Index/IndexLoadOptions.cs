namespace StackPack.Engine.Index;

/// <summary>How to load the configured indexes.</summary>
public sealed record IndexLoadOptions
{
    /// <summary>Index URLs, file:// URLs or local paths, highest priority first.</summary>
    public required IReadOnlyList<string> Sources { get; init; }

    /// <summary>Where downloaded indexes are cached.</summary>
    public required string CacheFolder { get; init; }

    /// <summary>Relative local paths are resolved against this folder (the PowerShell location).</summary>
    public required string BaseDirectory { get; init; }

    /// <summary>Within this age a cached copy is used without asking the server.</summary>
    public TimeSpan MaxAge { get; init; } = TimeSpan.FromHours(1);

    /// <summary>The limit for one whole request, headers and body.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>The largest index accepted.</summary>
    public long MaxBytes { get; init; } = 256L * 1024 * 1024;

    /// <summary>Ask every server again, whatever the age of the cache.</summary>
    public bool Refresh { get; init; }

    /// <summary>Download in full, without a conditional request (the cached copy is kept only as the fallback when the source fails).</summary>
    public bool Unconditional { get; init; }

    /// <summary>Reads proxy variables (HTTPS_PROXY, HTTP_PROXY, NO_PROXY).</summary>
    public Func<string, string?> GetVariable { get; init; } = Environment.GetEnvironmentVariable;

    /// <summary>The operating system's proxy, used when no proxy variable is set (tests give their own).</summary>
    public System.Net.IWebProxy? SystemProxy { get; init; } = ProxyChoice.System;

    /// <summary>The options the settings give (cache folder, cache age, timeout, size limit) for these sources; callers change the rest with `with`.</summary>
    public static IndexLoadOptions From(Settings.StackPackSettings settings, IReadOnlyList<string> sources, string baseDirectory) => new()
    {
        Sources = sources,
        CacheFolder = settings.IndexCachePath,
        BaseDirectory = baseDirectory,
        MaxAge = settings.IndexMaxAge,
        Timeout = settings.IndexTimeout,
        MaxBytes = settings.IndexMaxBytes,
    };
}

/// <summary>What loading one index source produced: its health, and the packs to use (possibly from the cache).</summary>
public sealed record IndexSourceResult
{
    /// <summary>The source as configured, without credentials.</summary>
    public required string Url { get; init; }

    /// <summary>The health of the source itself on this attempt.</summary>
    public required IndexStatus Status { get; init; }

    public required string Message { get; init; }

    /// <summary>The packs to use: fresh, revalidated, or the last good copy when the source failed; null when there is none.</summary>
    public IndexDocument? Document { get; init; }

    public bool FromCache { get; init; }

    /// <summary>How old the data in <see cref="Document"/> is, when it came from the cache.</summary>
    public TimeSpan? CacheAge { get; init; }

    /// <summary>When the data in <see cref="Document"/> was fetched from the source.</summary>
    public DateTimeOffset? FetchedAt { get; init; }

    public TimeSpan Elapsed { get; init; }

    public int PackCount => Document?.Packs.Count ?? 0;

    /// <summary>Set when the packs come from an older cached copy because the source failed.</summary>
    public string? Warning { get; init; }
}
