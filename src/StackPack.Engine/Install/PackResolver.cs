using StackPack.Engine.Git;
using StackPack.Engine.Index;
using StackPack.Engine.Sources;

namespace StackPack.Engine.Install;

/// <summary>A request resolved to where its pack comes from, before anything is fetched.</summary>
internal sealed record ResolvedSource
{
    public required PackSource Source { get; init; }

    /// <summary>The ref the pack is expected to have (the index entry's, else the name the source suggests); its pack.yaml decides in the end.</summary>
    public required string ExpectedRef { get; init; }

    /// <summary>The location with the credentials its host may receive (none for a dependency's host the user did not name).</summary>
    public required GitRemoteUrl Remote { get; init; }

    /// <summary>Where the pack comes from, without credentials.</summary>
    public required string Display { get; init; }

    /// <summary>The version to check out: the one asked for, else the index entry's; null for the default branch.</summary>
    public string? Version { get; init; }

    public IndexPackEntry? IndexEntry { get; init; }

    /// <summary>The credential-free location to fetch (URL or folder).</summary>
    public string Location => Remote.StoredUrl;
}

/// <summary>
/// Request → source: looks an index name up in the indexes the request may use, and decides
/// which credentials the location's host may receive (<see cref="CredentialScope"/>). Nothing
/// is fetched here.
/// </summary>
internal sealed class PackResolver(IndexLookup indexes, GitCredentials? credentials)
{
    private readonly CredentialScope _credentials = new(credentials);

    /// <param name="isRequest">Asked for by the user (not named by a pack.yaml): its host may receive the credentials.</param>
    /// <exception cref="StackPackException">PackNotFoundInIndex, NoIndexAvailable, InvalidPackSource.</exception>
    public ResolvedSource Resolve(PackSource source, IReadOnlyList<string> indexUrls, string expectedRef, bool isRequest)
    {
        var location = source.Location;
        var version = source.Version;
        var display = source.Display;
        IndexPackEntry? entry = null;
        if (source.Kind == PackSourceKind.IndexName)
        {
            entry = indexes.Find(source.Name!, indexUrls);
            location = entry.RepoUrl ?? throw new StackPackException("PackNotFoundInIndex", $"The index entry for '{source.Name}' has no repo_url.", source.Name, "Install it by URL instead.");
            version ??= entry.Version;
            display = CredentialRedactor.RedactUrl(location);
            expectedRef = entry.Ref;
        }

        var remote = source.Kind == PackSourceKind.LocalFolder
            ? new GitRemoteUrl(location!, null, null)
            : GitRemoteUrl.Parse(location!, _credentials.For(location!, isRequest));
        return new ResolvedSource { Source = source, ExpectedRef = expectedRef, Remote = remote, Display = display, Version = version, IndexEntry = entry };
    }

    /// <summary>What the index lookups had to say (a stale cached copy, a pack listed twice), for the next pack planned, failed or not.</summary>
    public IReadOnlyList<string> TakeWarnings() => indexes.TakeWarnings();
}
