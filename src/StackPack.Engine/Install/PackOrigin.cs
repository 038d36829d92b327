using StackPack.Engine.Git;
using StackPack.Engine.Sources;

namespace StackPack.Engine.Install;

/// <summary>Where an installed pack came from, compared with a source.</summary>
public static class PackOrigin
{
    /// <summary>A git source: a URL, or a folder that is a git repository (a plain folder is copied, and has no commit).</summary>
    public static bool IsGitSource(PackSource source, string location) =>
        source.Kind != PackSourceKind.LocalFolder || Directory.Exists(Path.Combine(location, ".git"));

    /// <summary>Whether an installed checkout's origin is this source (credentials, case of the host, ".git" and "/" aside).</summary>
    public static bool Same(string? origin, string location)
    {
        static string Normal(string url)
        {
            var text = CredentialRedactor.RedactUrl(url).Trim().TrimEnd('/');
            // file:///srv/x and /srv/x are one repository (git records a clone's origin as given).
            if (text.StartsWith("file://", StringComparison.OrdinalIgnoreCase) && Uri.TryCreate(text, UriKind.Absolute, out var file))
            {
                text = file.LocalPath.TrimEnd('/');
            }

            return (text.EndsWith(".git", StringComparison.OrdinalIgnoreCase) ? text[..^4] : text).ToLowerInvariant();
        }

        return origin is not null && Normal(origin) == Normal(location);
    }
}
