namespace StackPack;

/// <summary>A pack as a pack index describes it (Find-Pack's output).</summary>
public sealed class IndexPackInfo
{
    /// <summary>The name the index knows the pack by: what Install-Pack resolves.</summary>
    public string Name { get; init; } = string.Empty;

    public string Ref { get; init; } = string.Empty;

    /// <summary>The entry's own "name", often a display name.</summary>
    public string DisplayName { get; init; } = string.Empty;

    /// <summary>The version the index offers (what an install by name gets).</summary>
    public string? Version { get; init; }

    /// <summary>Every released version, newest first by semantic version.</summary>
    public string[] Versions { get; init; } = [];

    public string Description { get; init; } = string.Empty;

    public string Author { get; init; } = string.Empty;

    public string? Email { get; init; }

    public string[] Keywords { get; init; } = [];

    /// <summary>The pack's git repository.</summary>
    public string? RepoUrl { get; init; }

    public int Actions { get; init; }

    public int Sensors { get; init; }

    public int Rules { get; init; }

    public int Aliases { get; init; }

    public int Policies { get; init; }

    public int Triggers { get; init; }

    public string? StackStormVersion { get; init; }

    public string[] PythonVersions { get; init; } = [];

    public string[] Dependencies { get; init; } = [];

    public string[] Contributors { get; init; } = [];

    /// <summary>The index this entry came from (without credentials).</summary>
    public string IndexUrl { get; init; } = string.Empty;

    /// <summary>How the entry matched a Find-Pack query (ExactName, NamePrefix, …); null without a query.</summary>
    public string? Match { get; init; }

    /// <summary>The name: what this entry stands for when PowerShell turns it into text (e.g. piped to Install-Pack).</summary>
    public override string ToString() => Name;
}

/// <summary>The health of one index source (Get-PackIndex's output).</summary>
public enum PackIndexStatus
{
    Valid,
    Malformed,
    Unresponsive,
    Empty,
    Error,
}

/// <summary>One configured pack index and how it fared.</summary>
public sealed class PackIndexInfo
{
    /// <summary>The source as configured, without credentials.</summary>
    public string Url { get; init; } = string.Empty;

    /// <summary>A <see cref="PackIndexStatus"/> name: Valid, Malformed, Unresponsive, Empty or Error.</summary>
    public string Status { get; init; } = nameof(PackIndexStatus.Valid);

    /// <summary>How many packs are usable from it (from the cache when the source failed).</summary>
    public int PackCount { get; init; }

    /// <summary>Why: "Success.", the HTTP error, the parse error, the timeout.</summary>
    public string Message { get; init; } = string.Empty;

    public bool FromCache { get; init; }

    /// <summary>How old the cached copy is, as ISO 8601 (PT5M3S); null when fetched now.</summary>
    public string? CacheAge { get; init; }

    public DateTimeOffset? FetchedAt { get; init; }

    /// <summary>How long loading took, as ISO 8601 (PT0.123S).</summary>
    public string Elapsed { get; init; } = "PT0S";

    /// <summary>The priority of the index: 1 wins over 2, and so on.</summary>
    public int Priority { get; init; }

    public override string ToString() => $"{Url} {Status}";
}
