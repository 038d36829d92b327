using StackPack.Engine.IO;
using StackPack.Engine.Packs;
using StackPack.Engine.Settings;
using StackPack.Engine.VirtualEnvs;

namespace StackPack.Engine.Install;

/// <summary>
/// Installs the packs of a plan, one at a time, each under its pack lock: the virtualenv is
/// prepared first, then the staged pack is swapped into place (atomically on Linux), so the
/// previous version stays whole and working until the new one is complete. Each step is written
/// to an install journal first (InstallJournal), so that a failure, or a kill at any moment,
/// ends with the old pack and its old virtualenv or the new pack and its new one (InstallRecovery).
/// configs/&lt;ref&gt;.yaml is never touched.
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

        if (step.Action == InstallAction.Repaired)
        {
            return Repair(step);
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
                $"Cannot install pack '{step.Ref}' into '{step.TargetPath}': {e.Message}", step.Ref,
                "Check that you may write the packs base path and the virtualenvs folder, then install again.", e);
        }
    }

    private InstallResult Swap(PlannedPack step)
    {
        var locks = _settings.LocksPath;
        using var packLock = PackLock.Acquire(locks, step.Ref, _options.LockTimeout, _cancellation);
        _cancellation.ThrowIfCancellationRequested();
        InstallRecovery.SettleInterrupted(_settings, step.Ref); // what a killed install of this pack left
        if (Recheck(step) is { } settled)
        {
            return settled;
        }

        var virtualEnv = _options.SkipVirtualEnv
            ? VirtualEnvPlan.Skip
            : VirtualEnvManager.Plan(step.StagedPath!, step.Ref, _settings.VirtualEnvsPath, _settings.PythonBinary, _options.Force);
        var rebuilt = virtualEnv.Outcome == VirtualEnvOutcome.Created;
        var journal = new InstallJournalEntry
        {
            Ref = step.Ref,
            Phase = InstallPhase.Prepare,
            Target = step.TargetPath,
            Staged = step.StagedPath!,
            Aside = InstallJournal.AsideFor(step.TargetPath, step.Ref),
            Marker = InstallJournal.NewMarker(),
            VirtualEnv = rebuilt ? virtualEnv.Path : null,
            VirtualEnvBackup = rebuilt ? virtualEnv.Backup : null,
        };

        if (_settings.PackGroup is { } groupName && UnixOwnership.GroupId(groupName) is { } group)
        {
            // Before the swap, so the pack appears with st2's group and modes all at once.
            St2Permissions.ApplyPackGroup(step.StagedPath!, group);
        }

        // Journal first, then each step: a kill anywhere leaves a journal that says how to undo or finish.
        InstallJournal.Write(locks, journal);
        try
        {
            VirtualEnvManager.Build(virtualEnv, step.Ref, _cancellation);
            journal = journal with { Phase = InstallPhase.Swap };
            InstallJournal.Write(locks, journal);
            using (File.Create(Path.Combine(step.StagedPath!, journal.Marker)))
            {
            }

            Diagnostics.TestPause.At(Diagnostics.TestPause.BeforeSwap);
            Directory.CreateDirectory(Path.GetDirectoryName(step.TargetPath)!);
            if (Directory.Exists(step.TargetPath))
            {
                Directory.CreateDirectory(Path.GetDirectoryName(journal.Aside)!);
                DirectoryExchange.Exchange(step.TargetPath, step.StagedPath!, journal.Aside);
            }
            else
            {
                Directory.Move(step.StagedPath!, step.TargetPath);
            }

            Diagnostics.TestPause.At(Diagnostics.TestPause.AfterSwap);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // The same rollback a later run would do after a kill. If it fails too, the journal
            // stays and the next run (or Get-Pack) finishes it; the user hears the first failure.
            try
            {
                InstallRecovery.Settle(locks, journal);
            }
            catch (Exception rollback) when (rollback is IOException or UnauthorizedAccessException)
            {
            }

            throw;
        }

        try
        {
            InstallRecovery.Settle(locks, journal); // the new pack is in place: the old one, old virtualenv and journal go
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Installed; what is left is removed by the next run, which finds the journal.
        }

        return Result(step, virtualEnv.Path ?? VirtualEnvFor(step.Ref));
    }

    /// <summary>Puts right what drifted in a pack that stays at its commit: today its virtualenv, rebuilt from its requirements.txt.</summary>
    private InstallResult Repair(PlannedPack step)
    {
        var locks = _settings.LocksPath;
        using var packLock = PackLock.Acquire(locks, step.Ref, _options.LockTimeout, _cancellation);
        try
        {
            InstallRecovery.SettleInterrupted(_settings, step.Ref);
            var virtualEnv = VirtualEnvManager.Plan(step.TargetPath, step.Ref, _settings.VirtualEnvsPath, _settings.PythonBinary, force: false);
            if (virtualEnv.Outcome != VirtualEnvOutcome.Created)
            {
                return Result(step, virtualEnv.Path ?? VirtualEnvFor(step.Ref));
            }

            // Only the virtualenv changes, under the same journal as an install: a kill while it is
            // rebuilt puts the old one back. Nothing is staged, so the journal names a staging path
            // that never exists (the journal's own check wants it inside the staging folder).
            var journal = new InstallJournalEntry
            {
                Ref = step.Ref,
                Phase = InstallPhase.Prepare,
                Target = step.TargetPath,
                Staged = Path.Combine(Path.GetDirectoryName(step.TargetPath)!, StagingArea.FolderName, $"repair-{Guid.NewGuid():N}"),
                Aside = InstallJournal.AsideFor(step.TargetPath, step.Ref),
                Marker = InstallJournal.NewMarker(),
                VirtualEnv = virtualEnv.Path,
                VirtualEnvBackup = virtualEnv.Backup,
            };
            InstallJournal.Write(locks, journal);
            try
            {
                VirtualEnvManager.Build(virtualEnv, step.Ref, _cancellation);
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                try
                {
                    InstallRecovery.Settle(locks, journal);
                }
                catch (Exception rollback) when (rollback is IOException or UnauthorizedAccessException)
                {
                    // The journal stays: the next run puts the old virtualenv back.
                }

                throw;
            }

            // Built: the old virtualenv and the journal go (a kill before this rolls back to the old one).
            if (virtualEnv.Backup is not null)
            {
                SafeTree.TryDelete(virtualEnv.Backup);
            }

            InstallJournal.Delete(locks, step.Ref);
            return Result(step, virtualEnv.Path ?? VirtualEnvFor(step.Ref));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new StackPackException(e is UnauthorizedAccessException ? "PermissionDenied" : "InstallFailed",
                $"Cannot repair pack '{step.Ref}' ({string.Join("; ", step.Repairs)}): {e.Message}", step.Ref,
                "Check that you may write the virtualenvs folder, then install again.", e);
        }
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
        Repairs = step.Repairs.ToList(),
    };

    private static IReadOnlyList<string> VersionWarning(PlannedPack step) =>
        step.Version is { } asked && step.Checkout?.Tag is not null && step.Manifest is not null &&
        !string.Equals(asked.TrimStart('v'), step.Manifest.Version, StringComparison.Ordinal)
            ? [$"Pack '{step.Ref}': version {asked} was asked for, but its pack.yaml says {step.Manifest.Version}."]
            : [];

    public void Dispose() => _staging.Dispose();
}
