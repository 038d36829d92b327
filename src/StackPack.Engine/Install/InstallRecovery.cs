using StackPack.Engine.IO;
using StackPack.Engine.Settings;

namespace StackPack.Engine.Install;

/// <summary>
/// Puts a pack right after an install that did not finish, from its journal: the new pack is in
/// place (its marker is in the pack folder) → finish: the old pack and old virtualenv go; it is
/// not → roll back: the old pack comes back from the aside name if a two-rename swap was cut,
/// and the old virtualenv replaces the half-built one. Either way the pack ends with the
/// virtualenv built for it. The same code finishes a successful install and rolls back a failed
/// one in-process, so the crash path is the tested path. Runs only under the pack lock, and
/// trusts it: a journal whose lock can be taken has no live writer (no PID probe: PIDs repeat).
/// </summary>
public static class InstallRecovery
{
    public enum Outcome
    {
        /// <summary>The new pack and its new virtualenv are in place.</summary>
        Completed,

        /// <summary>The previous pack (or none) and its previous virtualenv are in place.</summary>
        RolledBack,
    }

    /// <summary>Finishes or rolls back, as the disk says; removes the journal last.</summary>
    /// <exception cref="IOException">A move or delete failed: the journal stays for the next run.</exception>
    public static Outcome Settle(string locksFolder, InstallJournalEntry entry)
    {
        var marker = Path.Combine(entry.Target, entry.Marker);
        Outcome outcome;
        if (entry.Phase == InstallPhase.Swap && FileSystemProbe.Lstat(marker).Kind == FileKind.RegularFile)
        {
            // Old pack: at Staged (renameat2) or Aside (two renames). Old virtualenv: at the backup.
            DeleteIfThere(entry.Aside); // a leftover here would stop the next two-rename swap
            SafeTree.TryDelete(entry.Staged); // else removed with the dead process's staging folder
            DeleteIfThere(entry.VirtualEnvBackup);
            File.Delete(marker);
            outcome = Outcome.Completed;
        }
        else
        {
            DirectoryExchange.RestoreAside(entry.Target, entry.Aside);
            SafeTree.TryDelete(entry.Staged);
            RollBackVirtualEnv(entry);
            outcome = Outcome.RolledBack;
        }

        InstallJournal.Delete(locksFolder, entry.Ref);
        SafeTree.TryDeleteEmptyFolder(Path.GetDirectoryName(entry.Aside)!); // made for the aside, in another base maybe
        return outcome;
    }

    /// <summary>
    /// Settles now if it can; if a move or delete fails, the journal stays and the next run (or
    /// Get-Pack) finishes it. For an install's own rollback or clean-up, whose first failure is
    /// what the user hears.
    /// </summary>
    public static void TrySettle(string locksFolder, InstallJournalEntry entry)
    {
        try
        {
            Settle(locksFolder, entry);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // The journal stays for the next run.
        }
    }

    /// <summary>
    /// At the start of an install of <paramref name="reference"/>, under its lock: settles what a
    /// killed install of it left, and clears the staging folders dead processes left beside it.
    /// </summary>
    /// <exception cref="StackPackException">InstallFailed when it cannot be settled (nothing is then installed).</exception>
    public static Outcome? SettleInterrupted(StackPackSettings settings, string reference)
    {
        var locks = settings.LocksPath;
        var entry = InstallJournal.Read(locks, reference, settings.VirtualEnvsPath);
        if (entry is null)
        {
            return null;
        }

        try
        {
            var outcome = Settle(locks, entry);
            RemoveDeadStaging(entry);
            return outcome;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new StackPackException("InstallFailed", $"An interrupted install of pack '{reference}' cannot be settled: {e.Message}", entry.Target,
                $"Run as a user who may write '{Path.GetDirectoryName(entry.Target)}' and '{settings.VirtualEnvsPath}', then run Get-Pack or Install-Pack again.", e);
        }
    }

    /// <summary>
    /// For every pack scan (Get-Pack and the commands that list packs): settles each interrupted
    /// install whose lock is free (a held lock is a live install: left alone). Never throws.
    /// </summary>
    /// <returns>One note per journal: what was done, or why it could not be.</returns>
    public static IReadOnlyList<string> SettleAllInterrupted(StackPackSettings settings)
    {
        var locks = settings.LocksPath;
        var notes = new List<string>();
        IReadOnlyList<string> pending;
        try
        {
            pending = InstallJournal.Pending(locks);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return [$"Interrupted installs cannot be looked for in '{locks}': {e.Message}"];
        }

        foreach (var reference in pending)
        {
            try
            {
                using var packLock = PackLock.Acquire(locks, reference, TimeSpan.Zero, CancellationToken.None);
                var outcome = SettleInterrupted(settings, reference);
                if (outcome is not null)
                {
                    notes.Add(outcome == Outcome.Completed
                        ? $"Pack '{reference}': an interrupted install was finished (the new version and its virtualenv are in place)."
                        : $"Pack '{reference}': an interrupted install was rolled back (the previous version and its virtualenv are in place).");
                }
            }
            catch (StackPackException e) when (e.ErrorId == "PackLocked")
            {
                // Being installed right now by a live process.
            }
            catch (StackPackException e)
            {
                notes.Add($"Pack '{reference}': {e.Message} {e.RecommendedAction}");
            }
        }

        return notes;
    }

    private static void RollBackVirtualEnv(InstallJournalEntry entry)
    {
        if (entry.VirtualEnv is null)
        {
            return; // reused or skipped: never touched
        }

        if (entry.VirtualEnvBackup is null)
        {
            DeleteIfThere(entry.VirtualEnv); // there was none before: the half-built one goes
        }
        else if (FileSystemProbe.Lstat(entry.VirtualEnvBackup).Exists)
        {
            DeleteIfThere(entry.VirtualEnv);
            Directory.Move(entry.VirtualEnvBackup, entry.VirtualEnv);
        }

        // else: killed before the old one stepped aside: it is still in place, untouched.
    }

    /// <summary>Deletes without following links; throws (the journal stays) if anything is left.</summary>
    private static void DeleteIfThere(string? path)
    {
        if (path is not null)
        {
            SafeTree.Delete(path);
        }
    }

    /// <summary>The killed process's staging folder (where the new pack was staged) and an emptied aside root.</summary>
    private static void RemoveDeadStaging(InstallJournalEntry entry)
    {
        foreach (var root in new[] { Path.GetDirectoryName(Path.GetDirectoryName(entry.Staged)!)!, Path.GetDirectoryName(entry.Aside)! }.Distinct())
        {
            if (FileSystemProbe.Lstat(root).Kind == FileKind.Directory)
            {
                StagingArea.RemoveStale(root);
                SafeTree.TryDeleteEmptyFolder(root);
            }
        }
    }
}
