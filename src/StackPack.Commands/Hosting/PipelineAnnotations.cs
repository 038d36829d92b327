using System.Globalization;
using System.Text;

namespace StackPack.Commands.Hosting;

/// <summary>The CI system a session runs under, as its own environment variable says.</summary>
internal enum CiHost
{
    None,

    /// <summary>TF_BUILD=True: Azure Pipelines (Azure DevOps Services and Server).</summary>
    AzureDevOps,

    /// <summary>GITHUB_ACTIONS=true.</summary>
    GitHubActions,
}

/// <summary>Where an annotation points: a file (as given), and 1-based line and column when known (0 otherwise).</summary>
internal readonly record struct AnnotationLocation(string? File, int Line = 0, int Column = 0);

/// <summary>
/// Formats the logging commands that make an error or warning show as an annotation on a file
/// in the pipeline UI, and progress as the task's progress. Pure text: no engine, no PowerShell.
/// Escaping follows each system's own libraries, so a message can never end the command early or
/// start another one: Azure Pipelines (azure-pipelines-task-lib taskcommand) escapes '%' as
/// %AZP25, CR as %0D and LF as %0A in the message, and also ']' as %5D and ';' as %3B in
/// properties; GitHub Actions (@actions/core command) escapes '%' as %25, CR and LF in the
/// message, and also ':' as %3A and ',' as %2C in properties.
/// </summary>
internal static class PipelineAnnotations
{
    public static CiHost Detect(Func<string, string?> environment)
    {
        if (string.Equals(environment("TF_BUILD"), "True", StringComparison.OrdinalIgnoreCase))
        {
            return CiHost.AzureDevOps;
        }

        return string.Equals(environment("GITHUB_ACTIONS"), "true", StringComparison.OrdinalIgnoreCase) ? CiHost.GitHubActions : CiHost.None;
    }

    /// <summary>The logging command for one error or warning; null outside a CI system.</summary>
    /// <param name="code">A stable id (the ErrorId): Azure shows it as the issue's code, GitHub as its title.</param>
    public static string? Issue(CiHost host, bool isError, string message, AnnotationLocation location, string? code)
    {
        switch (host)
        {
            case CiHost.AzureDevOps:
            {
                var command = new StringBuilder("##vso[task.logissue type=").Append(isError ? "error" : "warning").Append(';');
                AppendAzure(command, "sourcepath", location.File);
                AppendAzure(command, "linenumber", Number(location.Line));
                AppendAzure(command, "columnnumber", Number(location.Column));
                AppendAzure(command, "code", code);
                return command.Append(']').Append(AzureData(message)).ToString();
            }

            case CiHost.GitHubActions:
            {
                var properties = new List<string>();
                AddGitHub(properties, "file", location.File);
                AddGitHub(properties, "line", Number(location.Line));
                AddGitHub(properties, "col", Number(location.Column));
                AddGitHub(properties, "title", code);
                var head = (isError ? "::error" : "::warning") + (properties.Count > 0 ? " " + string.Join(",", properties) : string.Empty);
                return head + "::" + GitHubData(message);
            }

            default:
                return null;
        }
    }

    /// <summary>Azure Pipelines' task progress (GitHub has no such command: null there).</summary>
    public static string? Progress(CiHost host, int percent, string activity) => host == CiHost.AzureDevOps
        ? $"##vso[task.setprogress value={Math.Clamp(percent, 0, 100).ToString(CultureInfo.InvariantCulture)};]{AzureData(activity)}"
        : null;

    public static string AzureData(string text) => text.Replace("%", "%AZP25", StringComparison.Ordinal)
        .Replace("\r", "%0D", StringComparison.Ordinal).Replace("\n", "%0A", StringComparison.Ordinal);

    public static string AzureProperty(string text) => AzureData(text).Replace("]", "%5D", StringComparison.Ordinal).Replace(";", "%3B", StringComparison.Ordinal);

    public static string GitHubData(string text) => text.Replace("%", "%25", StringComparison.Ordinal)
        .Replace("\r", "%0D", StringComparison.Ordinal).Replace("\n", "%0A", StringComparison.Ordinal);

    public static string GitHubProperty(string text) => GitHubData(text).Replace(":", "%3A", StringComparison.Ordinal).Replace(",", "%2C", StringComparison.Ordinal);

    private static string? Number(int value) => value > 0 ? value.ToString(CultureInfo.InvariantCulture) : null;

    private static void AppendAzure(StringBuilder command, string name, string? value)
    {
        if (!string.IsNullOrEmpty(value))
        {
            command.Append(name).Append('=').Append(AzureProperty(value)).Append(';');
        }
    }

    private static void AddGitHub(List<string> properties, string name, string? value)
    {
        if (!string.IsNullOrEmpty(value))
        {
            properties.Add($"{name}={GitHubProperty(value)}");
        }
    }
}
