using System.Management.Automation;
using StackPack.Commands.Completion;
using StackPack.Commands.Output;
using StackPack.Engine;
using StackPack.Engine.Config;
using StackPack.Engine.Packs;

namespace StackPack.Commands.Cmdlets;

/// <summary>Shows packs' configurations, validated against their schemas, secrets masked.</summary>
[Cmdlet(VerbsCommon.Get, "PackConfig", DefaultParameterSetName = NameSet)]
[OutputType(typeof(PackConfig))]
public sealed class GetPackConfigCommand : StackPackCmdlet
{
    private PackScanResult? _scan;

    /// <summary>Packs whose config to show (refs or names, wildcards allowed). Default: every pack that has a config or a schema.</summary>
    [Parameter(Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true, ParameterSetName = NameSet)]
    [SupportsWildcards]
    [Alias("Ref")]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(InstalledPackCompleter))]
    public string[]? Name { get; set; }

    /// <summary>
    /// Get-Pack output, taken as exactly the packs it lists (same ref, same folder). By property
    /// name it would bind its display Name, which may be another pack's ref. Not mandatory: a
    /// mandatory one would make PowerShell bind a PackInfo to -Name by property name first.
    /// </summary>
    [Parameter(ValueFromPipeline = true, ParameterSetName = InputObjectSet)]
    [ValidateNotNull]
    public PackInfo[] InputObject { get; set; } = [];

    /// <summary>Show secret values instead of ********.</summary>
    [Parameter]
    public SwitchParameter ShowSecret { get; set; }

    /// <summary>Apply the schema's defaults, as StackStorm does at run time.</summary>
    [Parameter]
    public SwitchParameter Effective { get; set; }

    protected override void ProcessRecord()
    {
        _scan ??= PackLocator.Scan(Settings);
        if (ParameterSetName == InputObjectSet)
        {
            foreach (var pack in FindListed(_scan, InputObject))
            {
                Emit(pack, explicitlyNamed: true);
            }

            return;
        }

        if (Name is null || Name.Length == 0)
        {
            foreach (var pack in _scan.Packs.Where(p => p.HasConfigSchema || p.ConfigFile is not null))
            {
                Emit(pack, explicitlyNamed: false);
            }

            return;
        }

        foreach (var requested in Name)
        {
            foreach (var pack in FindReadable(_scan, requested))
            {
                Emit(pack, explicitlyNamed: !PackLookup.HasWildcards(requested));
            }
        }
    }

    private void Emit(InstalledPack pack, bool explicitlyNamed)
    {
        PackConfigState state;
        try
        {
            state = PackConfigService.Load(Settings, pack);
        }
        catch (StackPackException e)
        {
            WriteEngineError(e);
            return;
        }

        if (!explicitlyNamed && state.Schema is null && !state.Exists)
        {
            return;
        }

        var note = state.Exists ? null
            : state.Schema is null ? "The pack has no config file and no config schema."
            : "No config file yet: these are the schema's defaults (Set-PackConfig creates the file).";
        var effective = Effective.IsPresent || !state.Exists;
        WriteObject(PackConfigMapper.ToPackConfig(state, state.Values, state.Problems, ShowSecret.IsPresent, effective, state.Exists, note));
    }
}
