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
    public void RemoveAll(IReadOnlyList<InstalledPack> packs, PackScanResult installed, Action<InstalledPack> removed)
    {
        var gone = new HashSet<string>(StringComparer.Ordinal);
        foreach (var pack in RemovalOrder.Order(packs, installed.Packs))
        {
            switch (TryRemove(pack, installed, gone))
            {
                case Outcome.Removed:
                    gone.Add(pack.Ref);
                    removed(pack);
                    break;
                case Outcome.Previewed:
                    gone.Add(pack.Ref);
                    break;
            }
        }
    }

    private enum Outcome
    {
        Kept,
        Removed,
        Previewed,
    }

    private Outcome TryRemove(InstalledPack pack, PackScanResult installed, IReadOnlySet<string> gone)
    {
        if (pack.IsSystem && !force)
        {
            cmdlet.WriteError(ErrorRecords.Create("SystemPackProtected", pack.Ref,
                $"'{pack.Ref}' is a StackStorm system pack (core, packs, linux, chatops) and is not removed.", "Use -Force if you really mean to remove it."));
            return Outcome.Kept;
        }

        // Dependants in the same call were removed first; one that was not (declined, failed) still needs this pack.
        var dependants = RemovalOrder.RemainingDependants(pack, installed.Packs, gone);
        if (dependants.Count > 0 && !force)
        {
            cmdlet.WriteError(ErrorRecords.Create("PackInUse", pack.Ref,
                $"Pack '{pack.Ref}' is needed by {string.Join(", ", dependants.Select(d => $"'{d}'"))}.", $"Remove {string.Join(", ", dependants)} too (in the same call), or use -Force."));
            return Outcome.Kept;
        }

        var extras = string.Concat(options.KeepVirtualEnv ? string.Empty : " and its virtualenv", options.RemoveConfig ? " and its config" : string.Empty);
        if (!cmdlet.ShouldProcess($"{pack.Ref} {pack.Manifest.Version} at {pack.Path}{extras}", "Remove pack"))
        {
            return Preview ? Outcome.Previewed : Outcome.Kept;
        }

        try
        {
            PackRemover.Remove(settings, pack, options, cancellation);
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
