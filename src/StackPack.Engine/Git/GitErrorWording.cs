namespace StackPack.Engine.Git;

/// <summary>
/// libgit2's failures in words a user can act on. libgit2 speaks of its own machinery ("remote
/// authentication required but no callback set", "too many redirects or authentication
/// replays"); the user needs to know what the server did and what to change. Text that matches
/// no known failure is passed on as it is (it is still the most precise thing there is to say).
/// </summary>
public static class GitErrorWording
{
    /// <summary>What went wrong with a fetch, in plain words, given libgit2's (already redacted) message.</summary>
    public static GitFailure Explain(string message, bool credentialsGiven)
    {
        var lowered = message.ToLowerInvariant();
        if (lowered.Contains("no callback set", StringComparison.Ordinal)
            || lowered.Contains("authentication replays", StringComparison.Ordinal)
            || lowered.Contains("authentication required", StringComparison.Ordinal)
            || lowered.Contains("authentication failed", StringComparison.Ordinal)
            || lowered.Contains("401", StringComparison.Ordinal)
            || lowered.Contains("403", StringComparison.Ordinal)
            || lowered.Contains("credentials", StringComparison.Ordinal))
        {
            return new GitFailure(true, credentialsGiven
                ? "the server rejected the credentials given"
                : "the server asks for credentials, and none were given");
        }

        foreach (var (pattern, words) in Known)
        {
            if (lowered.Contains(pattern, StringComparison.Ordinal))
            {
                return new GitFailure(false, words);
            }
        }

        return new GitFailure(false, message.TrimEnd('.', ' '));
    }

    // Ordered: the first match wins.
    private static readonly (string Pattern, string Words)[] Known =
    [
        ("404", "there is no repository at this URL (the server answered 404 Not Found)"),
        ("failed to resolve address", "the host name could not be resolved (check the URL and the DNS or proxy settings)"),
        ("connection refused", "the server refused the connection (nothing listens at that address and port)"),
        ("failed to connect", "could not connect to the server"),
        ("certificate", "the server's TLS certificate could not be verified"),
        ("ssl", "the secure (TLS) connection to the server failed"),
        ("too many redirects", "the server redirected too many times"),
        ("early eof", "the server closed the connection before the transfer ended"),
        ("unexpected disconnect", "the server closed the connection before the transfer ended"),
    ];
}

/// <summary>A fetch failure explained: whether it is about credentials, and the words to show.</summary>
public sealed record GitFailure(bool IsAuthentication, string Words);
