using StackPack.Engine.IO;
using StackPack.Engine.Packs;
using StackPack.Engine.Settings;
using StackPack.Engine.VirtualEnvs;

namespace StackPack.Engine.Install;

/// <summary>
/// Installs the packs of a plan, one at a time, each under its pack lock: the virtualenv is
/// prepared first (the old one comes back if anything fails), then the staged pack is swapped
/// into place atomically, so the previous version stays whole and working until the new one is
/// complete, and no one ever sees a half-installed pack. configs/&lt;ref&gt;.yaml is never touched.
/// </summary>
public sealed class PackInstaller : IDisposable
{
    private readonly StackPackSettings _settings;
    private readonly InstallOptions _options;
    private readonly CancellationToken _cancellation;
    private readonly StagingArea _staging;

    public PackInstaller(StackPackSettings settings, InstallOptions options, CancellationToken cancellation)
    {
        _settings = settings;
        _options = options;
        _cancellation = cancellation;
        _staging = options.Preview ? StagingArea.CreatePreview() : StagingArea.Create(options.Destination ?? settings.SystemPacksPath);
    }

    /// <summary>Resolves and fetches everything; nothing in the packs base paths changes.</summary>
    public IReadOnlyList<PlannedPack> Plan()
    {
        var plan = new InstallPlanner(_settings, _options, _staging, PackLocator.Scan(_settings), _cancellation).Plan();
        DestinationGuard.Apply(plan, _options);
        return plan;
    }

    /// <exception cref="StackPackException">The pack's own failure, PackLocked, VirtualEnvFailed.</exception>
    public InstallResult Execute(PlannedPack step)
    {
        if (step.Failure is not null)
        {
            throw step.Failure;
        }

        if (step.Action == InstallAction.Unchanged)
        {
            var unchanged = Result(step, virtualEnv: VirtualEnvFor(step.Ref));
            return _options.Preview ? unchanged : Recorded(step, unchanged);
        }

        if (_options.Preview)
        {
            // Staged outside the packs path (another filesystem, maybe): never moved into place.
            throw new InvalidOperationException("A preview plan cannot be installed.");
        }

        try
        {
            return Recorded(step, Swap(step));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // The previous version is still in place: the exchange either happened whole or not at all.
            throw new StackPackException(e is UnauthorizedAccessException ? "PermissionDenied" : "InstallFailed",
                e is UnauthorizedAccessException ? ErrorKind.PermissionDenied : ErrorKind.Failed,
                $"Cannot install pack '{step.Ref}' into '{step.TargetPath}': {e.Message}", step.Ref,
                "Check that you may write the packs base path and the virtualenvs folder, then install again.", e);
        }
    }

    private InstallResult Swap(PlannedPack step)
    {
        using var packLock = PackLock.Acquire(Path.Combine(_settings.StatePath, "locks"), step.Ref, _options.LockTimeout, _cancellation);
        _cancellation.ThrowIfCancellationRequested();
        if (Recheck(step) is { } settled)
        {
            return settled;
        }

        using var virtualEnv = _options.SkipVirtualEnv
            ? null
            : VirtualEnvManager.Prepare(step.StagedPath!, step.Ref, _settings.VirtualEnvsPath, _settings.PythonBinary, _options.Force, _cancellation);

        if (_settings.PackGroup is { } groupName && UnixOwnership.GroupId(groupName) is { } group)
        {
            // Before the swap, so the pack appears with st2's group and modes all at once.
            St2Permissions.ApplyPackGroup(step.StagedPath!, group);
        }

        Directory.CreateDirectory(Path.GetDirectoryName(step.TargetPath)!);
        if (Directory.Exists(step.TargetPath))
        {
            // Atomic exchange: the old pack ends up in the staging folder, deleted afterwards.
            DirectoryExchange.Exchange(step.TargetPath, step.StagedPath!);
            SafeTree.TryDelete(step.StagedPath!);
        }
        else
        {
            Directory.Move(step.StagedPath!, step.TargetPath);
        }

        virtualEnv?.Commit();
        return Result(step, virtualEnv?.Path ?? VirtualEnvFor(step.Ref));
    }

    /// <summary>Notes how the pack was asked for (Export-PackSet reads it); the pack is installed either way.</summary>
    private InstallResult Recorded(PlannedPack step, InstallResult result)
    {
        try
        {
            new InstallRecordStore(_settings.StatePath).Write(step);
            return result;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return result with { Warnings = [.. result.Warnings, $"Pack '{step.Ref}' is installed, but how it was asked for could not be recorded ({e.Message}): Export-PackSet will describe it by its git origin."] };
        }
    }

    /// <summary>
    /// The plan was made before the lock was held: another process may have installed this
    /// very commit meanwhile (then there is nothing to do), or another version (then that is
    /// the previous version now).
    /// </summary>
    private InstallResult? Recheck(PlannedPack step)
    {
        if (!File.Exists(Path.Combine(step.TargetPath, PackManifestReader.FileName)))
        {
            return null;
        }

        InstalledPack current;
        try
        {
            current = PackLocator.Load(step.TargetPath, Path.GetDirectoryName(step.TargetPath)!, _settings);
        }
        catch (StackPackException)
        {
            return null; // a broken pack in the way is simply replaced
        }

        if (current.Git?.Commit == step.Checkout?.Commit && !_options.Force && step.Checkout is not null)
        {
            Skip(step);
            step.Installed = current;
            step.Action = InstallAction.Unchanged;
            return Result(step, VirtualEnvFor(step.Ref));
        }

        if (step.Installed?.Manifest.Version != current.Manifest.Version || step.Installed is null)
        {
            var previous = step.Installed;
            step.Installed = current;
            if (previous is null && step.Action == InstallAction.Installed)
            {
                step.Action = InstallAction.Reinstalled;
            }
        }

        return null;
    }

    /// <summary>Discards what a step staged (e.g. when -WhatIf or the user declined it).</summary>
    public static void Skip(PlannedPack step)
    {
        if (step.StagedPath is not null)
        {
            SafeTree.TryDelete(step.StagedPath);
        }
    }

    private string? VirtualEnvFor(string reference)
    {
        var path = Path.Combine(_settings.VirtualEnvsPath, reference);
        return Directory.Exists(path) ? path : null;
    }

    private static InstallResult Result(PlannedPack step, string? virtualEnv) => new()
    {
        Ref = step.Ref,
        Version = step.ResultVersion ?? string.Empty,
        PreviousVersion = step.Installed?.Manifest.Version,
        Action = step.Action,
        Source = step.SourceDisplay,
        Commit = step.Commit,
        Path = step.TargetPath,
        RequiredBy = step.RequiredBy.Distinct().ToList(),
        VirtualEnv = virtualEnv,
        Warnings = VersionWarning(step),
    };

    private static IReadOnlyList<string> VersionWarning(PlannedPack step) =>
        step.Version is { } asked && step.Checkout?.Tag is not null && step.Manifest is not null &&
        !string.Equals(asked.TrimStart('v'), step.Manifest.Version, StringComparison.Ordinal)
            ? [$"Pack '{step.Ref}': version {asked} was asked for, but its pack.yaml says {step.Manifest.Version}."]
            : [];

    public void Dispose() => _staging.Dispose();
}
