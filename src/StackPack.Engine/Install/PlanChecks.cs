using StackPack.Engine.Packs;
using StackPack.Engine.Registration;
using StackPack.Engine.Settings;

namespace StackPack.Engine.Install;

/// <summary>The planner's checks of what a plan would leave behind: drift of packs that stay, pins of the installed set, content that would not register.</summary>
internal static class PlanChecks
{
    /// <summary>A pack that stays at its commit: what drifted is repaired; local edits are kept and reported.</summary>
    public static PlannedPack Verify(PlannedPack pack, StackPackSettings settings, InstallOptions options)
    {
        var drift = PackDrift.Inspect(pack.Installed!, settings, options.SkipVirtualEnv);
        var verified = pack with { LocalEdits = drift.LocalEdits };
        return drift.Repairs.Count > 0
            ? verified with { Action = InstallAction.Repaired, Repairs = [.. pack.Repairs, .. drift.Repairs] }
            : verified;
    }

    /// <summary>An installed pack that stays must keep the versions it pins (-Force: moved anyway, with a warning on the moved pack).</summary>
    /// <exception cref="PlanRefusedException">DependencyConflict (without -Force).</exception>
    public static IReadOnlyList<PlannedPack> CheckInstalledPins(IReadOnlyList<PlannedPack> plan, IReadOnlyDictionary<string, InstalledPack> installed, InstallOptions options)
    {
        var warnings = new Dictionary<PlannedPack, List<string>>(ReferenceEqualityComparer.Instance);
        foreach (var (changed, dependant, pin) in InstalledPins.Violations(plan, installed))
        {
            var message = $"Pack '{changed.Ref}' is to be installed at {changed.Manifest!.Version}, but the installed pack '{dependant.Ref}' requires {changed.Ref} {pin}.";
            if (!options.Force)
            {
                throw PlanRefusedException.Conflict(message, changed.Ref);
            }

            if (!warnings.TryGetValue(changed, out var list))
            {
                warnings[changed] = list = new List<string>();
            }

            list.Add(message + " Installed anyway (-Force).");
        }

        return warnings.Count == 0 ? plan : plan.Select(p => warnings.TryGetValue(p, out var list) ? p.WithWarnings(list) : p).ToList();
    }

    /// <summary>What Register-Pack would refuse refuses the plan (-Force: installed anyway, and what registers is registered).</summary>
    /// <returns>The warning -Force leaves, or null.</returns>
    /// <exception cref="PlanRefusedException">InvalidPackContent (without -Force).</exception>
    public static string? CheckContent(string sourceDisplay, string staged, PackManifest manifest, InstallOptions options, CancellationToken cancellation)
    {
        if (!options.ValidateContent)
        {
            return null;
        }

        var errors = PackContentCheck.Check(staged, manifest.Ref, _ => true, cancellation).Problems
            .Where(p => p.Severity == ProblemSeverity.Error).OrderBy(p => p.File, StringComparer.Ordinal).ThenBy(p => p.Line).ToList();
        if (errors.Count == 0)
        {
            return null;
        }

        var listed = string.Concat(errors.Select(e => "\n  - " + e));
        if (!options.Force)
        {
            throw new PlanRefusedException("InvalidPackContent", $"Pack '{manifest.Ref}' from {sourceDisplay} would fail registration, so nothing was installed:{listed}", manifest.Ref,
                "Install a version of the pack without these problems, or use -Force to install it anyway and register the files that register.");
        }

        return $"Pack '{manifest.Ref}' has content that will not register (installed anyway, -Force):{listed}";
    }
}
