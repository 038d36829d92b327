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

    private static readonly HashSet<Guid> s_formattedRunspaces = new();

    /// <summary>
    /// Registers the module's table views with the session on the first StackPack command of
    /// each runspace, instead of at import: a format file in the manifest makes PowerShell build
    /// its whole format table while importing (about 35 ms, most of the import), even in sessions
    /// that never run a StackPack command. Output is formatted after the command that made it
    /// runs, so every object still gets its view.
    /// </summary>
    protected override void BeginProcessing()
    {
        var runspace = System.Management.Automation.Runspaces.Runspace.DefaultRunspace?.InstanceId ?? Guid.Empty;
        lock (s_formattedRunspaces)
        {
            if (s_formattedRunspaces.Contains(runspace))
            {
                return;
            }
        }

        var formats = Path.Combine(Path.GetDirectoryName(typeof(StackPackCmdlet).Assembly.Location)!, "StackPack.Format.ps1xml");
        try
        {
            using var update = PowerShell.Create(RunspaceMode.CurrentRunspace);
            update.AddCommand("Update-FormatData").AddParameter("PrependPath", formats).Invoke();
            lock (s_formattedRunspaces)
            {
                s_formattedRunspaces.Add(runspace);
            }
        }
        catch (Exception e) when (e is RuntimeException or InvalidOperationException or IOException)
        {
            // A constrained endpoint (JEA, NoLanguage) may not allow it: the objects are the same,
            // only their default table view is missing.
            WriteDebug($"The table views could not be registered ({e.Message}); output uses PowerShell's default formatting.");
        }
    }

    /// <summary>The settings in force, resolved once per command (a bad st2.conf terminates).</summary>
    protected StackPackSettings Settings => _settings ??= ResolveSettings();

    protected void WriteEngineError(StackPackException exception) => WriteError(ErrorRecords.From(exception));

    /// <summary>-WhatIf, given or through $WhatIfPreference (an install plan is then fetched outside the packs path).</summary>
    internal bool IsWhatIf() =>
        MyInvocation.BoundParameters.TryGetValue("WhatIf", out var given)
            ? LanguagePrimitives.IsTrue(given)
            : LanguagePrimitives.IsTrue(GetVariableValue("WhatIfPreference"));

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
