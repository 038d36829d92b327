using System.Management.Automation;
using StackPack.Commands.Completion;
using StackPack.Commands.Output;
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
    [ArgumentCompleter(typeof(InstalledPackCompleter))]
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

    private readonly List<InstalledPack> _chosen = new();

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

            _chosen.Add(pack);
        }
    }

    /// <summary>Every pack of the call is removed at the end, in dependency order, so `Get-Pack x* | Remove-Pack` needs one call.</summary>
    protected override void EndProcessing()
    {
        if (_chosen.Count == 0)
        {
            return;
        }

        var options = new RemoveOptions
        {
            KeepVirtualEnv = KeepVirtualEnv.IsPresent,
            RemoveConfig = RemoveConfig.IsPresent,
            LockTimeout = TimeSpan.FromSeconds(TimeoutSec),
        };
        new PackRemoval(this, Settings, options, Force.IsPresent, _cancellation.Token).RemoveAll(_chosen, _scan!, pack =>
        {
            if (PassThru.IsPresent)
            {
                WriteObject(PackInfoMapper.ToPackInfo(pack));
            }
        });
    }

    protected override void StopProcessing() => _cancellation.Cancel();

    public void Dispose()
    {
        _cancellation.Dispose();
        GC.SuppressFinalize(this);
    }
}
