using System.Management.Automation;
using StackPack.Commands.Output;
using StackPack.Engine;
using StackPack.Engine.Install;
using StackPack.Engine.Packs;

namespace StackPack.Commands.Cmdlets;

/// <summary>Removes installed packs: folder, virtualenv and registration; the config stays unless asked.</summary>
[Cmdlet(VerbsCommon.Remove, "Pack", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
[OutputType(typeof(PackInfo))]
public sealed class RemovePackCommand : StackPackCmdlet, IDisposable
{
    private readonly CancellationTokenSource _cancellation = new();
    private PackScanResult? _scan;

    /// <summary>Refs (or names) of the installed packs to remove.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [Alias("Ref")]
    [ValidateNotNullOrEmpty]
    public string[] Name { get; set; } = [];

    [Parameter]
    public SwitchParameter KeepVirtualEnv { get; set; }

    /// <summary>Also delete configs/&lt;ref&gt;.yaml.</summary>
    [Parameter]
    public SwitchParameter RemoveConfig { get; set; }

    /// <summary>Remove system packs and packs that others depend on.</summary>
    [Parameter]
    public SwitchParameter Force { get; set; }

    [Parameter]
    public SwitchParameter PassThru { get; set; }

    /// <summary>How long to wait for another process changing the same pack (default 300).</summary>
    [Parameter]
    [ValidateRange(0, 86400)]
    public int TimeoutSec { get; set; } = 300;

    protected override void ProcessRecord()
    {
        _scan ??= PackLocator.Scan(Settings);
        foreach (var name in Name)
        {
            var pack = _scan.Packs.FirstOrDefault(p => string.Equals(p.Ref, name, StringComparison.OrdinalIgnoreCase))
                ?? _scan.Packs.FirstOrDefault(p => string.Equals(p.Manifest.Name, name, StringComparison.OrdinalIgnoreCase));
            if (pack is null)
            {
                WritePackNotFound(name);
                continue;
            }

            Remove(pack);
        }
    }

    private void Remove(InstalledPack pack)
    {
        if (pack.IsSystem && !Force.IsPresent)
        {
            WriteError(ErrorRecords.Create("SystemPackProtected", ErrorCategory.PermissionDenied, pack.Ref,
                $"'{pack.Ref}' is a StackStorm system pack (core, packs, linux, chatops) and is not removed.", "Use -Force if you really mean to remove it."));
            return;
        }

        var dependants = PackRemover.Dependants(_scan!.Packs, pack);
        if (dependants.Count > 0 && !Force.IsPresent)
        {
            WriteError(ErrorRecords.Create("PackInUse", ErrorCategory.ResourceBusy, pack.Ref,
                $"Pack '{pack.Ref}' is needed by {string.Join(", ", dependants.Select(d => $"'{d}'"))}.", $"Remove {string.Join(", ", dependants)} first, or use -Force."));
            return;
        }

        var extras = string.Concat(KeepVirtualEnv.IsPresent ? string.Empty : " and its virtualenv", RemoveConfig.IsPresent ? " and its config" : string.Empty);
        if (!ShouldProcess($"{pack.Ref} {pack.Manifest.Version} at {pack.Path}{extras}", "Remove pack"))
        {
            return;
        }

        try
        {
            var info = PackInfoMapper.ToPackInfo(pack);
            PackRemover.Remove(Settings, pack, new RemoveOptions
            {
                KeepVirtualEnv = KeepVirtualEnv.IsPresent,
                RemoveConfig = RemoveConfig.IsPresent,
                LockTimeout = TimeSpan.FromSeconds(TimeoutSec),
            }, _cancellation.Token);
            WriteVerbose($"Removed {pack.Ref} from {pack.Path}.");
            if (PassThru.IsPresent)
            {
                WriteObject(info);
            }
        }
        catch (StackPackException e)
        {
            WriteEngineError(e);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            WriteError(ErrorRecords.Create(e is UnauthorizedAccessException ? "PermissionDenied" : "RemoveFailed",
                e is UnauthorizedAccessException ? ErrorCategory.PermissionDenied : ErrorCategory.WriteError, pack.Ref,
                $"Cannot remove pack '{pack.Ref}' from '{pack.Path}': {e.Message}",
                Directory.Exists(pack.Path)
                    ? "Check that you may write the packs base path; the pack is still installed."
                    : "The pack folder is gone; remove what is left (its virtualenv or config) by hand, or run Remove-Pack again."));
        }
    }

    protected override void StopProcessing() => _cancellation.Cancel();

    public void Dispose()
    {
        _cancellation.Dispose();
        GC.SuppressFinalize(this);
    }
}
