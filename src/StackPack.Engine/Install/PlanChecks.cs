using StackPack.Engine.Packs;
using StackPack.Engine.Registration;
using StackPack.Engine.Settings;

namespace StackPack.Engine.Install;

/// <summary>The planner's checks of what a plan would leave behind: drift of packs that stay, pins of the installed set, content that would not register.</summary>
internal static class PlanChecks
{
    /// <summary>A pack that stays at its commit: what drifted is repaired; local edits are kept and reported.</summary>
    public static void Verify(PlannedPack pack, StackPackSettings settings, InstallOptions options)
    {
        var drift = PackDrift.Inspect(pack.Installed!, settings, options.SkipVirtualEnv);
        pack.LocalEdits = drift.LocalEdits;
        if (drift.Repairs.Count > 0)
        {
            pack.Action = InstallAction.Repaired;
            pack.Repairs.AddRange(drift.Repairs);
        }
    }

    public static void CheckInstalledPins(IReadOnlyCollection<PlannedPack> plan, IReadOnlyDictionary<string, InstalledPack> installed, InstallOptions options)
    {
        foreach (var (changed, dependant, pin) in InstalledPins.Violations(plan, installed))
        {
            var message = $"Pack '{changed.Ref}' is to be installed at {changed.Manifest!.Version}, but the installed pack '{dependant.Ref}' requires {changed.Ref} {pin}.";
            if (!options.Force)
            {
                throw PlanRefusedException.Conflict(message, changed.Ref);
            }

            changed.Warnings.Add(message + " Installed anyway (-Force).");
        }
    }

    /// <summary>What Register-Pack would refuse refuses the plan (-Force: installed anyway, and what registers is registered).</summary>
    public static void CheckContent(PlannedPack planned, string staged, PackManifest manifest, InstallOptions options, CancellationToken cancellation)
    {
        if (!options.ValidateContent)
        {
            return;
        }

        var errors = PackContentCheck.Check(staged, manifest.Ref, _ => true, cancellation).Problems
            .Where(p => p.Severity == ProblemSeverity.Error).OrderBy(p => p.File, StringComparer.Ordinal).ThenBy(p => p.Line).ToList();
        if (errors.Count == 0)
        {
            return;
        }

        var listed = string.Concat(errors.Select(e => "\n  - " + e));
        if (!options.Force)
        {
            throw new PlanRefusedException("InvalidPackContent", $"Pack '{manifest.Ref}' from {planned.SourceDisplay} would fail registration, so nothing was installed:{listed}", manifest.Ref,
                "Install a version of the pack without these problems, or use -Force to install it anyway and register the files that register.");
        }

        planned.Warnings.Add($"Pack '{manifest.Ref}' has content that will not register (installed anyway, -Force):{listed}");
    }
}
