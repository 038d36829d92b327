using System.Collections;
using System.Management.Automation;
using StackPack.Commands.Completion;
using StackPack.Commands.Hosting;
using StackPack.Commands.Output;
using StackPack.Engine;
using StackPack.Engine.Config;
using StackPack.Engine.Packs;

namespace StackPack.Commands.Cmdlets;

/// <summary>Writes a pack's configuration, validated against its schema; prompts only when a person is there.</summary>
[Cmdlet(VerbsCommon.Set, "PackConfig", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium, DefaultParameterSetName = NameSet)]
[OutputType(typeof(PackConfig))]
public sealed class SetPackConfigCommand : StackPackCmdlet
{
    /// <summary>The pack (ref or name) to configure.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true, ParameterSetName = NameSet)]
    [Alias("Ref")]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(InstalledPackCompleter))]
    public string Name { get; set; } = string.Empty;

    /// <summary>
    /// A Get-Pack object: exactly the pack it lists (same ref, same folder). By property name it
    /// would bind its display Name, which may be another pack's ref. Not mandatory: a mandatory
    /// one would make PowerShell bind a PackInfo to -Name by property name first.
    /// </summary>
    [Parameter(ValueFromPipeline = true, ParameterSetName = InputObjectSet)]
    [ValidateNotNull]
    public PackInfo? InputObject { get; set; }

    /// <summary>
    /// Values to set: a hashtable or a PSCustomObject (ConvertFrom-Json output); nested ones for
    /// nested attributes, or dotted keys ('sensor.count').
    /// </summary>
    [Parameter]
    [ValidateNotNull]
    public PSObject? Value { get; set; }

    /// <summary>A YAML or JSON file of values to set.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? Path { get; set; }

    /// <summary>Write only the values given, instead of merging them into the current config.</summary>
    [Parameter]
    public SwitchParameter Replace { get; set; }

    /// <summary>Write the resulting config (secrets masked) to the pipeline.</summary>
    [Parameter]
    public SwitchParameter PassThru { get; set; }

    protected override void ProcessRecord()
    {
        try
        {
            Configure();
        }
        catch (StackPackException e)
        {
            WriteEngineError(e);
        }
    }

    private void Configure()
    {
        InstalledPack pack;
        if (ParameterSetName == InputObjectSet)
        {
            if (InputObject is null || FindListed(PackLocator.Scan(Settings), [InputObject]) is not [var listed])
            {
                return; // not installed any more: FindListed wrote PackNotFound
            }

            pack = listed;
        }
        else
        {
            pack = PackLookup.FindOne(PackLocator.Scan(Settings), Name, Settings.PacksBasePaths);
        }

        var state = PackConfigService.Load(Settings, pack, tolerateUnreadable: Replace.IsPresent);
        if (state.Schema is null)
        {
            WriteWarning($"Pack '{pack.Ref}' has no config.schema.yaml: any values are accepted, none are checked.");
        }

        var given = Value is not null || Path is not null;
        var interactive = !given && state.Schema is not null && Interactivity.CanPrompt(Host);
        Dictionary<string, object?> values;
        bool replace = Replace.IsPresent;
        if (given)
        {
            values = new Dictionary<string, object?>(StringComparer.Ordinal);
            if (Path is not null)
            {
                values = ConfigValues.Merge(values, ConfigFileStore.ReadInput(GetUnresolvedProviderPathFromPSPath(Path)));
            }

            if (Value is not null)
            {
                values = ConfigValues.Merge(values, ConfigDottedKeys.Expand(ValueMap(Value), state.Schema));
            }
        }
        else if (interactive)
        {
            Host.UI.WriteLine($"Configuring pack '{pack.Ref}' ({state.Path}). Press Enter to keep the value in [brackets]; secrets are read masked.");
            values = new ConfigQuestionnaire(state.Schema!, new HostConfigPrompter(Host.UI)).Run(state.Values);
            replace = true; // the form started from the current values and returns the whole config
        }
        else
        {
            WriteVerbose("No values given and no one to prompt (non-interactive session): validating the current config only.");
            values = new Dictionary<string, object?>(StringComparer.Ordinal);
        }

        var change = PackConfigService.Plan(state, values, replace);
        if (change.Problems.Count > 0)
        {
            throw new ConfigValidationException(pack.Ref, state.Path, change.Problems);
        }

        if (!given && !interactive)
        {
            // Validate-only: a script that calls Set-PackConfig without values learns whether the
            // current config is complete (ConfigValueRequired above) and nothing is written.
            WriteVerbose($"The config of pack '{pack.Ref}' is valid.");
            EmitIfPassThru(state, change);
            return;
        }

        if (interactive)
        {
            ShowSummary(change.Values, state.Schema);
            if (!new HostConfigPrompter(Host.UI).Confirm($"Save this config to {state.Path}?", true))
            {
                WriteWarning("Not saved.");
                return;
            }
        }

        if (!change.Changed)
        {
            WriteVerbose($"The config of pack '{pack.Ref}' already has these values: nothing to write.");
        }
        else if (ShouldProcess(state.Path, $"Write the config of pack '{pack.Ref}'"))
        {
            PackConfigService.Apply(state, change, Settings.St2Group);
            WriteVerbose($"Wrote {state.Path}.");
        }
        else
        {
            return;
        }

        EmitIfPassThru(state, change);
    }

    /// <summary>-Value as a map: a hashtable (or any dictionary) or a PSCustomObject; anything else is refused.</summary>
    private static Dictionary<string, object?> ValueMap(PSObject value) =>
        PlainValues.FromPowerShell(value) as Dictionary<string, object?>
        ?? throw new StackPackException("InvalidConfigInput", $"-Value must be a hashtable or a PSCustomObject of config values, not a {value.BaseObject.GetType().Name}.", null,
            "Give @{ key = value } or the output of ConvertFrom-Json.");

    private void EmitIfPassThru(PackConfigState state, ConfigChange change)
    {
        if (PassThru.IsPresent)
        {
            WriteObject(PackConfigMapper.ToPackConfig(state, change.Values, change.Problems, showSecret: false, effective: false,
                exists: File.Exists(state.Path), note: null));
        }
    }

    private void ShowSummary(IDictionary<string, object?> values, ConfigSchema? schema)
    {
        Host.UI.WriteLine();
        Host.UI.WriteLine("The config to save (secrets masked):");
        foreach (var line in Flatten(ConfigValues.Masked(values, schema), string.Empty))
        {
            Host.UI.WriteLine("  " + line);
        }
    }

    private static IEnumerable<string> Flatten(object? value, string path) => value switch
    {
        IDictionary<string, object?> map when map.Count > 0 => map.SelectMany(e => Flatten(e.Value, ConfigPath.Join(path, e.Key))),
        IList<object?> list when list.Count > 0 && list.Any(i => i is IDictionary<string, object?>) => list.SelectMany((item, i) => Flatten(item, $"{path}[{i}]")),
        _ => [$"{path} = {System.Text.Json.JsonSerializer.Serialize(value, StackPack.Engine.Yaml.YamlPlainValues.Json)}"],
    };
}
