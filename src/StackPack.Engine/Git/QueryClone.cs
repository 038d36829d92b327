using LibGit2Sharp;

namespace StackPack.Engine.Git;

/// <summary>
/// A clone of a URL whose query carries a credential ("…/repo.git?private_token=…"), done so
/// that the query reaches the server and no file. libgit2's clone writes the URL it was given
/// into .git/config and into every reflog entry ("clone: from …"), and http.extraHeader would be
/// a persisted secret too. So the repository is made by hand: origin is added with the clean URL,
/// the fetch goes through an anonymous remote (the full URL lives only in memory) with a reflog
/// message naming the clean URL, FETCH_HEAD (which quotes the URL) is removed, and HEAD is set to
/// the remote's default branch as a clone does.
/// </summary>
internal static class QueryClone
{
    private const string BranchesRefspec = "+refs/heads/*:refs/remotes/origin/*";

    /// <param name="newFetchOptions">Fetch options with a fresh credentials callback (one per connection).</param>
    /// <param name="runBounded">Runs the network part under the fetch's time limits and Ctrl+C.</param>
    public static void Run(GitRemoteUrl remote, string destination, Func<FetchOptions> newFetchOptions, Action<Action> runBounded)
    {
        Repository.Init(destination);
        using var repository = new Repository(destination);
        repository.Network.Remotes.Add("origin", remote.StoredUrl, BranchesRefspec);
        string? defaultBranch = null;
        runBounded(() =>
        {
            var head = Repository.ListRemoteReferences(remote.TransportUrl, newFetchOptions().CredentialsProvider)
                .OfType<SymbolicReference>().FirstOrDefault(r => r.CanonicalName == "HEAD");
            defaultBranch = head?.TargetIdentifier is { } target && target.StartsWith("refs/heads/", StringComparison.Ordinal) ? target["refs/heads/".Length..] : null;
            var fetch = newFetchOptions();
            fetch.TagFetchMode = TagFetchMode.All;
            Commands.Fetch(repository, remote.TransportUrl, [BranchesRefspec], fetch, $"clone: from {remote.StoredUrl}");
        });

        File.Delete(Path.Combine(repository.Info.Path, "FETCH_HEAD"));
        if (defaultBranch is not null && repository.Branches[$"origin/{defaultBranch}"] is { Tip: { } tip })
        {
            var local = repository.Branches[defaultBranch] ?? repository.CreateBranch(defaultBranch, tip);
            repository.Branches.Update(local, b => b.TrackedBranch = $"refs/remotes/origin/{defaultBranch}");
            repository.Refs.UpdateTarget("HEAD", local.CanonicalName);
            repository.Refs.Add("refs/remotes/origin/HEAD", $"refs/remotes/origin/{defaultBranch}", allowOverwrite: true);
        }
    }
}
