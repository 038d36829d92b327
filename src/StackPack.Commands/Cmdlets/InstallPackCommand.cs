using System.Management.Automation;
using StackPack.Commands.Hosting;
using StackPack.Engine;
using StackPack.Engine.Git;
using StackPack.Engine.Install;
using StackPack.Engine.Packs;

namespace StackPack.Commands.Cmdlets;

/// <summary>Installs, upgrades or reinstalls packs from the index, git or a folder, atomically, with their dependencies.</summary>
[Cmdlet(VerbsLifecycle.Install, "Pack", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
[OutputType(typeof(InstallResult))]
public sealed class InstallPackCommand : StackPackCmdlet, IDisposable
{
    private readonly List<InstallRequest> _requests = new();
    private readonly CancellationTokenSource _cancellation = new();
    private PackScanResult? _installed;

    /// <summary>Packs to install: index names, name=version, git URLs, owner/repo, or folders.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    public string[] Name { get; set; } = [];

    /// <summary>A tag (with or without v), a branch or a commit.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
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

    /// <summary>How long to wait for another process changing the same pack (default 300).</summary>
    [Parameter]
    [ValidateRange(0, 86400)]
    public int TimeoutSec { get; set; } = 300;

    protected override void ProcessRecord()
    {
        foreach (var name in Name)
        {
            _requests.Add(new InstallRequest(MapInstalledDisplayName(name), Version, IndexUrl));
        }
    }

    protected override void EndProcessing()
    {
        if (_requests.Count == 0)
        {
            return;
        }

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
            BaseDirectory = SessionState.Path.CurrentFileSystemLocation.ProviderPath,
            Progress = progress,
        };

        try
        {
            using var installer = new PackInstaller(Settings, options, _cancellation.Token);
            progress.Step("Resolving packs and their dependencies", 0, 1);
            IReadOnlyList<PlannedPack> plan;
            try
            {
                plan = installer.Plan();
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
                Run(installer, step);
            }
        }
        catch (OperationCanceledException)
        {
            // Ctrl+C: staging is cleaned up by the installer; nothing half-installed remains.
        }
        finally
        {
            progress.Complete();
        }
    }

    private void Run(PackInstaller installer, PlannedPack step)
    {
        if (step.Failure is not null)
        {
            WriteEngineError(step.Failure);
            return;
        }

        if (step.Action != InstallAction.Unchanged)
        {
            var version = step.ResultVersion ?? step.Version ?? "latest";
            var what = $"{step.Ref} {version} from {step.SourceDisplay} into {step.TargetPath}";
            if (!ShouldProcess(what, step.Action is InstallAction.Installed ? "Install pack" : $"{step.Action} pack"))
            {
                PackInstaller.Skip(step);
                return;
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
        }
        catch (StackPackException e)
        {
            WriteEngineError(e);
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

        if (result.Action == InstallAction.Unchanged && pack.RegisteredAt is not null && !pack.RegistrationStale)
        {
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
