namespace StackPack.Engine.Git;

/// <summary>A username and password (or token) for a private https repository. Never logged, never stored.</summary>
public sealed record GitCredentials(string Username, string Password)
{
    public override string ToString() => $"GitCredentials({Username}, ***)";

    /// <summary>
    /// Splits "https://user:token@host/repo" into the URL without credentials (what libgit2
    /// is given, so they never reach .git/config) and the credentials; explicit ones win.
    /// </summary>
    public static (string Url, GitCredentials? Credentials) Split(string url, GitCredentials? explicitCredentials)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.UserInfo.Length == 0 ||
            (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp))
        {
            return (url, explicitCredentials);
        }

        var parts = uri.UserInfo.Split(':', 2);
        var fromUrl = parts.Length == 2
            ? new GitCredentials(Uri.UnescapeDataString(parts[0]), Uri.UnescapeDataString(parts[1]))
            : new GitCredentials(Uri.UnescapeDataString(parts[0]), string.Empty); // a bare token as the user
        var clean = new UriBuilder(uri) { UserName = string.Empty, Password = string.Empty }.Uri.ToString();
        return (clean, explicitCredentials ?? fromUrl);
    }

    /// <summary>The secret texts to scrub from any message.</summary>
    public IEnumerable<string> Secrets => new[] { Password, Username }.Where(s => s.Length >= 4);
}
