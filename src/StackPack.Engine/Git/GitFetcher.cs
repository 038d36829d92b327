using LibGit2Sharp;
using LibGit2Sharp.Handlers;
using StackPack.Engine.Versions;

namespace StackPack.Engine.Git;

/// <summary>A pack checked out at the version asked for.</summary>
public sealed record GitCheckout(string Path, string Commit, string? Tag, string? Branch);

/// <summary>Transfer progress of one fetch, for progress bars.</summary>
public readonly record struct GitTransferProgress(int ReceivedObjects, int TotalObjects, long ReceivedBytes);

/// <summary>How a fetch is bounded and reported.</summary>
public sealed record GitFetchOptions
{
    /// <summary>Credentials for http(s) (from -Credential or the URL's user-info).</summary>
    public GitCredentials? Credentials { get; init; }

    /// <summary>Texts to scrub from messages besides the credentials (query values).</summary>
    public IReadOnlyList<string> Secrets { get; init; } = [];

    public IProgress<GitTransferProgress>? Progress { get; init; }

    /// <summary>A transfer that receives nothing for this long is given up (fetch_timeout).</summary>
    public TimeSpan InactivityTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>A transfer that takes longer than this in all is given up (fetch_max_time).</summary>
    public TimeSpan MaxTime { get; init; } = TimeSpan.FromMinutes(30);
}

/// <summary>
/// Clones packs with LibGit2Sharp and resolves versions the way st2 does: no version means the
/// default branch; otherwise a branch, a tag, the tag with (or without) a "v" prefix, then a full
/// or short commit SHA. Credentials go through libgit2's callback, never into the URL; missing or
/// wrong credentials fail at once instead of waiting for input; Ctrl+C aborts the transfer, and so
/// does a server that stops sending (GitFetchTimeout) or a transfer that takes too long.
/// </summary>
public sealed class GitFetcher
{
    private readonly GitFetchOptions _options;
    private readonly CancellationToken _cancellation;

    public GitFetcher(GitFetchOptions options, CancellationToken cancellation)
    {
        _options = options;
        _cancellation = cancellation;
    }

    private GitCredentials? Credentials => _options.Credentials;

    /// <summary>Clones <paramref name="remote"/> into <paramref name="destination"/> and checks out <paramref name="version"/>.</summary>
    public GitCheckout Clone(GitRemoteUrl remote, string? version, string destination, string shownSource)
    {
        var watch = new TransferWatch();
        try
        {
            if (remote.Query is null)
            {
                var options = new CloneOptions { Checkout = false };
                ConfigureFetch(options.FetchOptions, watch);
                RunCancellable(() => Repository.Clone(remote.StoredUrl, destination, options), watch, shownSource, abandoned: () => IO.SafeTree.TryDelete(destination));
            }
            else
            {
                var (transportUrl, registration) = QueryTransport.Register(remote.StoredUrl, remote.Query, _options.InactivityTimeout);
                using (registration)
                {
                    QueryClone.Run(remote.StoredUrl, transportUrl, destination, () => ConfigureFetch(new FetchOptions(), watch),
                        work => RunCancellable(work, watch, shownSource, abandoned: () => IO.SafeTree.TryDelete(destination)));
                }
            }
        }
        catch (Exception e) when (e is LibGit2SharpException or UserCancelledException)
        {
            throw Translate(e, shownSource);
        }

        _cancellation.ThrowIfCancellationRequested();
        using var repository = new Repository(destination);

        // An installed pack's modes are the installer's business (st2 makes packs group-writable):
        // only content counts when Install-Pack later compares the files with the commit.
        repository.Config.Set("core.filemode", false, ConfigurationLevel.Local);
        var (commit, tag, branch) = Resolve(repository, version, shownSource);
        if (branch is not null && repository.Branches[branch] is null)
        {
            var local = repository.CreateBranch(branch, commit);
            repository.Branches.Update(local, b => b.TrackedBranch = $"refs/remotes/origin/{branch}");
            Commands.Checkout(repository, local, new CheckoutOptions { CheckoutModifiers = CheckoutModifiers.Force });
        }
        else if (branch is not null)
        {
            Commands.Checkout(repository, repository.Branches[branch], new CheckoutOptions { CheckoutModifiers = CheckoutModifiers.Force });
        }
        else
        {
            Commands.Checkout(repository, commit, new CheckoutOptions { CheckoutModifiers = CheckoutModifiers.Force });
        }

        return new GitCheckout(destination, commit.Sha, tag, branch);
    }

    /// <summary>
    /// The commit a version would resolve to, asking the remote for its references only (no
    /// clone): lets an install that changes nothing finish fast. Null when it cannot tell.
    /// </summary>
    public string? RemoteCommit(GitRemoteUrl remote, string? version, string shownSource)
    {
        IEnumerable<Reference> references;
        var (url, registration) = remote.Query is null ? (remote.StoredUrl, null) : QueryTransport.Register(remote.StoredUrl, remote.Query, _options.InactivityTimeout);
        try
        {
            references = RunCancellable(() => Repository.ListRemoteReferences(url, CredentialsProvider()).ToList(), new TransferWatch(), shownSource, abandoned: null);
        }
        catch (LibGit2SharpException)
        {
            return null;
        }
        finally
        {
            registration?.Dispose();
        }

        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var reference in references)
        {
            if (reference is DirectReference direct)
            {
                map[reference.CanonicalName] = direct.TargetIdentifier;
            }
            else if (reference is SymbolicReference symbolic && map.TryGetValue(symbolic.TargetIdentifier, out var target))
            {
                map[reference.CanonicalName] = target;
            }
        }

        string? Lookup(string name) =>
            map.TryGetValue(name + "^{}", out var peeled) ? peeled : map.GetValueOrDefault(name);

        if (version is null)
        {
            var head = references.FirstOrDefault(r => r.CanonicalName == "HEAD");
            return head switch
            {
                SymbolicReference symbolic => Lookup(symbolic.TargetIdentifier),
                DirectReference direct => direct.TargetIdentifier,
                _ => null,
            };
        }

        return Lookup($"refs/heads/{version}") ?? Lookup($"refs/tags/{version}")
            ?? (version.StartsWith('v') ? Lookup($"refs/tags/{version[1..]}") : Lookup($"refs/tags/v{version}"))
            ?? (IsHex(version) ? map.Values.FirstOrDefault(sha => sha.StartsWith(version, StringComparison.OrdinalIgnoreCase)) : null);
    }

    private static (Commit Commit, string? Tag, string? Branch) Resolve(Repository repository, string? version, string shownSource)
    {
        if (version is null)
        {
            var head = repository.Head;
            return (head.Tip ?? throw new StackPackException("GitFetchFailed", $"{shownSource} has no commits on its default branch.", shownSource, "Push a commit, or install a tag or branch that exists."), null, head.FriendlyName);
        }

        if (repository.Branches[$"origin/{version}"] is { Tip: { } branchTip })
        {
            return (branchTip, null, version);
        }

        foreach (var name in TagCandidates(version))
        {
            if (repository.Tags[name]?.PeeledTarget is Commit tagged)
            {
                return (tagged, name, null);
            }
        }

        if (IsHex(version) && version.Length >= 4)
        {
            try
            {
                if (repository.Lookup<Commit>(version) is { } commit)
                {
                    return (commit, null, null);
                }
            }
            catch (AmbiguousSpecificationException)
            {
                throw new StackPackException("VersionNotFound", $"'{version}' matches several commits in {shownSource}.", shownSource, "Give more characters of the commit SHA.");
            }
        }

        var available = AvailableVersions(repository);
        throw new StackPackException("VersionNotFound", $"'{version}' is not a tag, branch or commit of {shownSource}. Available versions: {(available.Count == 0 ? "none (the repository has no version tags)" : string.Join(", ", available))}.",
            shownSource, "Install one of the available versions, or omit the version for the default branch.");
    }

    /// <summary>Version tags (with "v" stripped), newest first by semantic version.</summary>
    public static IReadOnlyList<string> AvailableVersions(Repository repository) =>
        repository.Tags
            .Select(t => PackVersion.TryParseSemantic(t.FriendlyName, out var parsed) ? parsed : null)
            .OfType<PackVersion>()
            .OrderByDescending(v => v)
            .Select(v => v.Normalized)
            .Distinct()
            .ToList();

    private static IEnumerable<string> TagCandidates(string version) =>
        version.StartsWith('v') ? [version, version[1..]] : [version, "v" + version];

    private static bool IsHex(string text) => text.Length is >= 4 and <= 40 && text.All(Uri.IsHexDigit);

    private FetchOptions ConfigureFetch(FetchOptions fetch, TransferWatch watch)
    {
        fetch.CredentialsProvider = CredentialsProvider();
        fetch.OnTransferProgress = progress =>
        {
            watch.Activity(new GitTransferProgress(progress.ReceivedObjects, progress.TotalObjects, progress.ReceivedBytes));
            return !_cancellation.IsCancellationRequested && !watch.Aborted;
        };
        fetch.OnProgress = _ =>
        {
            watch.Activity();
            return !_cancellation.IsCancellationRequested && !watch.Aborted;
        };
        return fetch;
    }

    /// <summary>
    /// Runs a libgit2 call on a worker thread while the calling (pipeline) thread waits, relays
    /// progress, and answers Ctrl+C and the time limits at once: a transfer stalled in a network
    /// read would otherwise notice only when libgit2 next calls back, which a stalled server never
    /// lets it do. An abandoned call finishes (and aborts at its next callback) in the background;
    /// <paramref name="abandoned"/> cleans up at once and again when it ends.
    /// </summary>
    private T RunCancellable<T>(Func<T> work, TransferWatch watch, string shownSource, Action? abandoned)
    {
        var task = Task.Run(work);
        try
        {
            while (!task.Wait(150, _cancellation))
            {
                if (watch.TakeLatest() is { } progress)
                {
                    _options.Progress?.Report(progress);
                }

                var idle = watch.Idle > _options.InactivityTimeout;
                if (idle || watch.Elapsed > _options.MaxTime)
                {
                    watch.Abort();
                    Abandon(task, abandoned);
                    throw new StackPackException("GitFetchTimeout", idle
                            ? $"Fetching {shownSource} stopped: the server sent nothing for {_options.InactivityTimeout.TotalSeconds:0.#} seconds."
                            : $"Fetching {shownSource} took longer than {_options.MaxTime.TotalSeconds:0.#} seconds in all.",
                        shownSource,
                        "Check the server and the network, or allow more time: $env:STACKPACK_FETCH_TIMEOUT (seconds without data, default 60) "
                        + "and $env:STACKPACK_FETCH_MAX_TIME (seconds in all, default 1800), or st2.conf [stackpack] fetch_timeout / fetch_max_time.");
                }
            }

            return task.GetAwaiter().GetResult();
        }
        catch (OperationCanceledException) when (_cancellation.IsCancellationRequested)
        {
            Abandon(task, abandoned);
            throw;
        }
        catch (AggregateException e) when (e.InnerException is not null)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(e.InnerException).Throw();
            throw;
        }
    }

    private void RunCancellable(Action work, TransferWatch watch, string shownSource, Action? abandoned) =>
        RunCancellable(() => { work(); return true; }, watch, shownSource, abandoned);

    private static void Abandon(Task task, Action? abandoned)
    {
        if (abandoned is null)
        {
            return;
        }

        // Now, so that nothing is left behind even if the worker never returns (a server that keeps
        // the connection open), and again when it does return, for what it wrote meanwhile.
        abandoned();
        task.ContinueWith(_ => abandoned(), TaskScheduler.Default);
    }

    private CredentialsHandler? CredentialsProvider()
    {
        if (Credentials is not { } credentials)
        {
            // No callback: libgit2 fails at once when a server asks for credentials (like GIT_TERMINAL_PROMPT=0).
            return null;
        }

        var attempts = 0;
        return (_, _, _) =>
        {
            // libgit2 asks again after a rejected answer; a second request means the credentials are wrong.
            if (++attempts > 1)
            {
                throw new UserCancelledException("authentication failed: the credentials were rejected");
            }

            return new UsernamePasswordCredentials { Username = credentials.Username, Password = credentials.Password };
        };
    }

    private StackPackException Translate(Exception e, string shownSource)
    {
        var secrets = (Credentials?.Secrets ?? []).Concat(_options.Secrets);
        var message = CredentialRedactor.RedactText(e.Message, secrets);
        if (_cancellation.IsCancellationRequested)
        {
            return new StackPackException("OperationCancelled", $"Fetching {shownSource} was cancelled.", shownSource, null, null);
        }

        var failure = GitErrorWording.Explain(message, Credentials is not null);
        if (failure.IsAuthentication)
        {
            return new StackPackException("AuthenticationFailed", $"Cannot fetch {shownSource}: {failure.Words}.", shownSource,
                "Pass -Credential (a username and a token), put a token in the https URL, or use an SSH URL with a key the agent has.");
        }

        return new StackPackException("GitFetchFailed", $"Cannot fetch {shownSource}: {failure.Words}.", shownSource, "Check the URL, the network and the proxy settings (HTTPS_PROXY, NO_PROXY).");
    }
}
