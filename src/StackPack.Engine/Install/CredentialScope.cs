using StackPack.Engine.Git;

namespace StackPack.Engine.Install;

/// <summary>
/// -Credential goes only to the hosts of the packs the user asked for, never to hosts that a
/// third-party pack.yaml names as dependencies (they would receive the user's token).
/// </summary>
internal sealed class CredentialScope(GitCredentials? credentials)
{
    private readonly HashSet<string> _hosts = new(StringComparer.Ordinal);

    /// <param name="isRequest">The location was asked for by the user (its host may receive the credentials).</param>
    public GitCredentials? For(string location, bool isRequest)
    {
        var host = Uri.TryCreate(location, UriKind.Absolute, out var uri) ? $"{uri.Scheme}://{uri.Authority}".ToLowerInvariant() : null;
        if (host is null || credentials is null)
        {
            return null;
        }

        if (isRequest)
        {
            _hosts.Add(host);
        }

        return _hosts.Contains(host) ? credentials : null;
    }
}
