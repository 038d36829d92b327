using StackPack.Engine.Git;
using StackPack.Engine.Packs;
using StackPack.Engine.Settings;
using StackPack.Engine.Sources;
using StackPack.Engine.Versions;

namespace StackPack.Engine.Install;

/// <summary>
/// Works out everything an install will do before the packs base path changes, by walking the
/// requests and their dependencies (of installed packs too, so a removed one comes back): each
/// is resolved (<see cref="PackResolver"/>), staged and checked (<see cref="PackStager"/>) and
/// put in the <see cref="DependencyGraph"/>, which orders the plan, checks the pins and spreads
/// failures. The whole plan is refused on a conflict (two different pins of one pack, a pin that
/// differs from an installed version, an installed pack that pins a pack the plan moves) or on
/// content that would not register. A pack that stays at its commit is verified (see
/// <see cref="PackDrift"/>) and marked for repair when it drifted. A pack that fails on its own
/// (not found, unknown version, bad metadata) fails alone, with the packs that depend on it.
/// </summary>
public sealed class InstallPlanner
{
    private readonly StackPackSettings _settings;
    private readonly InstallOptions _options;
    private readonly CancellationToken _cancellation;
    private readonly Dictionary<string, InstalledPack> _installed;
    private readonly PackResolver _resolver;
    private readonly PackStager _stager;
    private readonly DependencyGraph _graph;

    /// <summary>The packs planned so far, by ref; a record is replaced whenever more is learnt about its pack.</summary>
    private readonly Dictionary<string, PlannedPack> _byRef = new(StringComparer.Ordinal);

    /// <summary>Packs that could not be planned at all (no ref to stand in the graph under).</summary>
    private readonly List<PlannedPack> _failures = new();

    /// <summary>Index warnings (a stale cached copy, a pack listed twice) for the next pack planned, failed or not.</summary>
    private readonly List<string> _pendingWarnings = new();

    public InstallPlanner(StackPackSettings settings, InstallOptions options, StagingArea staging, PackScanResult installed, CancellationToken cancellation)
    {
        _settings = settings;
        _options = options;
        _cancellation = cancellation;
        _installed = installed.Packs.ToDictionary(p => p.Ref, StringComparer.Ordinal);
        _resolver = new PackResolver(new IndexLookup(settings, options.BaseDirectory, options.RefreshIndexes, cancellation), options.Credentials);
        _stager = new PackStager(settings, options, staging, _installed, cancellation);
        _graph = new DependencyGraph(_installed.ToDictionary(p => p.Key, p => p.Value.Manifest.Version, StringComparer.Ordinal));
    }

    public string DestinationBase => _stager.DestinationBase;

    /// <exception cref="PlanRefusedException">DependencyConflict, InvalidPackContent or InvalidPackSource (a fetched pack names a local-path dependency): nothing may be installed.</exception>
    public IReadOnlyList<PlannedPack> Plan()
    {
        // Every pack asked for is resolved before any dependency, so a request always owns its
        // ref and pins compare the same way whatever order the names came in.
        var roots = new List<string>();
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

        var order = _graph.Order(roots);
        var failed = _graph.SpreadFailures(order, order.Where(r => _byRef[r].Failure is not null));
        var ordered = order.Select(reference => Finish(_byRef[reference], failed.GetValueOrDefault(reference))).ToList();
        return _failures.Concat(PlanChecks.CheckInstalledPins(ordered, _installed, _options)).ToList();
    }

    /// <summary>The pack's place in the graph written into its record; a pack that stays is verified.</summary>
    private PlannedPack Finish(PlannedPack pack, string? failedDependency)
    {
        pack = pack with { DependsOn = _graph.DependenciesOf(pack.Ref), RequiredBy = _graph.DependantsOf(pack.Ref) };
        if (failedDependency is not null)
        {
            return pack with { Failure = DependencyGraph.DependencyFailed(pack.Ref, failedDependency) };
        }

        return pack.Failure is null && pack.StaysInstalled ? PlanChecks.Verify(pack, _settings, _options) : pack;
    }

    /// <returns>The ref of the planned pack, or null when it failed before it had one.</returns>
    private string? Visit(string text, string? version, IReadOnlyList<string> indexUrls, string? requiredBy)
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
        _graph.Pin(expectedName, source.Version, requiredBy);
        if (requiredBy is not null)
        {
            if (_byRef.ContainsKey(expectedName))
            {
                return expectedName;
            }

            // st2: a dependency that is installed is left alone unless it is pinned to another version.
            if (_installed.TryGetValue(expectedName, out var present) && (source.Version is null || PackVersion.Same(present.Manifest.Version, source.Version)))
            {
                Put(new PlannedPack
                {
                    Ref = expectedName, Source = source, SourceDisplay = present.Git?.Origin ?? present.Path, Installed = present,
                    TargetPath = present.Path, Action = InstallAction.Unchanged,
                });
                return expectedName;
            }
        }

        PlannedPack planned;
        try
        {
            var resolved = Resolve(source, indexUrls, expectedName, isRequest: requiredBy is null);
            planned = _stager.Stage(resolved, TakePendingWarnings()) with { IndexUrls = indexUrls };
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

        if (_byRef.ContainsKey(planned.Ref))
        {
            // The same pack reached twice (by two names, or a URL and a name): one plan entry.
            PackStager.Discard(planned);
            return planned.Ref;
        }

        Put(planned);
        if (planned.Ref != expectedName && source.Version is not null)
        {
            _graph.Pin(planned.Ref, source.Version, requiredBy);
        }

        return planned.Ref;
    }

    private ResolvedSource Resolve(PackSource source, IReadOnlyList<string> indexUrls, string expectedName, bool isRequest)
    {
        try
        {
            return _resolver.Resolve(source, indexUrls, expectedName, isRequest);
        }
        finally
        {
            _pendingWarnings.AddRange(_resolver.TakeWarnings());
        }
    }

    private void FollowDependencies(string reference, int depth)
    {
        // An installed pack that stays is followed too: a dependency removed since comes back.
        var planned = _byRef[reference];
        if (planned.Failure is not null || planned.ResultManifest is not { } manifest || _options.SkipDependencies || _graph.HasDependencies(reference))
        {
            return;
        }

        DependencyGraph.CheckDepth(reference, depth);
        // Before any dependency is fetched: a local path named by a fetched pack refuses the plan.
        var guardWarnings = manifest.Dependencies.Select(entry => LocalDependencyGuard.Check(planned, entry, _options)).OfType<string>().ToList();
        if (guardWarnings.Count > 0)
        {
            Put(planned = planned.WithWarnings(guardWarnings));
        }

        _graph.BeginDependencies(reference);
        foreach (var entry in manifest.Dependencies)
        {
            // Looked up where the pack that needs it was: a dependency of a pack from a private
            // -IndexUrl never comes from the public index (dependency confusion).
            if (Visit(entry, null, planned.IndexUrls ?? _options.IndexUrls ?? _settings.IndexUrls, reference) is { } dependency)
            {
                _graph.AddDependency(reference, dependency);
                FollowDependencies(dependency, depth + 1);
            }
            else if (_byRef[reference].Failure is null)
            {
                Put(_byRef[reference] with
                {
                    Failure = new StackPackException("DependencyFailed", $"Pack '{reference}' was not installed because its dependency '{CredentialRedactor.RedactUrl(entry)}' could not be resolved (see the error before this one).",
                        reference, "Fix that dependency, or install with -SkipDependencies."),
                });
            }
        }
    }

    /// <summary>Adds or replaces a pack's record, and tells the graph the version it leaves in place.</summary>
    private void Put(PlannedPack planned)
    {
        _byRef[planned.Ref] = planned;
        _graph.Set(planned.Ref, new GraphPack(planned.ResultManifest?.Version, planned.StaysInstalled));
    }

    private string? Fail(string shown, StackPackException e)
    {
        // One pack named twice (two dependants, or listed twice) fails once.
        if (!_failures.Any(f => f.SourceDisplay == shown && f.Failure!.ErrorId == e.ErrorId))
        {
            _failures.Add(PlannedPack.Failed(shown, e, TakePendingWarnings()));
        }

        return null;
    }

    private List<string> TakePendingWarnings()
    {
        var warnings = _pendingWarnings.ToList();
        _pendingWarnings.Clear();
        return warnings;
    }
}
