using System.Management.Automation;
using StackPack.Commands.Completion;
using StackPack.Commands.Output;
using StackPack.Engine.Install;
using StackPack.Engine.Packs;

namespace StackPack.Commands.Cmdlets;

/// <summary>
/// Removes installed packs: folder, virtualenv and registration; the config stays unless asked.
/// A pack folder whose pack.yaml cannot be read is removed by its folder name.
/// </summary>
[Cmdlet(VerbsCommon.Remove, "Pack", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium, DefaultParameterSetName = NameSet)]
[OutputType(typeof(PackInfo))]
public sealed class RemovePackCommand : StackPackCmdlet
{
    private PackScanResult? _scan;

    /// <summary>Refs, names or folder names (wildcards allowed, case-insensitive) of the installed packs to remove.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true, ParameterSetName = NameSet)]
    [SupportsWildcards]
    [Alias("Ref")]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(InstalledPackCompleter))]
    public string[] Name { get; set; } = [];

    /// <summary>
    /// Get-Pack output, removed by its ref. By property name it would bind its display Name,
    /// which may be another pack's ref, or hold wildcard characters. Not mandatory: a mandatory
    /// one would make PowerShell bind a PackInfo to -Name by property name (the default set) first.
    /// </summary>
    [Parameter(ValueFromPipeline = true, ParameterSetName = InputObjectSet)]
    [ValidateNotNull]
    public PackInfo[] InputObject { get; set; } = [];

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
    private readonly List<BrokenPack> _chosenUnreadable = new();

    protected override void ProcessRecord()
    {
        _scan ??= PackLocator.Scan(Settings);
        if (ParameterSetName == InputObjectSet)
        {
            foreach (var pack in FindListed(_scan, InputObject))
            {
                AddChosen(pack);
            }

            return;
        }

        foreach (var name in Name)
        {
            var matches = FindInstalled(_scan, name, allowWildcards: ParameterSetName == NameSet);
            var pattern = PackLookup.HasWildcards(name);
            foreach (var pack in matches.Packs)
            {
                if (pattern && !Force.IsPresent && PackRules.IsSystemPack(pack.Ref))
                {
                    // `Remove-Pack *` means "my packs": a system pack is removed only when named (with -Force).
                    WriteVerbose($"'{pack.Ref}' matches '{name}' but is a StackStorm system pack: left alone (name it with -Force to remove it).");
                    continue;
                }

                AddChosen(pack);
            }

            _chosenUnreadable.AddRange(matches.Broken.Where(b => !_chosenUnreadable.Contains(b)));
        }
    }

    private void AddChosen(InstalledPack pack)
    {
        if (!_chosen.Contains(pack))
        {
            _chosen.Add(pack);
        }
    }

    /// <summary>Every pack of the call is removed at the end, in dependency order, so `Get-Pack x* | Remove-Pack` needs one call.</summary>
    protected override void EndProcessing()
    {
        if (_chosen.Count == 0 && _chosenUnreadable.Count == 0)
        {
            return;
        }

        var options = new RemoveOptions
        {
            KeepVirtualEnv = KeepVirtualEnv.IsPresent,
            RemoveConfig = RemoveConfig.IsPresent,
            LockTimeout = TimeSpan.FromSeconds(TimeoutSec),
        };
        new PackRemoval(this, Settings, options, Force.IsPresent, Cancellation).RemoveAll(_chosen, _chosenUnreadable, _scan!,
            pack => Removed(PackInfoMapper.ToPackInfo(pack)), pack => Removed(PackInfoMapper.ToPackInfo(pack)));
    }

    private void Removed(PackInfo pack)
    {
        if (PassThru.IsPresent)
        {
            WriteObject(pack);
        }
    }
}
