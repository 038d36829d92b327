namespace StackPack.Engine.Git;

/// <summary>
/// A repository URL taken apart into what may be stored and shown, and what is only sent.
/// Credentials can ride in a URL two ways: user-info ("https://user:token@host/…") and the query
/// ("…/repo.git?private_token=…", GitLab and others). Both go to the server and never into any
/// file or message: <see cref="StoredUrl"/> (the origin written to .git/config, compared with an
/// installed origin) has neither; user-info becomes libgit2 credentials (answered in a callback);
/// the query is kept apart and only appended for the transfer itself (see QueryTransport).
/// </summary>
public sealed record GitRemoteUrl(string StoredUrl, string? Query, GitCredentials? Credentials)
{
    /// <summary>The texts to scrub from any message: the password, the user (often a token) and every query value.</summary>
    public IReadOnlyList<string> Secrets =>
        (Credentials?.Secrets ?? []).Concat(QueryValues().SelectMany(v => new[] { v, Uri.UnescapeDataString(v) })).Where(s => s.Length >= 4).Distinct().ToList();

    /// <summary>
    /// Splits an http(s) URL; explicit credentials (-Credential) win over ones in the URL. Other
    /// URLs (ssh, scp-like, file, folders) are returned as they are: ssh keeps its user, and a
    /// password or query in them has no use.
    /// </summary>
    public static GitRemoteUrl Parse(string url, GitCredentials? explicitCredentials)
    {
        var schemeEnd = url.IndexOf("://", StringComparison.Ordinal);
        var scheme = schemeEnd > 0 ? url[..schemeEnd] : string.Empty;
        if (!scheme.Equals("https", StringComparison.OrdinalIgnoreCase) && !scheme.Equals("http", StringComparison.OrdinalIgnoreCase))
        {
            return new GitRemoteUrl(url, null, explicitCredentials);
        }

        var authorityStart = schemeEnd + 3;
        var authorityEnd = url.IndexOfAny(['/', '?', '#'], authorityStart) is var end and >= 0 ? end : url.Length;
        // The user-info runs to the last '@' of the authority: a raw '@' in a password is common.
        var at = url.LastIndexOf('@', authorityEnd - 1, authorityEnd - authorityStart);
        GitCredentials? fromUrl = null;
        if (at >= authorityStart)
        {
            var userInfo = url[authorityStart..at];
            var colon = userInfo.IndexOf(':');
            fromUrl = colon >= 0
                ? new GitCredentials(Uri.UnescapeDataString(userInfo[..colon]), Uri.UnescapeDataString(userInfo[(colon + 1)..]))
                : new GitCredentials(Uri.UnescapeDataString(userInfo), string.Empty); // a bare token as the user
            url = url[..authorityStart] + url[(at + 1)..];
        }

        var queryStart = url.IndexOf('?', authorityStart);
        string? query = null;
        if (queryStart >= 0)
        {
            var fragment = url.IndexOf('#', queryStart);
            query = fragment < 0 ? url[queryStart..] : url[queryStart..fragment];
            url = url[..queryStart] + (fragment < 0 ? string.Empty : url[fragment..]);
        }

        return new GitRemoteUrl(url, query is "?" ? null : query, explicitCredentials ?? fromUrl);
    }

    private IEnumerable<string> QueryValues() =>
        Query is null ? [] : Query.TrimStart('?').Split('&').Select(p => p.IndexOf('=') is var i and >= 0 ? p[(i + 1)..] : p);
}
