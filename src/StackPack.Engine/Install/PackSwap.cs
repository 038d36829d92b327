using StackPack.Engine.IO;
using StackPack.Engine.Packs;
using StackPack.Engine.Settings;
using StackPack.Engine.VirtualEnvs;

namespace StackPack.Engine.Install;

/// <summary>
/// Puts one staged pack in place, under its pack lock: the virtualenv is prepared first, then
/// the staged pack is swapped into place (atomically on Linux), so the previous version stays
/// whole and working until the new one is complete. Each step is written to an install journal
/// first (InstallJournal), so that a failure, or a kill at any moment, ends with the old pack and
/// its old virtualenv or the new pack and its new one (InstallRecovery).
/// </summary>
internal sealed class PackSwap(StackPackSettings settings, InstallOptions options, CancellationToken cancellation)
{
    public InstallResult Swap(PlannedPack step)
    {
        var locks = settings.LocksPath;
        using var packLock = PackLock.Acquire(locks, step.Ref, options.LockTimeout, cancellation);
        cancellation.ThrowIfCancellationRequested();
        InstallRecovery.SettleInterrupted(settings, step.Ref); // what a killed install of this pack left
        var (current, settled) = Recheck(step);
        if (settled is not null)
        {
            return settled;
        }

        step = current;
        var virtualEnv = options.SkipVirtualEnv
            ? VirtualEnvPlan.Skip
            : VirtualEnvManager.Plan(step.StagedPath!, step.Ref, settings.VirtualEnvsPath, settings.PythonBinary, options.Force);
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

        if (settings.PackGroup is { } groupName && UnixOwnership.GroupId(groupName) is { } group)
        {
            // Before the swap, so the pack appears with st2's group and modes all at once.
            St2Permissions.ApplyPackGroup(step.StagedPath!, group);
        }

        // Journal first, then each step: a kill anywhere leaves a journal that says how to undo or finish.
        InstallJournal.Write(locks, journal);
        try
        {
            VirtualEnvManager.Build(virtualEnv, step.Ref, cancellation);
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
            // The same rollback a later run would do after a kill; the user hears the first failure.
            InstallRecovery.TrySettle(locks, journal);
            throw;
        }

        // The new pack is in place: the old one, old virtualenv and journal go (or the next run removes them).
        InstallRecovery.TrySettle(locks, journal);

        return StepResults.For(step, virtualEnv.Path ?? StepResults.VirtualEnvFor(settings, step.Ref));
    }

    /// <summary>
    /// The plan was made before the lock was held: another process may have installed this
    /// very commit meanwhile (then there is nothing to do: the settled result), or another
    /// version (then that is the previous version now: the step as it stands).
    /// </summary>
    private (PlannedPack Step, InstallResult? Settled) Recheck(PlannedPack step)
    {
        if (!File.Exists(Path.Combine(step.TargetPath, PackManifestReader.FileName)))
        {
            return (step, null);
        }

        InstalledPack current;
        try
        {
            current = PackLocator.Load(step.TargetPath, Path.GetDirectoryName(step.TargetPath)!, settings);
        }
        catch (StackPackException)
        {
            return (step, null); // a broken pack in the way is simply replaced
        }

        if (current.Git?.Commit == step.Checkout?.Commit && !options.Force && step.Checkout is not null)
        {
            PackInstaller.Skip(step);
            return (step, StepResults.For(step with { Installed = current, Action = InstallAction.Unchanged }, StepResults.VirtualEnvFor(settings, step.Ref)));
        }

        if (step.Installed?.Manifest.Version != current.Manifest.Version || step.Installed is null)
        {
            var action = step.Installed is null && step.Action == InstallAction.Installed ? InstallAction.Reinstalled : step.Action;
            step = step with { Installed = current, Action = action };
        }

        return (step, null);
    }
}
