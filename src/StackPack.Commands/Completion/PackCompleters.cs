using System.Collections;
using System.Management.Automation;
using System.Management.Automation.Language;

namespace StackPack.Commands.Completion;

/// <summary>
/// The argument completers, attached to the cmdlets' parameters with [ArgumentCompleter(typeof(…))].
/// Attributes rather than Register-ArgumentCompleter at import: registering ran a nested
/// PowerShell and command discovery at every Import-Module, most of the import's cost.
/// PowerShell creates one of these only when Tab is pressed; the engine loads then.
/// Each kind is its answer in <see cref="PackArgumentCompleters"/> (PowerShell needs a type
/// with a parameterless constructor per kind: the module's reference assemblies, PowerShell
/// Standard, have no IArgumentCompleterFactory).
/// </summary>
public abstract class PackCompleter(Func<string, IDictionary?, string, IEnumerable<CompletionResult>> answer) : IArgumentCompleter
{
    private const string LocationScript = "$ExecutionContext.SessionState.Path.CurrentFileSystemLocation.ProviderPath";

    public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete,
        CommandAst commandAst, IDictionary fakeBoundParameters) =>
        answer(wordToComplete, fakeBoundParameters, CurrentDirectory());

    /// <summary>
    /// The session's current file-system location (relative -ConfigFile and -Path are relative to
    /// it, not to the process's folder). A completer gets no session state, and the runspace's
    /// SessionStateProxy answers null while the completion's pipeline runs, so the location is
    /// read by a script block run on the completing pipeline, as the registered completers did.
    /// </summary>
    private static string CurrentDirectory()
    {
        try
        {
            // Created per completion (PowerShell caches the parse): a script block kept across
            // sessions would keep the first session's binding and language mode.
            return ScriptBlock.Create(LocationScript).Invoke().FirstOrDefault()?.BaseObject as string ?? Environment.CurrentDirectory;
        }
        catch (RuntimeException)
        {
            return Environment.CurrentDirectory;
        }
    }
}

/// <summary>Installed pack refs (Get-Pack, Remove-Pack, Register-Pack, Get/Set-PackConfig, Update-Pack -Name).</summary>
public sealed class InstalledPackCompleter() : PackCompleter(PackArgumentCompleters.InstalledPacks);

/// <summary>Installed pack folders (Test-Pack -Path).</summary>
public sealed class InstalledPackPathCompleter() : PackCompleter(PackArgumentCompleters.InstalledPackPaths);

/// <summary>Index pack names and name=version (Install-Pack -Name, Find-Pack -Name and -Query).</summary>
public sealed class IndexPackCompleter() : PackCompleter(PackArgumentCompleters.IndexPacks);

/// <summary>Versions of the pack named by -Name (Install-Pack -Version).</summary>
public sealed class PackVersionCompleter() : PackCompleter(PackArgumentCompleters.PackVersions);
