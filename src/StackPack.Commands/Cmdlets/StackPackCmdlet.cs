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
/// text. Every cmdlet also gets the one cancellation that Ctrl+C (StopProcessing) sets off, and the
/// one way installed packs are found by name (PackLookup). Behaviour stays in each cmdlet.
/// </summary>
public abstract class StackPackCmdlet : PSCmdlet, IDisposable
{
    private readonly CancellationTokenSource _cancellation = new();
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

    /// <summary>
    /// The installed packs a name stands for (PackLookup's rule: ref, else display name, else
    /// folder; patterns when allowed). A literal name that matches nothing is PackNotFound, written
    /// here; a pattern that matches nothing writes nothing (like Get-ChildItem).
    /// </summary>
    protected PackMatches FindInstalled(PackScanResult scan, string name, bool allowWildcards = true, string recommendedAction = DefaultNotFoundAction)
    {
        var matches = PackLookup.Find(scan, name, allowWildcards);
        if (matches.IsEmpty && !(allowWildcards && PackLookup.HasWildcards(name)))
        {
            WritePackNotFound(name, recommendedAction);
        }

        return matches;
    }

    /// <summary>
    /// The readable installed packs a name stands for; a matching pack folder whose pack.yaml
    /// cannot be read is written as its error (InvalidPackMetadata, PackUnreadable), so the user
    /// learns why the pack named is not worked on.
    /// </summary>
    protected IReadOnlyList<InstalledPack> FindReadable(PackScanResult scan, string name, string recommendedAction = DefaultNotFoundAction)
    {
        var matches = FindInstalled(scan, name, allowWildcards: true, recommendedAction);
        foreach (var broken in matches.Broken)
        {
            WriteEngineError(broken.Error);
        }

        return matches.Packs;
    }

    private const string DefaultNotFoundAction = "Run Get-Pack to list the installed packs.";

    /// <summary>The parameter set of the cmdlets that take Get-Pack objects from the pipeline (-InputObject).</summary>
    protected const string InputObjectSet = "InputObject";

    /// <summary>The parameter set of the cmdlets that take installed pack names (-Name).</summary>
    protected const string NameSet = "Name";

    /// <summary>
    /// The installed packs Get-Pack objects describe: each the same ref in the same folder, or
    /// PackNotFound (removed or replaced since it was listed). Never by the name rule: bound by
    /// property name, a piped object would give its display Name, which may be another pack's
    /// ref or hold wildcard characters.
    /// </summary>
    protected IReadOnlyList<InstalledPack> FindListed(PackScanResult scan, IEnumerable<PackInfo> listed)
    {
        var found = new List<InstalledPack>();
        foreach (var info in listed)
        {
            if (PackLookup.FindExact(scan, info.Ref, info.Path) is { } pack)
            {
                found.Add(pack);
            }
            else
            {
                WriteEngineError(PackLookup.NotFound(info.Ref, Settings.PacksBasePaths, "The pack was removed or replaced since it was listed: run Get-Pack again."));
            }
        }

        return found;
    }

    /// <summary>The non-terminating PackNotFound every cmdlet writes for a literal name that is not installed.</summary>
    private void WritePackNotFound(string name, string recommendedAction = DefaultNotFoundAction) =>
        WriteEngineError(PackLookup.NotFound(name, Settings.PacksBasePaths, recommendedAction));

    /// <summary>Cancelled when the user presses Ctrl+C (StopProcessing); every long wait and child process honours it.</summary>
    protected CancellationToken Cancellation => _cancellation.Token;

    protected override void StopProcessing() => _cancellation.Cancel();

    public void Dispose()
    {
        Dispose(disposing: true);
        GC.SuppressFinalize(this);
    }

    protected virtual void Dispose(bool disposing)
    {
        if (disposing)
        {
            _cancellation.Dispose();
        }
    }

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
