using StackPack.Engine.IO;
using StackPack.Engine.Settings;
using StackPack.Engine.VirtualEnvs;

namespace StackPack.Engine.Install;

/// <summary>Puts right what drifted in a pack that stays at its commit: today its virtualenv, rebuilt from its requirements.txt.</summary>
internal sealed class PackRepair(StackPackSettings settings, InstallOptions options, CancellationToken cancellation)
{
    /// <exception cref="StackPackException">PermissionDenied, InstallFailed, PackLocked, VirtualEnvFailed.</exception>
    public InstallResult Repair(PlannedPack step)
    {
        var locks = settings.LocksPath;
        using var packLock = PackLock.Acquire(locks, step.Ref, options.LockTimeout, cancellation);
        try
        {
            InstallRecovery.SettleInterrupted(settings, step.Ref);
            var virtualEnv = VirtualEnvManager.Plan(step.TargetPath, step.Ref, settings.VirtualEnvsPath, settings.PythonBinary, force: false);
            if (virtualEnv.Outcome != VirtualEnvOutcome.Created)
            {
                return StepResults.For(step, virtualEnv.Path ?? StepResults.VirtualEnvFor(settings, step.Ref));
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
                VirtualEnvManager.Build(virtualEnv, step.Ref, cancellation);
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                InstallRecovery.TrySettle(locks, journal); // else the next run puts the old virtualenv back
                throw;
            }

            // Built: the old virtualenv and the journal go (a kill before this rolls back to the old one).
            if (virtualEnv.Backup is not null)
            {
                SafeTree.TryDelete(virtualEnv.Backup);
            }

            InstallJournal.Delete(locks, step.Ref);
            return StepResults.For(step, virtualEnv.Path ?? StepResults.VirtualEnvFor(settings, step.Ref));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new StackPackException(e is UnauthorizedAccessException ? "PermissionDenied" : "InstallFailed",
                $"Cannot repair pack '{step.Ref}' ({string.Join("; ", step.Repairs)}): {e.Message}", step.Ref,
                "Check that you may write the virtualenvs folder, then install again.", e);
        }
    }
}
