using LibGit2Sharp;

namespace StackPack.Engine.Git;

/// <summary>
/// A clone of a URL whose query carries a credential ("…/repo.git?private_token=…"), done so
/// that the query reaches the server and no file (see <see cref="QueryTransport"/>). libgit2's
/// clone writes the URL it was given into .git/config and every reflog entry ("clone: from …"),
/// so the repository is made by hand: origin points at the transport's query-free URL for the
/// fetch, the reflog message names the stored URL, origin is then set to the stored URL, and
/// HEAD is set to the remote's default branch as a clone does.
/// </summary>
internal static class QueryClone
{
    private const string BranchesRefspec = "+refs/heads/*:refs/remotes/origin/*";

    /// <param name="transportUrl">The URL registered with <see cref="QueryTransport"/>.</param>
    /// <param name="newFetchOptions">Fetch options with a fresh credentials callback (one per connection).</param>
    /// <param name="runBounded">Runs the network part under the fetch's time limits and Ctrl+C.</param>
    public static void Run(string storedUrl, string transportUrl, string destination, Func<FetchOptions> newFetchOptions, Action<Action> runBounded)
    {
        Repository.Init(destination);
        using var repository = new Repository(destination);
        repository.Network.Remotes.Add("origin", transportUrl, BranchesRefspec);
        string? defaultBranch = null;
        runBounded(() =>
        {
            var head = Repository.ListRemoteReferences(transportUrl, newFetchOptions().CredentialsProvider)
                .OfType<SymbolicReference>().FirstOrDefault(r => r.CanonicalName == "HEAD");
            defaultBranch = head?.TargetIdentifier is { } target && target.StartsWith("refs/heads/", StringComparison.Ordinal) ? target["refs/heads/".Length..] : null;
            var fetch = newFetchOptions();
            fetch.TagFetchMode = TagFetchMode.All;
            Commands.Fetch(repository, "origin", [BranchesRefspec], fetch, $"clone: from {storedUrl}");
        });

        repository.Network.Remotes.Update("origin", r => r.Url = storedUrl);
        File.Delete(Path.Combine(repository.Info.Path, "FETCH_HEAD")); // it names the fetch URL
        if (defaultBranch is not null && repository.Branches[$"origin/{defaultBranch}"] is { Tip: { } tip })
        {
            var local = repository.Branches[defaultBranch] ?? repository.CreateBranch(defaultBranch, tip);
            repository.Branches.Update(local, b => b.TrackedBranch = $"refs/remotes/origin/{defaultBranch}");
            repository.Refs.UpdateTarget("HEAD", local.CanonicalName);
            repository.Refs.Add("refs/remotes/origin/HEAD", $"refs/remotes/origin/{defaultBranch}", allowOverwrite: true);
        }
    }
}
