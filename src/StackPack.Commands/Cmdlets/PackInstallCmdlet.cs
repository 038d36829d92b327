using System.Management.Automation;
using StackPack.Commands.Hosting;
using StackPack.Commands.Output;
using StackPack.Engine;
using StackPack.Engine.Git;
using StackPack.Engine.Install;
using StackPack.Engine.Packs;

namespace StackPack.Commands.Cmdlets;

/// <summary>
/// What Install-Pack and Update-Pack share: their parameters, and running one plan. Errors are
/// collected while the plan runs and written after its last step: under
/// $ErrorActionPreference = 'Stop' the first WriteError ends the command, and it must not end
/// it between two steps of a plan that was checked as a whole.
/// </summary>
public abstract class PackInstallCmdlet : StackPackCmdlet
{
    private readonly HashSet<string> _failed = new(StringComparer.Ordinal);
    private readonly HashSet<string> _declined = new(StringComparer.Ordinal);
    private readonly List<ErrorRecord> _errors = new();

    /// <summary>Reinstall what is already installed, and override the StackStorm/Python version checks.</summary>
    [Parameter]
    public SwitchParameter Force { get; set; }

    [Parameter]
    public SwitchParameter SkipDependencies { get; set; }

    [Parameter]
    public SwitchParameter SkipVirtualEnv { get; set; }

    /// <summary>Skip registering the installed packs.</summary>
    [Parameter]
    public SwitchParameter NoRegister { get; set; }

    /// <summary>A username and token for private https repositories.</summary>
    [Parameter]
    [Credential]
    public PSCredential? Credential { get; set; }

    /// <summary>Index sources for short names, highest priority first.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    public string[]? IndexUrl { get; set; }

    /// <summary>Download every index in full (the plan always revalidates them with a conditional request).</summary>
    [Parameter]
    public SwitchParameter Refresh { get; set; }

    /// <summary>How long to wait for another process changing the same pack (default 300); when given, also how long a git server may send nothing.</summary>
    [Parameter]
    [ValidateRange(0, 86400)]
    public int TimeoutSec { get; set; } = 300;

    /// <summary>The plan RunPlan applied (null when none could be made).</summary>
    protected IReadOnlyList<PlannedPack>? AppliedPlan { get; private set; }

    /// <summary>No step of the applied plan failed (declined steps, -WhatIf or -Confirm, aside).</summary>
    protected bool PlanSucceeded => AppliedPlan is { } plan && _failed.Count == 0 && _errors.Count == 0 && plan.All(p => p.Failure is null);

    /// <summary>Some step of the applied plan was declined (-WhatIf, -Confirm).</summary>
    protected bool PlanDeclinedAny => _declined.Count > 0;

    /// <summary>The packs base path to install new packs into; null for the system packs path.</summary>
    protected virtual string? DestinationPath => null;

    /// <summary>Plans and applies the requests as one plan; errors are written at the end.</summary>
    protected void RunPlan(IReadOnlyList<InstallRequest> requests, string activity)
    {
        var progress = new ProgressReporter(this, Interactivity.CanPrompt(Host), activity);
        var options = new InstallOptions
        {
            Requests = requests,
            Force = Force.IsPresent,
            SkipDependencies = SkipDependencies.IsPresent,
            SkipVirtualEnv = SkipVirtualEnv.IsPresent,
            ValidateContent = !NoRegister.IsPresent,
            RefreshIndexes = Refresh.IsPresent,
            Credentials = Credential is null ? null : new GitCredentials(Credential.UserName, Credential.GetNetworkCredential().Password),
            Destination = DestinationPath,
            LockTimeout = TimeSpan.FromSeconds(TimeoutSec),
            FetchTimeout = MyInvocation.BoundParameters.ContainsKey(nameof(TimeoutSec)) && TimeoutSec > 0 ? TimeSpan.FromSeconds(TimeoutSec) : null,
            Preview = IsWhatIf(),
            BaseDirectory = SessionState.Path.CurrentFileSystemLocation.ProviderPath,
            Progress = progress,
        };

        try
        {
            Apply(options, progress);
        }
        catch (OperationCanceledException)
        {
            // Ctrl+C: staging is cleaned up by the installer; nothing half-installed remains.
        }
        catch (StackPackException e)
        {
            _errors.Add(ErrorRecords.From(e));
        }
        finally
        {
            progress.Complete();
        }

        foreach (var error in _errors)
        {
            WriteError(error);
        }
    }

    private void Apply(InstallOptions options, ProgressReporter progress)
    {
        using var installer = new PackInstaller(Settings, options, Cancellation);
        progress.Step("Resolving packs and their dependencies", 0, 1);
        IReadOnlyList<PlannedPack> plan;
        try
        {
            plan = installer.Plan();
            AppliedPlan = plan;
        }
        catch (PlanRefusedException e)
        {
            _errors.Add(ErrorRecords.From(e));
            return;
        }

        var done = 0;
        foreach (var step in plan)
        {
            progress.Step($"{step.Ref} ({++done} of {plan.Count})", done - 1, plan.Count);
            switch (Run(installer, step))
            {
                case StepOutcome.Failed:
                    _failed.Add(step.Ref);
                    break;
                case StepOutcome.Declined:
                    _declined.Add(step.Ref);
                    break;
            }
        }
    }

    private enum StepOutcome
    {
        Done,
        Failed,
        Declined,
    }

    /// <summary>Installs one step. A failed step fails its dependants; a declined one (-WhatIf, -Confirm) has them asked about with a note.</summary>
    private StepOutcome Run(PackInstaller installer, PlannedPack step)
    {
        foreach (var warning in step.Warnings)
        {
            WriteWarning(warning); // before the question: -WhatIf and -Confirm show it too
        }

        if (step.Failure is not null)
        {
            _errors.Add(ErrorRecords.From(step.Failure));
            return StepOutcome.Failed;
        }

        if (step.DependsOn.FirstOrDefault(_failed.Contains) is { } missing)
        {
            PackInstaller.Skip(step);
            _errors.Add(ErrorRecords.Create("DependencyFailed", step.Ref,
                $"Pack '{step.Ref}' was not installed because its dependency '{missing}' was not installed.", $"Install '{missing}' first, or use -SkipDependencies."));
            return StepOutcome.Failed;
        }

        if (!Confirm(step))
        {
            PackInstaller.Skip(step);
            return StepOutcome.Declined;
        }

        try
        {
            var result = installer.Execute(step);
            foreach (var warning in result.Warnings)
            {
                WriteWarning(warning);
            }

            WriteVerbose($"{result.Ref}: {result.Action} {result.Version} from {result.Source}{(result.Repairs.Count > 0 ? $" ({string.Join("; ", result.Repairs)})" : string.Empty)}.");
            if (!NoRegister.IsPresent && step.LocalEdits.Count == 0)
            {
                RegisterInstalled(result); // edited files are not registered: they are not what the commit has
            }

            ReportLocalEdits(step);
            if (step.LocalEdits.Count == 0 || result.Action != Engine.Install.InstallAction.Unchanged)
            {
                // A pack with local edits is not verified: it is reported as an error, never as Unchanged.
                WriteObject(InstallResultMapper.ToOutput(result));
            }

            return StepOutcome.Done;
        }
        catch (StackPackException e)
        {
            _errors.Add(ErrorRecords.From(e));
            return StepOutcome.Failed;
        }
    }

    private bool Confirm(PlannedPack step)
    {
        if (step.Action == Engine.Install.InstallAction.Unchanged)
        {
            return true;
        }

        if (step.Action == Engine.Install.InstallAction.Repaired)
        {
            return ShouldProcess($"{step.Ref}: {string.Join("; ", step.Repairs)}", "Repair pack");
        }

        var declinedDependency = step.DependsOn.FirstOrDefault(_declined.Contains);
        var version = step.ResultVersion ?? step.Version ?? "latest";
        var what = $"{step.Ref} {version} from {step.SourceDisplay} into {step.TargetPath}"
            + (declinedDependency is null ? string.Empty : $" (without its dependency '{declinedDependency}', which was not installed)");
        return ShouldProcess(what, step.Action is Engine.Install.InstallAction.Installed ? "Install pack" : $"{step.Action} pack");
    }

    private void ReportLocalEdits(PlannedPack step)
    {
        if (step.LocalEdits.Count > 0)
        {
            _errors.Add(ErrorRecords.Create("PackModified", step.Ref,
                $"Pack '{step.Ref}' at {step.TargetPath} differs from its commit {step.Commit}; the local edits were kept: {string.Join(", ", step.LocalEdits)}.",
                "Keep them (and ignore this), commit them upstream, or discard them with Install-Pack -Force (it reinstalls the pack at its commit)."));
        }
    }

    /// <summary>Registers what was installed (and an unchanged pack whose registration is missing or stale).</summary>
    private void RegisterInstalled(Engine.Install.InstallResult result)
    {
        InstalledPack pack;
        try
        {
            pack = PackLocator.Load(result.Path, Path.GetDirectoryName(result.Path)!, Settings);
        }
        catch (StackPackException e)
        {
            _errors.Add(ErrorRecords.From(e));
            return;
        }

        if (result.Action is Engine.Install.InstallAction.Unchanged or Engine.Install.InstallAction.Repaired
            && (pack.RegisteredAt is not null && !pack.RegistrationStale || !ShouldProcess(pack.Path, $"Register pack '{pack.Ref}'")))
        {
            // Nothing to do, or -WhatIf: an unchanged pack was not asked about before.
            return;
        }

        // -Force installed content that does not all register: register what does (st2's behaviour).
        var options = new Engine.Registration.RegisterOptions { LockTimeout = TimeSpan.FromSeconds(TimeoutSec), ContinueOnError = Force.IsPresent };
        RegisterPackCommand.Register(this, Settings, pack, options, Cancellation, _errors.Add);
    }
}
