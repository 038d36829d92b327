using StackPack.Engine.Git;
using StackPack.Engine.IO;
using StackPack.Engine.Packs;
using StackPack.Engine.Settings;
using StackPack.Engine.Sources;
using StackPack.Engine.Versions;

namespace StackPack.Engine.Install;

/// <summary>
/// Source → staged, validated pack: asks the remote whether the installed commit is still the
/// one wanted (then nothing is fetched), else clones (or copies a plain folder) into staging,
/// checks the tree before reading anything in it, reads pack.yaml, and checks compatibility, the
/// ref the pack claims and its content. The pack's own ref decides its folder and its action
/// (installed, upgraded, downgraded, reinstalled, unchanged).
/// </summary>
internal sealed class PackStager
{
    private readonly StackPackSettings _settings;
    private readonly InstallOptions _options;
    private readonly StagingArea _staging;
    private readonly IReadOnlyDictionary<string, InstalledPack> _installed;
    private readonly string? _hostVersion;
    private readonly CancellationToken _cancellation;

    public PackStager(StackPackSettings settings, InstallOptions options, StagingArea staging, IReadOnlyDictionary<string, InstalledPack> installed, CancellationToken cancellation)
    {
        _settings = settings;
        _options = options;
        _staging = staging;
        _installed = installed;
        _cancellation = cancellation;
        _hostVersion = CompatibilityCheck.HostStackStormVersion(settings.BasePath, Environment.GetEnvironmentVariable);
    }

    public string DestinationBase => _options.Destination ?? _settings.SystemPacksPath;

    /// <param name="warnings">What was learnt about the pack before it was staged (index warnings).</param>
    /// <exception cref="StackPackException">The pack's own failure (fetch, version, metadata, ref, compatibility).</exception>
    /// <exception cref="PlanRefusedException">InvalidPackContent: the whole plan is refused.</exception>
    public PlannedPack Stage(ResolvedSource resolved, IReadOnlyList<string> warnings)
    {
        var installed = _installed.GetValueOrDefault(resolved.ExpectedRef);
        var planned = new PlannedPack
        {
            Ref = resolved.ExpectedRef, Source = resolved.Source, SourceDisplay = resolved.Display, FetchLocation = resolved.Location, Version = resolved.Version,
            Installed = installed, TargetPath = TargetFor(resolved.ExpectedRef, installed), IndexEntry = resolved.IndexEntry, Warnings = warnings,
        };

        var fetcher = new GitFetcher(new GitFetchOptions
        {
            Credentials = resolved.Remote.Credentials, Secrets = resolved.Remote.Secrets, Progress = Transfer(resolved.ExpectedRef),
            InactivityTimeout = _options.FetchTimeout ?? _settings.FetchTimeout, MaxTime = _settings.FetchMaxTime,
        }, _cancellation);
        if (!_options.Force && installed?.Git is { } git && PackOrigin.IsGitSource(resolved.Source, resolved.Location) && PackOrigin.Same(git.Origin, resolved.Location)
            && fetcher.RemoteCommit(resolved.Remote, resolved.Version, resolved.Display) is { } remoteCommit && remoteCommit == git.Commit)
        {
            // Already installed at exactly this commit: nothing to fetch (DSC runs this every 15 minutes).
            return planned with { Action = InstallAction.Unchanged };
        }

        return Fetch(planned, resolved, fetcher);
    }

    /// <summary>The folder a pack goes to: where it is installed now, unless -Destination names another packs path.</summary>
    public string TargetFor(string reference, InstalledPack? installed) =>
        _options.Destination is null && installed is not null ? installed.Path : Path.Combine(DestinationBase, reference);

    /// <summary>The plan no longer needs what this pack staged (the pack was reached twice, or stays as installed).</summary>
    public static PlannedPack Discard(PlannedPack planned)
    {
        PackInstaller.Skip(planned);
        return planned.StagedPath is null ? planned : planned with { StagedPath = null };
    }

    private PlannedPack Fetch(PlannedPack planned, ResolvedSource resolved, GitFetcher fetcher)
    {
        var location = resolved.Location;
        var version = resolved.Version;
        var staged = _staging.NewFolder(planned.Ref);
        _options.Progress?.Report(new InstallProgress(planned.Ref, $"Fetching {planned.SourceDisplay}", null));
        GitCheckout? checkout = null;
        if (resolved.Source.Kind == PackSourceKind.LocalFolder && !Directory.Exists(location))
        {
            throw new StackPackException("GitFetchFailed", $"Local pack directory \"{location}\" doesn't exist.", location, "Check the path.");
        }

        if (resolved.Source.Kind == PackSourceKind.LocalFolder && !Directory.Exists(Path.Combine(location, ".git")))
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
            checkout = fetcher.Clone(resolved.Remote, version, staged, planned.SourceDisplay);
        }

        // Before anything in the tree is read: pack.yaml itself may be a link out, a FIFO or a loop.
        SafeContent.Check(staged, planned.Ref);
        var manifest = PackManifestReader.Read(Path.Combine(staged, PackManifestReader.FileName), directoryName: null);
        if (!_options.Force)
        {
            CompatibilityCheck.Check(manifest, _hostVersion);
        }

        var warnings = PackRefGuard.Check(planned.SourceDisplay, manifest, planned.IndexEntry, _options.Force).ToList();
        if (PlanChecks.CheckContent(planned.SourceDisplay, staged, manifest, _options, _cancellation) is { } contentWarning)
        {
            warnings.Add(contentWarning);
        }

        // The repository's own ref decides the folder (st2: ref, then name).
        var installed = manifest.Ref == planned.Ref ? planned.Installed : _installed.GetValueOrDefault(manifest.Ref);
        var fetched = planned.WithWarnings(warnings) with
        {
            Ref = manifest.Ref, Manifest = manifest, Checkout = checkout, StagedPath = staged, Installed = installed,
            TargetPath = manifest.Ref == planned.Ref ? planned.TargetPath : TargetFor(manifest.Ref, installed),
        };
        fetched = fetched with { Action = ActionFor(fetched) };
        return fetched.Action == InstallAction.Unchanged ? Discard(fetched) : fetched;
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

    private SynchronousProgress? Transfer(string pack) =>
        _options.Progress is { } progress ? new SynchronousProgress(p => progress.Report(new InstallProgress(pack, "Receiving objects", p))) : null;

    /// <summary>A synchronous IProgress: reports arrive on the thread that does the work (the pipeline thread).</summary>
    private sealed class SynchronousProgress(Action<GitTransferProgress> report) : IProgress<GitTransferProgress>
    {
        public void Report(GitTransferProgress value) => report(value);
    }
}
