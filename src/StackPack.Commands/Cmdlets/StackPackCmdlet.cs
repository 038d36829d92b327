using System.Management.Automation;
using StackPack.Commands.Hosting;
using StackPack.Engine;
using StackPack.Engine.Git;
using StackPack.Engine.Packs;
using StackPack.Engine.Settings;

namespace StackPack.Commands.Cmdlets;

/// <summary>
/// What every StackPack cmdlet shares: the -ConfigFile parameter and the settings it
/// resolves to, and the way errors, warnings and progress leave the cmdlet: under Azure
/// Pipelines (TF_BUILD) or GitHub Actions (GITHUB_ACTIONS) each error and warning is also
/// written as the logging command that makes it an annotation, and progress becomes the task's
/// progress. Under CI the plain text of every error, warning, verbose, debug and progress message
/// is also made one line with no logging command in it (LogLineGuard): it carries pack-controlled
/// text. Behaviour stays in each cmdlet.
/// </summary>
public abstract class StackPackCmdlet : PSCmdlet
{
    private StackPackSettings? _settings;

    /// <summary>
    /// The st2.conf to use. Without it: $env:ST2_CONFIG_PATH, then /etc/st2/st2.conf when it
    /// exists, then $env:STACKPACK_HOME, then the per-user StackPack home (SettingsResolver).
    /// </summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? ConfigFile { get; set; }

    private CiHost? _ciHost;

    /// <summary>The CI system this session runs under, read once per command.</summary>
    internal CiHost CiHost => _ciHost ??= PipelineAnnotations.Detect(Environment.GetEnvironmentVariable);

    /// <summary>Writes a non-terminating error, and its annotation under CI.</summary>
    internal new void WriteError(ErrorRecord record) => WriteError(record, annotate: true);

    /// <param name="annotate">False when the error's details were annotated one by one already (Test-Pack's problems).</param>
    internal void WriteError(ErrorRecord record, bool annotate)
    {
        if (annotate && !ErrorsSilenced)
        {
            WriteAnnotation(true, AnnotationSource.Message(record), AnnotationSource.Location(record, Environment.GetEnvironmentVariable), AnnotationSource.Code(record));
        }

        base.WriteError(LogLineGuard.Neutralise(CiHost, record));
    }

    /// <summary>Writes a warning, and its annotation under CI.</summary>
    internal new void WriteWarning(string text)
    {
        if (!Silenced("WarningAction", "WarningPreference"))
        {
            WriteAnnotation(false, CredentialRedactor.RedactText(text), default, null);
        }

        base.WriteWarning(LogLineGuard.Neutralise(CiHost, text));
    }

    /// <summary>Writes a verbose message (one line with no logging command in it under CI).</summary>
    internal new void WriteVerbose(string text) => base.WriteVerbose(LogLineGuard.Neutralise(CiHost, text));

    /// <summary>Writes a debug message (one line with no logging command in it under CI).</summary>
    internal new void WriteDebug(string text) => base.WriteDebug(LogLineGuard.Neutralise(CiHost, text));

    /// <summary>Stops the command with an error, annotated under CI.</summary>
    internal new void ThrowTerminatingError(ErrorRecord record)
    {
        WriteAnnotation(true, AnnotationSource.Message(record), AnnotationSource.Location(record, Environment.GetEnvironmentVariable), AnnotationSource.Code(record));
        base.ThrowTerminatingError(LogLineGuard.Neutralise(CiHost, record));
    }

    /// <summary>Progress: the task's progress line under Azure Pipelines (a bar would only clutter the log), else a progress record.</summary>
    internal new void WriteProgress(ProgressRecord record)
    {
        if (CiHost == CiHost.AzureDevOps)
        {
            if (record.RecordType == ProgressRecordType.Processing && record.PercentComplete >= 0 && record.ParentActivityId < 0)
            {
                WriteHostLine(PipelineAnnotations.Progress(CiHost, record.PercentComplete, CredentialRedactor.RedactText(record.StatusDescription is { Length: > 0 } status ? $"{record.Activity}: {status}" : record.Activity))!);
            }

            return;
        }

        base.WriteProgress(LogLineGuard.Neutralise(CiHost, record));
    }

    /// <summary>Writes one annotation (nothing outside CI). Messages are redacted by the caller.</summary>
    internal void WriteAnnotation(bool isError, string message, AnnotationLocation location, string? code)
    {
        if (PipelineAnnotations.Issue(CiHost, isError, message, location, code) is { } line)
        {
            WriteHostLine(line);
        }
    }

    /// <summary>Logging commands go to the host's output (stdout in a CI step), each on its own line.</summary>
    private void WriteHostLine(string line)
    {
        if (Host?.UI is { } ui)
        {
            ui.WriteLine(line);
        }
        else
        {
            Console.Out.WriteLine(line);
        }
    }

    /// <summary>-ErrorAction (or $ErrorActionPreference) is SilentlyContinue or Ignore: errors get no annotation either.</summary>
    internal bool ErrorsSilenced => Silenced("ErrorAction", "ErrorActionPreference");

    /// <summary>Whether the user silenced this stream (-ErrorAction/-WarningAction or the preference variable): then no annotation either.</summary>
    private bool Silenced(string parameter, string variable)
    {
        var preference = MyInvocation.BoundParameters.TryGetValue(parameter, out var bound) ? bound : SessionState?.PSVariable.GetValue(variable);
        var value = preference switch
        {
            ActionPreference p => p,
            string text when Enum.TryParse<ActionPreference>(text, true, out var parsed) => parsed,
            _ => ActionPreference.Continue,
        };
        return value is ActionPreference.SilentlyContinue or ActionPreference.Ignore;
    }

    /// <summary>The settings in force, resolved once per command (a bad st2.conf terminates).</summary>
    protected StackPackSettings Settings => _settings ??= ResolveSettings();

    protected void WriteEngineError(StackPackException exception) => WriteError(ErrorRecords.From(exception));

    /// <summary>
    /// The index sources to use: -IndexUrl when given ("a,b" and "a, b" split like st2.conf's
    /// comma-separated index_url), else the configured ones.
    /// </summary>
    protected IReadOnlyList<string> IndexSources(string[]? given) =>
        given is { Length: > 0 } ? given.SelectMany(SettingsResolver.SplitList).ToList() : Settings.IndexUrls.ToList();

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
        WriteError(ErrorRecords.Create("PackNotFound", name,
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
