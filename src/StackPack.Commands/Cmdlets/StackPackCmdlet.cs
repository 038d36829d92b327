using System.Management.Automation;
using StackPack.Engine;
using StackPack.Engine.Packs;
using StackPack.Engine.Settings;

namespace StackPack.Commands.Cmdlets;

/// <summary>
/// What every StackPack cmdlet shares: the -ConfigFile parameter and the settings it
/// resolves to. Only shared parameters live here; behaviour stays in each cmdlet.
/// </summary>
public abstract class StackPackCmdlet : PSCmdlet
{
    private StackPackSettings? _settings;

    /// <summary>
    /// The st2.conf to use. Without it: $env:ST2_CONFIG_PATH, then $env:STACKPACK_HOME,
    /// then /etc/st2/st2.conf, then the per-user StackPack home.
    /// </summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? ConfigFile { get; set; }

    /// <summary>The settings in force, resolved once per command (a bad st2.conf terminates).</summary>
    protected StackPackSettings Settings => _settings ??= ResolveSettings();

    protected void WriteEngineError(StackPackException exception) => WriteError(ErrorRecords.From(exception));

    /// <summary>The installed packs whose ref, display name or folder matches a name (wildcards allowed, case-insensitive).</summary>
    protected static IEnumerable<InstalledPack> Matching(PackScanResult scan, string requested)
    {
        var pattern = WildcardPattern.Get(requested, WildcardOptions.IgnoreCase);
        return scan.Packs.Where(p => pattern.IsMatch(p.Ref) || pattern.IsMatch(p.Manifest.Name) || pattern.IsMatch(Path.GetFileName(p.Path)));
    }

    /// <summary>The non-terminating PackNotFound every cmdlet writes for a literal name that is not installed.</summary>
    protected void WritePackNotFound(string name, string recommendedAction = "Run Get-Pack to list the installed packs.") =>
        WriteError(ErrorRecords.Create("PackNotFound", ErrorCategory.ObjectNotFound, name,
            $"No installed pack has the ref or name '{name}'. Looked in: {string.Join(", ", Settings.PacksBasePaths)}.", recommendedAction));

    private StackPackSettings ResolveSettings()
    {
        // Relative paths are relative to the PowerShell location, not the process folder.
        var configFile = ConfigFile is null ? null : GetUnresolvedProviderPathFromPSPath(ConfigFile);
        try
        {
            var settings = SettingsResolver.Resolve(configFile, SettingsEnvironment.FromMachine());
            WriteVerbose($"Settings from {settings.Source}: base path '{settings.BasePath}', packs in {string.Join(", ", settings.PacksBasePaths.Select(p => $"'{p}'"))}.");
            foreach (var note in settings.Notes)
            {
                WriteWarning(note);
            }

            return settings;
        }
        catch (StackPackException e)
        {
            ThrowTerminatingError(ErrorRecords.From(e));
            throw; // not reached: ThrowTerminatingError always throws
        }
    }
}
