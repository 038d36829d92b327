using System.Management.Automation;
using StackPack.Commands.Hosting;
using StackPack.Engine;
using StackPack.Engine.Git;
using StackPack.Engine.Install;
using StackPack.Engine.Packs;

namespace StackPack.Commands.Cmdlets;

/// <summary>Installs, upgrades or reinstalls packs from the index, git or a folder, atomically, with their dependencies.</summary>
[Cmdlet(VerbsLifecycle.Install, "Pack", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium, DefaultParameterSetName = InputObjectSet)]
[OutputType(typeof(InstallResult))]
public sealed partial class InstallPackCommand : StackPackCmdlet, IDisposable
{
    private const string NameSet = "Name";
    private const string InputObjectSet = "InputObject";

    private readonly List<InstallRequest> _requests = new();
    private readonly HashSet<string> _failed = new(StringComparer.Ordinal);
    private readonly HashSet<string> _declined = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _cancellation = new();
    private PackScanResult? _installed;
    private IReadOnlyList<PlannedPack>? _plan;

    /// <summary>Packs to install: index names, name=version, git URLs, owner/repo, or folders.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true, ParameterSetName = NameSet)]
    [ValidateNotNullOrEmpty]
    public string[] Name { get; set; } = [];

    /// <summary>Installed packs (Get-Pack output) to install again from where they came from.</summary>
    [Parameter(ValueFromPipeline = true, ParameterSetName = InputObjectSet)]
    [ValidateNotNull]
    public PackInfo[] InputObject { get; set; } = [];

    /// <summary>A tag (with or without v), a branch or a commit.</summary>
    // Bound from Find-Pack's Version (the index's version) but not from Get-Pack's, which is the
    // pack.yaml version: an installed pack is reinstalled at its commit.
    [Parameter(ValueFromPipelineByPropertyName = true, ParameterSetName = NameSet)]
    [Parameter(ParameterSetName = InputObjectSet)]
    [ValidateNotNullOrEmpty]
    public string? Version { get; set; }

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

    /// <summary>The packs base path to install into (default: the system packs path).</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? Destination { get; set; }

    /// <summary>How long to wait for another process changing the same pack (default 300); when given, also how long a git server may send nothing.</summary>
    [Parameter]
    [ValidateRange(0, 86400)]
    public int TimeoutSec { get; set; } = 300;

    protected override void ProcessRecord()
    {
        if (ParameterSetName == InputObjectSet)
        {
            foreach (var pack in InputObject)
            {
                // From its own origin, at the commit installed now (unless -Version says otherwise):
                // never re-resolved through an index that may name a different repository.
                if (pack.RepoUrl is null || pack.Commit is null)
                {
                    WriteError(ErrorRecords.Create("PackSourceUnknown", ErrorCategory.InvalidArgument, pack.Ref,
                        $"Pack '{pack.Ref}' was not installed from git, so where to install it from is not known.", "Install it by name, URL or folder."));
                    continue;
                }

                _requests.Add(new InstallRequest(pack.RepoUrl, Version ?? pack.Commit, null));
            }

            return;
        }

        foreach (var name in Name)
        {
            _requests.Add(new InstallRequest(MapInstalledDisplayName(name), Version, IndexUrl));
        }
    }

    protected override void EndProcessing()
    {
        if (ParameterSetName == PackSetSet && !AddPackSetRequests())
        {
            return;
        }

        if (_requests.Count == 0)
        {
            if (ParameterSetName == InputObjectSet && InputObject.Length == 0 && !MyInvocation.ExpectingInput)
            {
                // InputObject is not mandatory, so that "Install-Pack" alone does not prompt for an object no one can type.
                ThrowTerminatingError(ErrorRecords.Create("NoPackGiven", ErrorCategory.InvalidArgument, null,
                    "Install-Pack needs packs to install.", "Give names, name=version, git URLs or folders, or pipe Get-Pack or Find-Pack output."));
            }

            return;
        }

        NotePackGroup();
        var progress = new ProgressReporter(this, Interactivity.CanPrompt(Host), "Installing packs");
        var options = new InstallOptions
        {
            Requests = _requests,
            Force = Force.IsPresent,
            SkipDependencies = SkipDependencies.IsPresent,
            SkipVirtualEnv = SkipVirtualEnv.IsPresent,
            Credentials = Credential is null ? null : new GitCredentials(Credential.UserName, Credential.GetNetworkCredential().Password),
            Destination = Destination is null ? null : GetUnresolvedProviderPathFromPSPath(Destination),
            LockTimeout = TimeSpan.FromSeconds(TimeoutSec),
            FetchTimeout = MyInvocation.BoundParameters.ContainsKey(nameof(TimeoutSec)) && TimeoutSec > 0 ? TimeSpan.FromSeconds(TimeoutSec) : null,
            Preview = IsWhatIf(),
            BaseDirectory = SessionState.Path.CurrentFileSystemLocation.ProviderPath,
            Progress = progress,
        };

        try
        {
            Install(options, progress);
            RemoveExtrasIfExact();
        }
        catch (OperationCanceledException)
        {
            // Ctrl+C: staging is cleaned up by the installer; nothing half-installed remains.
        }
        catch (StackPackException e)
        {
            WriteEngineError(e);
        }
        finally
        {
            progress.Complete();
        }
    }

    private void Install(InstallOptions options, ProgressReporter progress)
    {
        using var installer = new PackInstaller(Settings, options, _cancellation.Token);
        progress.Step("Resolving packs and their dependencies", 0, 1);
        IReadOnlyList<PlannedPack> plan;
        try
        {
            plan = installer.Plan();
            _plan = plan;
        }
        catch (StackPackException e) when (e.ErrorId == "DependencyConflict")
        {
            WriteEngineError(e);
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
        if (step.Failure is not null)
        {
            foreach (var warning in step.Warnings)
            {
                WriteWarning(warning);
            }

            WriteEngineError(step.Failure);
            return StepOutcome.Failed;
        }

        if (step.DependsOn.FirstOrDefault(_failed.Contains) is { } missing)
        {
            PackInstaller.Skip(step);
            WriteError(ErrorRecords.Create("DependencyFailed", ErrorCategory.NotInstalled, step.Ref,
                $"Pack '{step.Ref}' was not installed because its dependency '{missing}' was not installed.", $"Install '{missing}' first, or use -SkipDependencies."));
            return StepOutcome.Failed;
        }

        var declinedDependency = step.DependsOn.FirstOrDefault(_declined.Contains);
        foreach (var warning in step.Warnings)
        {
            WriteWarning(warning); // before the question: -WhatIf and -Confirm show it too
        }

        if (step.Action != InstallAction.Unchanged)
        {
            var version = step.ResultVersion ?? step.Version ?? "latest";
            var what = $"{step.Ref} {version} from {step.SourceDisplay} into {step.TargetPath}"
                + (declinedDependency is null ? string.Empty : $" (without its dependency '{declinedDependency}', which was not installed)");
            if (!ShouldProcess(what, step.Action is InstallAction.Installed ? "Install pack" : $"{step.Action} pack"))
            {
                PackInstaller.Skip(step);
                return StepOutcome.Declined;
            }
        }

        try
        {
            var result = installer.Execute(step);
            foreach (var warning in result.Warnings)
            {
                WriteWarning(warning);
            }

            WriteVerbose($"{result.Ref}: {result.Action} {result.Version} from {result.Source}.");
            if (!NoRegister.IsPresent)
            {
                RegisterInstalled(result);
            }

            WriteObject(ToOutput(result));
            return StepOutcome.Done;
        }
        catch (StackPackException e)
        {
            WriteEngineError(e);
            return StepOutcome.Failed;
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
            WriteEngineError(e);
            return;
        }

        if (result.Action == InstallAction.Unchanged && (pack.RegisteredAt is not null && !pack.RegistrationStale
            || !ShouldProcess(pack.Path, $"Register pack '{pack.Ref}'")))
        {
            // Nothing to do, or -WhatIf: an unchanged pack was not asked about before.
            return;
        }

        RegisterPackCommand.Register(this, Settings, pack, new Engine.Registration.RegisterOptions { LockTimeout = TimeSpan.FromSeconds(TimeoutSec) }, _cancellation.Token);
    }

    /// <summary>Get-Pack output binds its display Name; an installed pack's display name stands for its ref.</summary>
    private string MapInstalledDisplayName(string name)
    {
        if (!name.Contains(' ', StringComparison.Ordinal) && PackRules.IsValidRef(name))
        {
            return name;
        }

        _installed ??= PackLocator.Scan(Settings);
        var pack = _installed.Packs.FirstOrDefault(p => string.Equals(p.Manifest.Name, name, StringComparison.Ordinal));
        return pack?.Ref ?? name;
    }

    private static StackPack.InstallResult ToOutput(Engine.Install.InstallResult result) => new()
    {
        Ref = result.Ref,
        Version = result.Version,
        PreviousVersion = result.PreviousVersion,
        Action = (PackInstallAction)(int)result.Action,
        Source = result.Source,
        Commit = result.Commit,
        Path = result.Path,
        RequiredBy = result.RequiredBy.ToArray(),
        VirtualEnv = result.VirtualEnv,
    };

    protected override void StopProcessing() => _cancellation.Cancel();

    public void Dispose()
    {
        _cancellation.Dispose();
        GC.SuppressFinalize(this);
    }
}
