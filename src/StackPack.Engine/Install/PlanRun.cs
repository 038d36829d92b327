using StackPack.Engine.Packs;
using StackPack.Engine.Registration;
using StackPack.Engine.Settings;

namespace StackPack.Engine.Install;

/// <summary>
/// One application of a plan, step by step, in plan order: the step's warnings, its failure or
/// its dependency's (the one failure propagation, <see cref="DependencyGraph.FailedDependency"/>),
/// the question (-WhatIf, -Confirm), the install, registration, local edits, and the result, each
/// through the reporter.
/// </summary>
internal sealed class PlanRun(PackInstaller installer, StackPackSettings settings, InstallOptions options, IInstallReporter reporter, CancellationToken cancellation)
{
    private readonly HashSet<string> _failed = new(StringComparer.Ordinal);
    private readonly HashSet<string> _declined = new(StringComparer.Ordinal);
    private readonly PackRegistrationService _registration = new(settings, reporter);
    private int _errors;

    public InstallRun Apply(IReadOnlyList<PlannedPack> plan)
    {
        var done = 0;
        foreach (var step in plan)
        {
            reporter.StepStarted($"{step.Ref} ({++done} of {plan.Count})", done - 1, plan.Count);
            RunStep(step);
        }

        return new InstallRun(plan, _failed, _declined, _errors);
    }

    private void RunStep(PlannedPack step)
    {
        foreach (var warning in step.Warnings)
        {
            reporter.Warning(warning); // before the question: -WhatIf and -Confirm show it too
        }

        if (step.Failure is not null)
        {
            Fail(step, step.Failure);
            return;
        }

        if (DependencyGraph.FailedDependency(step.DependsOn, _failed.Contains) is { } missing)
        {
            PackInstaller.Skip(step);
            Fail(step, DependencyGraph.DependencyFailed(step.Ref, missing));
            return;
        }

        if (!Confirm(step))
        {
            PackInstaller.Skip(step);
            _declined.Add(step.Ref);
            return;
        }

        InstallResult result;
        try
        {
            result = installer.Execute(step);
        }
        catch (StackPackException e)
        {
            Fail(step, e);
            return;
        }

        foreach (var warning in result.Warnings)
        {
            reporter.Warning(warning);
        }

        reporter.Verbose($"{result.Ref}: {result.Action} {result.Version} from {result.Source}{(result.Repairs.Count > 0 ? $" ({string.Join("; ", result.Repairs)})" : string.Empty)}.");
        if (options.Registration is { } registration && step.LocalEdits.Count == 0)
        {
            Register(result, registration); // edited files are not registered: they are not what the commit has
        }

        if (step.LocalEdits.Count > 0)
        {
            // A pack with local edits is not verified: it is reported as an error, never as Unchanged.
            Error(new StackPackException("PackModified",
                $"Pack '{step.Ref}' at {step.TargetPath} differs from its commit {step.Commit}; the local edits were kept: {string.Join(", ", step.LocalEdits)}.", step.Ref,
                "Keep them (and ignore this), commit them upstream, or discard them with Install-Pack -Force (it reinstalls the pack at its commit)."));
        }

        if (step.LocalEdits.Count == 0 || result.Action != InstallAction.Unchanged)
        {
            reporter.Installed(result);
        }
    }

    private bool Confirm(PlannedPack step)
    {
        if (step.Action == InstallAction.Unchanged)
        {
            return true;
        }

        if (step.Action == InstallAction.Repaired)
        {
            return reporter.ShouldProcess($"{step.Ref}: {string.Join("; ", step.Repairs)}", "Repair pack");
        }

        var declinedDependency = step.DependsOn.FirstOrDefault(_declined.Contains);
        var version = step.ResultVersion ?? step.Version ?? "latest";
        var what = $"{step.Ref} {version} from {step.SourceDisplay} into {step.TargetPath}"
            + (declinedDependency is null ? string.Empty : $" (without its dependency '{declinedDependency}', which was not installed)");
        return reporter.ShouldProcess(what, step.Action is InstallAction.Installed ? "Install pack" : $"{step.Action} pack");
    }

    /// <summary>Registers what was installed (and an unchanged pack whose registration is missing or stale).</summary>
    private void Register(InstallResult result, RegisterOptions registration)
    {
        InstalledPack pack;
        try
        {
            pack = PackLocator.Load(result.Path, Path.GetDirectoryName(result.Path)!, settings);
        }
        catch (StackPackException e)
        {
            Error(e);
            return;
        }

        if (result.Action is InstallAction.Unchanged or InstallAction.Repaired
            && (pack.RegisteredAt is not null && !pack.RegistrationStale || !reporter.ShouldProcess(pack.Path, $"Register pack '{pack.Ref}'")))
        {
            // Nothing to do, or -WhatIf: an unchanged pack was not asked about before.
            return;
        }

        if (_registration.Register(pack, registration, cancellation) is not { Succeeded: true })
        {
            _errors++; // reported by the registration service
        }
    }

    private void Fail(PlannedPack step, StackPackException error)
    {
        _failed.Add(step.Ref);
        Error(error);
    }

    private void Error(StackPackException error)
    {
        _errors++;
        reporter.Failed(error);
    }
}
