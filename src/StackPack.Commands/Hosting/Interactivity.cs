using System.Management.Automation.Host;

namespace StackPack.Commands.Hosting;

/// <summary>
/// Decides whether a person can answer prompts. The console host is not interactive when
/// pwsh runs with -NonInteractive, when its input is redirected, or in CI (TF_BUILD, CI,
/// GITHUB_ACTIONS…). Other hosts (an editor, a remoting client, a test's scripted host) are
/// interactive when they have a user interface.
/// </summary>
internal static class Interactivity
{
    private static readonly string[] s_ciVariables = ["TF_BUILD", "CI", "GITHUB_ACTIONS", "JENKINS_URL", "GITLAB_CI", "BUILD_BUILDID", "TEAMCITY_VERSION"];

    public static bool CanPrompt(PSHost host)
    {
        if (host.UI is null || host.Name == "Default Host")
        {
            return false;
        }

        if (host.Name != "ConsoleHost")
        {
            return true;
        }

        if (Console.IsInputRedirected || s_ciVariables.Any(v => !string.IsNullOrEmpty(Environment.GetEnvironmentVariable(v))))
        {
            return false;
        }

        return !Environment.GetCommandLineArgs().Skip(1).Any(IsNonInteractiveSwitch);
    }

    private static bool IsNonInteractiveSwitch(string argument)
    {
        // pwsh accepts any unambiguous prefix of -NonInteractive (down to -noni), with - or /.
        var name = argument.TrimStart('-', '/').ToLowerInvariant();
        return name.Length >= 4 && "noninteractive".StartsWith(name, StringComparison.Ordinal);
    }
}
