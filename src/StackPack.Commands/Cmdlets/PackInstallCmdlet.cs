using System.Management.Automation;
using StackPack.Commands.Hosting;
using StackPack.Commands.Output;
using StackPack.Engine;
using StackPack.Engine.Git;
using StackPack.Engine.Install;
using StackPack.Engine.Registration;

namespace StackPack.Commands.Cmdlets;

/// <summary>
/// What Install-Pack and Update-Pack share: their parameters, and running one plan. Errors are
/// collected while the plan runs and written after its last step: under
/// $ErrorActionPreference = 'Stop' the first WriteError ends the command, and it must not end
/// it between two steps of a plan that was checked as a whole.
/// </summary>
public abstract class PackInstallCmdlet : StackPackCmdlet
{
    private readonly List<ErrorRecord> _errors = new();
    private ProgressReporter? _progress;

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

    /// <summary>How RunPlan's plan went (null when none could be made).</summary>
    protected InstallRun? AppliedRun { get; private set; }

    /// <summary>The packs base path to install new packs into; null for the system packs path.</summary>
    protected virtual string? DestinationPath => null;

    /// <summary>Plans and applies the requests as one plan; errors are written at the end.</summary>
    protected void RunPlan(IReadOnlyList<InstallRequest> requests, string activity)
    {
        var progress = _progress = new ProgressReporter(this, Interactivity.CanPrompt(Host), activity);
        var options = new InstallOptions
        {
            Requests = requests,
            Force = Force.IsPresent,
            SkipDependencies = SkipDependencies.IsPresent,
            SkipVirtualEnv = SkipVirtualEnv.IsPresent,
            ValidateContent = !NoRegister.IsPresent,
            // -Force installed content that does not all register: register what does (st2's behaviour).
            Registration = NoRegister.IsPresent ? null : new RegisterOptions { LockTimeout = TimeSpan.FromSeconds(TimeoutSec), ContinueOnError = Force.IsPresent },
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
            Apply(options);
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

    private void Apply(InstallOptions options)
    {
        using var installer = new PackInstaller(Settings, options, Cancellation);
        _progress!.Step("Resolving packs and their dependencies", 0, 1);
        IReadOnlyList<PlannedPack> plan;
        try
        {
            plan = installer.Plan();
        }
        catch (PlanRefusedException e)
        {
            _errors.Add(ErrorRecords.From(e));
            return;
        }

        // Failures are collected, and written after the plan's last step.
        AppliedRun = installer.Run(plan, new CmdletInstallReporter(this, _progress!, e => _errors.Add(ErrorRecords.From(e))));
    }
}
