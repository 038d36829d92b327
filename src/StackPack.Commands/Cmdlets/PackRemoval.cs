using System.Management.Automation;
using StackPack.Engine;
using StackPack.Engine.Install;
using StackPack.Engine.Packs;
using StackPack.Engine.Settings;

namespace StackPack.Commands.Cmdlets;

/// <summary>
/// Removes installed packs for Remove-Pack and Install-Pack -PackSet -Exact alike: in dependency
/// order (dependants first), each checked just before its turn against the packs still
/// installed, so one call removes a pack and everything in the call that needed it.
/// </summary>
internal sealed class PackRemoval(StackPackCmdlet cmdlet, StackPackSettings settings, RemoveOptions options, bool force, CancellationToken cancellation)
{
    /// <summary>-WhatIf: a pack the preview "removes" counts as gone for the packs it needs, so the preview shows the whole call.</summary>
    private bool Preview => cmdlet.IsWhatIf();

    /// <summary>Removes the packs in dependency order; calls <paramref name="removed"/> for each one gone.</summary>
    public void RemoveAll(IReadOnlyList<InstalledPack> packs, PackScanResult installed, Action<InstalledPack> removed) =>
        RemoveAll(packs, [], installed, removed, _ => { });

    /// <summary>
    /// Removes the packs in dependency order, then the pack folders whose pack.yaml cannot be read
    /// (nothing can be known about what they need, so they go last; the readable packs of the call
    /// that need them went before).
    /// </summary>
    public void RemoveAll(IReadOnlyList<InstalledPack> packs, IReadOnlyList<BrokenPack> unreadable, PackScanResult installed,
        Action<InstalledPack> removed, Action<BrokenPack> removedUnreadable)
    {
        var gone = new HashSet<string>(StringComparer.Ordinal);
        foreach (var pack in RemovalOrder.Order(packs, installed.Packs))
        {
            var outcome = TryRemove(new Target(pack.Ref, pack.Manifest.Name, pack.Path, $"{pack.Ref} {pack.Manifest.Version}"), installed, gone,
                () => PackRemover.Remove(settings, pack, options, cancellation));
            Record(outcome, pack.Ref, gone, () => removed(pack));
        }

        foreach (var pack in unreadable)
        {
            var outcome = TryRemove(new Target(pack.DirectoryName, null, pack.Path, $"{pack.DirectoryName} (its pack.yaml cannot be read)"), installed, gone,
                () => PackRemover.RemoveUnreadable(settings, pack, installed.Packs, options, cancellation));
            Record(outcome, pack.DirectoryName, gone, () => removedUnreadable(pack));
        }
    }

    private static void Record(Outcome outcome, string reference, HashSet<string> gone, Action removed)
    {
        switch (outcome)
        {
            case Outcome.Removed:
                gone.Add(reference);
                removed();
                break;
            case Outcome.Previewed:
                gone.Add(reference);
                break;
        }
    }

    private enum Outcome
    {
        Kept,
        Removed,
        Previewed,
    }

    /// <summary>What the checks and messages need of a pack to remove: its ref (for an unreadable one, its folder name), display name, folder, and how to show it.</summary>
    private sealed record Target(string Ref, string? Name, string Path, string Shown);

    private Outcome TryRemove(Target pack, PackScanResult installed, IReadOnlySet<string> gone, Action remove)
    {
        if (PackRules.IsSystemPack(pack.Ref) && !force)
        {
            cmdlet.WriteError(ErrorRecords.Create("SystemPackProtected", pack.Ref,
                $"'{pack.Ref}' is a StackStorm system pack (core, packs, linux, chatops) and is not removed.", "Use -Force if you really mean to remove it."));
            return Outcome.Kept;
        }

        // Dependants in the same call were removed first; one that was not (declined, failed) still needs this pack.
        var dependants = RemovalOrder.RemainingDependants(pack.Ref, pack.Name, installed.Packs, gone);
        if (dependants.Count > 0 && !force)
        {
            cmdlet.WriteError(ErrorRecords.Create("PackInUse", pack.Ref,
                $"Pack '{pack.Ref}' is needed by {string.Join(", ", dependants.Select(d => $"'{d}'"))}.", $"Remove {string.Join(", ", dependants)} too (in the same call), or use -Force."));
            return Outcome.Kept;
        }

        var extras = string.Concat(options.KeepVirtualEnv ? string.Empty : " and its virtualenv", options.RemoveConfig ? " and its config" : string.Empty);
        if (!cmdlet.ShouldProcess($"{pack.Shown} at {pack.Path}{extras}", "Remove pack"))
        {
            return Preview ? Outcome.Previewed : Outcome.Kept;
        }

        try
        {
            remove();
            cmdlet.WriteVerbose($"Removed {pack.Ref} from {pack.Path}.");
            return Outcome.Removed;
        }
        catch (StackPackException e)
        {
            cmdlet.WriteError(ErrorRecords.From(e));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            cmdlet.WriteError(ErrorRecords.Create(e is UnauthorizedAccessException ? "PermissionDenied" : "RemoveFailed",
                pack.Ref,
                $"Cannot remove pack '{pack.Ref}' from '{pack.Path}': {e.Message}",
                Directory.Exists(pack.Path)
                    ? "Check that you may write the packs base path; the pack is still installed."
                    : "The pack folder is gone; remove what is left (its virtualenv or config) by hand, or run Remove-Pack again."));
        }

        return Outcome.Kept;
    }
}
