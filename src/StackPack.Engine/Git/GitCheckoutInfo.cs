using LibGit2Sharp;

namespace StackPack.Engine.Git;

/// <summary>What a pack folder's git checkout says about where it came from.</summary>
public sealed record GitCheckoutInfo(string? Origin, string? Commit, string? Branch, string? Tag)
{
    /// <summary>
    /// Reads the checkout at <paramref name="path"/>, or returns null when it is not one.
    /// The origin URL is always redacted. A damaged repository yields null rather than an
    /// error: the pack itself is still usable.
    /// </summary>
    public static GitCheckoutInfo? TryRead(string path)
    {
        if (!Directory.Exists(Path.Combine(path, ".git")) && !File.Exists(Path.Combine(path, ".git")))
        {
            return null;
        }

        try
        {
            using var repository = new Repository(path);
            var head = repository.Head;
            var commit = head.Tip?.Sha;
            var origin = repository.Network.Remotes["origin"]?.Url;
            string? tag = null;
            if (commit is not null)
            {
                // Prefer the tag a version install would have used ("v1.2.3" over "latest").
                tag = repository.Tags
                    .Where(t => (t.PeeledTarget as Commit)?.Sha == commit)
                    .Select(t => t.FriendlyName)
                    .OrderByDescending(n => n.StartsWith('v'))
                    .ThenBy(n => n, StringComparer.Ordinal)
                    .FirstOrDefault();
            }

            return new GitCheckoutInfo(
                origin is null ? null : CredentialRedactor.RedactUrl(origin),
                commit,
                repository.Info.IsHeadDetached ? null : head.FriendlyName,
                tag);
        }
        catch (LibGit2SharpException)
        {
            return null;
        }
    }
}
