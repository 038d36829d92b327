using System.Management.Automation;

namespace StackPack.Commands.Completion;

/// <summary>
/// Registers the module's argument completers with Register-ArgumentCompleter when the module is
/// imported. By command name rather than by attribute, so that the completers also apply to
/// commands added later (Test-Pack, Update-Pack) without touching them. The script blocks only
/// call <see cref="PackArgumentCompleters"/>: nothing of the engine loads until Tab is pressed.
/// </summary>
internal static class CompleterRegistration
{
    private const string CompleterType = "[StackPack.Commands.Completion.PackArgumentCompleters]";

    private static readonly (string Method, string[] Commands, string Parameter)[] s_completers =
    [
        ("InstalledPacks", ["Get-Pack", "Remove-Pack", "Register-Pack", "Get-PackConfig", "Set-PackConfig", "Update-Pack"], "Name"),
        ("InstalledPackPaths", ["Test-Pack"], "Path"),
        ("IndexPacks", ["Install-Pack", "Find-Pack"], "Name"),
        ("IndexPacks", ["Find-Pack"], "Query"),
        ("PackVersions", ["Install-Pack", "Update-Pack"], "Version"),
    ];

    /// <summary>Registers every completer in the runspace that is importing the module.</summary>
    /// <returns>Why it could not, or null.</returns>
    public static string? Register()
    {
        try
        {
            using var shell = PowerShell.Create(RunspaceMode.CurrentRunspace);
            foreach (var (method, commands, parameter) in s_completers)
            {
                var script = ScriptBlock.Create(
                    "param($commandName, $parameterName, $wordToComplete, $commandAst, $fakeBoundParameters) " +
                    $"{CompleterType}::{method}($wordToComplete, $fakeBoundParameters, $ExecutionContext.SessionState.Path.CurrentFileSystemLocation.ProviderPath)");
                shell.AddCommand("Register-ArgumentCompleter")
                    .AddParameter("CommandName", commands)
                    .AddParameter("ParameterName", parameter)
                    .AddParameter("ScriptBlock", script)
                    .AddStatement();
            }

            shell.Invoke();
            return shell.HadErrors ? string.Join("; ", shell.Streams.Error.Select(e => e.ToString())) : null;
        }
        catch (Exception e) when (e is RuntimeException or InvalidOperationException or PSInvalidOperationException)
        {
            // A constrained endpoint (JEA, NoLanguage) may not allow it: the cmdlets work, without Tab help.
            return e.Message;
        }
    }
}
