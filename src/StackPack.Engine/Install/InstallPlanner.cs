using StackPack.Engine.Git;
using StackPack.Engine.IO;
using StackPack.Engine.Index;
using StackPack.Engine.Packs;
using StackPack.Engine.Registration;
using StackPack.Engine.Settings;
using StackPack.Engine.Sources;
using StackPack.Engine.Versions;

namespace StackPack.Engine.Install;

/// <summary>
/// Works out everything an install will do before the packs base path changes: resolves each
/// request (index name, URL, owner/repo, folder), fetches it into staging, reads and checks its
/// pack.yaml and content, follows its dependencies (of installed packs too, so a removed one comes
/// back), and refuses the whole plan on a conflict (two different pins of one pack, a pin that
/// differs from an installed version, an installed pack that pins a pack the plan moves) or on
/// content that would not register. A pack that stays at its commit is verified (see
/// <see cref="PackDrift"/>) and marked for repair when it drifted. Install order puts
/// dependencies before the packs that need them. A pack that fails on its own (not found,
/// unknown version, bad metadata) fails alone, with the packs that depend on it.
/// </summary>
public sealed class InstallPlanner
{
    private const int MaxDepth = 10; // as st2's install workflow

    private readonly StackPackSettings _settings;
    private readonly InstallOptions _options;
    private readonly StagingArea _staging;
    private readonly CancellationToken _cancellation;
    private readonly Dictionary<string, InstalledPack> _installed;
    private readonly Dictionary<string, PlannedPack> _byRef = new(StringComparer.Ordinal);
    private readonly PlanPins _pins;
    private readonly Dictionary<string, List<string>> _dependencies = new(StringComparer.Ordinal);
    private readonly List<PlannedPack> _failures = new();
    private readonly string? _hostVersion;
    private readonly IndexLookup _indexes;
    private readonly CredentialScope _credentialScope;

    /// <summary>Index warnings (a stale cached copy, a pack listed twice) for the next pack planned, failed or not.</summary>
    private readonly List<string> _pendingWarnings = new();

    public InstallPlanner(StackPackSettings settings, InstallOptions options, StagingArea staging, PackScanResult installed, CancellationToken cancellation)
    {
        _settings = settings;
        _options = options;
        _staging = staging;
        _cancellation = cancellation;
        _installed = installed.Packs.ToDictionary(p => p.Ref, StringComparer.Ordinal);
        _hostVersion = CompatibilityCheck.HostStackStormVersion(settings.BasePath, Environment.GetEnvironmentVariable);
        _indexes = new IndexLookup(settings, options.BaseDirectory, options.RefreshIndexes, cancellation);
        _credentialScope = new CredentialScope(options.Credentials);
        _pins = new PlanPins(_installed, _byRef);
    }

    public string DestinationBase => _options.Destination ?? _settings.SystemPacksPath;

    /// <exception cref="PlanRefusedException">DependencyConflict, InvalidPackContent or InvalidPackSource (a fetched pack names a local-path dependency): nothing may be installed.</exception>
    public IReadOnlyList<PlannedPack> Plan()
    {
        // Every pack asked for is resolved before any dependency, so a request always owns its
        // ref and pins compare the same way whatever order the names came in.
        var roots = new List<PlannedPack>();
        foreach (var request in RequestMerge.PinsWin(_options.Requests, _options.BaseDirectory))
        {
            if (Visit(request.Text, request.Version, request.IndexUrls ?? _options.IndexUrls ?? _settings.IndexUrls, requiredBy: null) is { } planned && !roots.Contains(planned))
            {
                roots.Add(planned);
            }
        }

        foreach (var root in roots.ToList())
        {
            FollowDependencies(root, depth: 0);
        }

        // Dependencies before dependants; a failed dependency fails the packs that need it.
        var ordered = new List<PlannedPack>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var root in roots)
        {
            Order(root, ordered, seen);
        }

        foreach (var pack in ordered)
        {
            pack.DependsOn.AddRange(_dependencies.GetValueOrDefault(pack.Ref, []));
            if (pack.Failure is not null)
            {
                continue;
            }

            var failed = pack.DependsOn.Select(d => _byRef.GetValueOrDefault(d)).FirstOrDefault(d => d?.Failure is not null);
            if (failed is not null)
            {
                pack.Failure = new StackPackException("DependencyFailed", $"Pack '{pack.Ref}' was not installed because its dependency '{failed.Ref}' could not be installed.", pack.Ref,
                    $"Fix the problem with '{failed.Ref}' (see its error), or install with -SkipDependencies.");
            }
        }

        foreach (var pack in ordered.Where(p => p.Failure is null && p.StaysInstalled))
        {
            PlanChecks.Verify(pack, _settings, _options);
        }

        PlanChecks.CheckInstalledPins(ordered, _installed, _options);
        return _failures.Concat(ordered).ToList();
    }

    private void Order(PlannedPack pack, List<PlannedPack> ordered, HashSet<string> seen)
    {
        if (!seen.Add(pack.Ref))
        {
            return;
        }

        foreach (var dependency in _dependencies.GetValueOrDefault(pack.Ref, []))
        {
            if (_byRef.TryGetValue(dependency, out var planned))
            {
                Order(planned, ordered, seen);
            }
        }

        ordered.Add(pack);
    }

    private PlannedPack? Visit(string text, string? version, IReadOnlyList<string> indexUrls, string? requiredBy)
    {
        _cancellation.ThrowIfCancellationRequested();
        PackSource source;
        try
        {
            source = PackSource.Parse(text, version, _options.BaseDirectory);
        }
        catch (StackPackException e)
        {
            return Fail(CredentialRedactor.RedactUrl(text), e);
        }

        var expectedName = DependencyName.Of(source.Kind == PackSourceKind.IndexName ? source.Name! : source.Location!);
        _pins.Check(expectedName, source.Version, requiredBy);
        if (requiredBy is not null)
        {
            if (_byRef.TryGetValue(expectedName, out var already))
            {
                already.RequiredBy.Add(requiredBy);
                return already;
            }

            // st2: a dependency that is installed is left alone unless it is pinned to another version.
            if (_installed.TryGetValue(expectedName, out var present) && (source.Version is null || PackVersion.Same(present.Manifest.Version, source.Version)))
            {
                var satisfied = new PlannedPack
                {
                    Ref = expectedName, Source = source, SourceDisplay = present.Git?.Origin ?? present.Path, Installed = present,
                    TargetPath = present.Path, Action = InstallAction.Unchanged,
                };
                satisfied.RequiredBy.Add(requiredBy);
                _byRef[expectedName] = satisfied;
                return satisfied;
            }
        }

        PlannedPack planned;
        try
        {
            planned = Resolve(source, indexUrls, expectedName, isRequest: requiredBy is null);
        }
        catch (StackPackException e) when (e is not PlanRefusedException)
        {
            return Fail(source.Display, e);
        }
        catch (Exception e) when (e is LibGit2Sharp.LibGit2SharpException or IOException or UnauthorizedAccessException)
        {
            return Fail(source.Display, new StackPackException("GitFetchFailed", $"Cannot fetch {source.Display}: {CredentialRedactor.RedactText(e.Message, _options.Credentials?.Secrets)}", source.Display,
                "Check the source and try again.", e));
        }

        planned.IndexUrls = indexUrls;
        if (requiredBy is not null)
        {
            planned.RequiredBy.Add(requiredBy);
        }

        if (_byRef.TryGetValue(planned.Ref, out var existing))
        {
            // The same pack reached twice (by two names, or a URL and a name): one plan entry.
            DiscardStaging(planned);
            existing.RequiredBy.AddRange(planned.RequiredBy);
            return existing;
        }

        _byRef[planned.Ref] = planned;
        if (planned.Ref != expectedName && source.Version is not null)
        {
            _pins.Check(planned.Ref, source.Version, requiredBy);
        }

        return planned;
    }

    private void FollowDependencies(PlannedPack planned, int depth)
    {
        // An installed pack that stays is followed too: a dependency removed since comes back.
        if (planned.Failure is not null || planned.ResultManifest is not { } manifest || _options.SkipDependencies
            || _dependencies.ContainsKey(planned.Ref))
        {
            return;
        }

        if (depth >= MaxDepth)
        {
            throw new PlanRefusedException("DependencyConflict", $"Dependencies nest deeper than {MaxDepth} levels below '{planned.Ref}' (a cycle?).", planned.Ref, "Check the packs' dependencies.");
        }

        foreach (var entry in manifest.Dependencies)
        {
            // Before any dependency is fetched: a local path named by a fetched pack refuses the plan.
            LocalDependencyGuard.Check(planned, entry, _options);
        }

        var names = new List<string>();
        _dependencies[planned.Ref] = names;
        foreach (var entry in manifest.Dependencies)
        {
            // Looked up where the pack that needs it was: a dependency of a pack from a private
            // -IndexUrl never comes from the public index (dependency confusion).
            if (Visit(entry, null, planned.IndexUrls ?? _options.IndexUrls ?? _settings.IndexUrls, planned.Ref) is { } dependency)
            {
                names.Add(dependency.Ref);
                FollowDependencies(dependency, depth + 1);
            }
            else
            {
                planned.Failure ??= new StackPackException("DependencyFailed", $"Pack '{planned.Ref}' was not installed because its dependency '{CredentialRedactor.RedactUrl(entry)}' could not be resolved (see the error before this one).",
                    planned.Ref, "Fix that dependency, or install with -SkipDependencies.");
            }
        }
    }

    private PlannedPack Resolve(PackSource source, IReadOnlyList<string> indexUrls, string expectedName, bool isRequest)
    {
        string location;
        string? version = source.Version;
        var display = source.Display;
        IndexPackEntry? entry = null;
        if (source.Kind == PackSourceKind.IndexName)
        {
            try
            {
                entry = _indexes.Find(source.Name!, indexUrls);
            }
            finally
            {
                _pendingWarnings.AddRange(_indexes.TakeWarnings());
            }

            location = entry.RepoUrl ?? throw new StackPackException("PackNotFoundInIndex", $"The index entry for '{source.Name}' has no repo_url.", source.Name, "Install it by URL instead.");
            version ??= entry.Version;
            display = CredentialRedactor.RedactUrl(location);
            expectedName = entry.Ref;
        }
        else
        {
            location = source.Location!;
        }

        var remote = source.Kind == PackSourceKind.LocalFolder ? new GitRemoteUrl(location, null, null) : GitRemoteUrl.Parse(location, _credentialScope.For(location, isRequest));
        var cleanLocation = remote.StoredUrl;
        var installed = _installed.GetValueOrDefault(expectedName);
        var planned = new PlannedPack
        {
            Ref = expectedName, Source = source, SourceDisplay = display, FetchLocation = cleanLocation, Version = version, Installed = installed,
            TargetPath = TargetFor(expectedName, installed), IndexEntry = entry,
        };
        planned.Warnings.AddRange(_pendingWarnings);
        _pendingWarnings.Clear();

        var fetcher = new GitFetcher(new GitFetchOptions
        {
            Credentials = remote.Credentials, Secrets = remote.Secrets, Progress = Transfer(expectedName),
            InactivityTimeout = _options.FetchTimeout ?? _settings.FetchTimeout, MaxTime = _settings.FetchMaxTime,
        }, _cancellation);
        if (!_options.Force && installed?.Git is { } git && PackOrigin.IsGitSource(source, cleanLocation) && PackOrigin.Same(git.Origin, cleanLocation)
            && fetcher.RemoteCommit(remote, version, display) is { } remoteCommit && remoteCommit == git.Commit)
        {
            // Already installed at exactly this commit: nothing to fetch (DSC runs this every 15 minutes).
            planned.Action = InstallAction.Unchanged;
            return planned;
        }

        Fetch(planned, source, remote, version, fetcher);
        return planned;
    }

    private void Fetch(PlannedPack planned, PackSource source, GitRemoteUrl remote, string? version, GitFetcher fetcher)
    {
        var location = remote.StoredUrl;
        var staged = _staging.NewFolder(planned.Ref);
        planned.StagedPath = staged;
        _options.Progress?.Report(new InstallProgress(planned.Ref, $"Fetching {planned.SourceDisplay}", null));
        if (source.Kind == PackSourceKind.LocalFolder && !Directory.Exists(location))
        {
            throw new StackPackException("GitFetchFailed", $"Local pack directory \"{location}\" doesn't exist.", location, "Check the path.");
        }

        if (source.Kind == PackSourceKind.LocalFolder && !Directory.Exists(Path.Combine(location, ".git")))
        {
            if (version is not null)
            {
                throw new StackPackException("VersionNotFound", $"'{location}' is a plain folder, not a git repository, so it has no version '{version}'.", location, "Omit the version, or install from a git repository.");
            }

            // Checked before copying: a FIFO would block the copy, a link out would be copied.
            SafeContent.Check(location, planned.SourceDisplay);
            FolderCopy.Copy(location, staged);
        }
        else
        {
            planned.Checkout = fetcher.Clone(remote, version, staged, planned.SourceDisplay);
        }

        // Before anything in the tree is read: pack.yaml itself may be a link out, a FIFO or a loop.
        SafeContent.Check(staged, planned.Ref);
        var manifest = PackManifestReader.Read(Path.Combine(staged, PackManifestReader.FileName), directoryName: null);
        if (!_options.Force)
        {
            CompatibilityCheck.Check(manifest, _hostVersion);
        }

        PackRefGuard.Check(planned, manifest, planned.IndexEntry, _options.Force);
        PlanChecks.CheckContent(planned, staged, manifest, _options, _cancellation);
        planned.Manifest = manifest;
        if (manifest.Ref != planned.Ref)
        {
            // The repository's own ref decides the folder (st2: ref, then name).
            planned.Ref = manifest.Ref;
            planned.Installed = _installed.GetValueOrDefault(manifest.Ref);
            planned.TargetPath = TargetFor(manifest.Ref, planned.Installed);
        }

        planned.Action = ActionFor(planned);
        if (planned.Action == InstallAction.Unchanged)
        {
            DiscardStaging(planned);
        }
    }

    private InstallAction ActionFor(PlannedPack planned)
    {
        var installed = planned.Installed;
        if (installed is null)
        {
            return InstallAction.Installed;
        }

        if (PackVersion.TryParseSemantic(planned.Manifest!.Version, out var next) && PackVersion.TryParseSemantic(installed.Manifest.Version, out var previous) && next != previous)
        {
            return next > previous ? InstallAction.Upgraded : InstallAction.Downgraded;
        }

        return !_options.Force && planned.Checkout is not null && installed.Git?.Commit == planned.Checkout.Commit
            ? InstallAction.Unchanged
            : InstallAction.Reinstalled;
    }

    private string TargetFor(string reference, InstalledPack? installed) =>
        _options.Destination is null && installed is not null ? installed.Path : Path.Combine(DestinationBase, reference);

    private PlannedPack? Fail(string shown, StackPackException e)
    {
        if (_failures.Any(f => f.SourceDisplay == shown && f.Failure!.ErrorId == e.ErrorId))
        {
            return null; // one pack named twice (two dependants, or listed twice) fails once
        }

        var failed = new PlannedPack { Ref = shown, Source = null!, SourceDisplay = shown, TargetPath = string.Empty, Failure = e };
        failed.Warnings.AddRange(_pendingWarnings);
        _pendingWarnings.Clear();
        _failures.Add(failed);
        return null;
    }

    private Progress? Transfer(string pack) =>
        _options.Progress is { } progress ? new Progress(p => progress.Report(new InstallProgress(pack, "Receiving objects", p))) : null;

    private static void DiscardStaging(PlannedPack planned)
    {
        if (planned.StagedPath is not null)
        {
            SafeTree.TryDelete(planned.StagedPath);
            planned.StagedPath = null;
        }
    }

    /// <summary>A synchronous IProgress: reports arrive on the thread that does the work (the pipeline thread).</summary>
    private sealed class Progress(Action<GitTransferProgress> report) : IProgress<GitTransferProgress>
    {
        public void Report(GitTransferProgress value) => report(value);
    }
}
