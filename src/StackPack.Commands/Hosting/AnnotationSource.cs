using System.Management.Automation;
using StackPack.Engine;
using StackPack.Engine.Config;
using StackPack.Engine.Git;
using StackPack.Engine.Packs;

namespace StackPack.Commands.Hosting;

/// <summary>
/// Turns what a cmdlet writes (an error record, a warning) into the text and location of a
/// pipeline annotation: the message and its recommended action, redacted of credentials as every
/// message is, and the file (and line) at fault when the error names one.
/// </summary>
internal static class AnnotationSource
{
    public static string Message(ErrorRecord record)
    {
        var message = record.ErrorDetails?.Message is { Length: > 0 } details ? details : record.Exception.Message;
        if (record.ErrorDetails?.RecommendedAction is { Length: > 0 } action && !message.Contains(action, StringComparison.Ordinal))
        {
            message += " " + action;
        }

        return CredentialRedactor.RedactText(message);
    }

    public static string Code(ErrorRecord record) => record.FullyQualifiedErrorId.Split(',')[0];

    /// <summary>The file an error is about, relative to the CI workspace when it is inside it (as annotations want).</summary>
    public static AnnotationLocation Location(ErrorRecord record, Func<string, string?> environment)
    {
        var (file, line) = record.Exception switch
        {
            InvalidPackMetadataException metadata => (metadata.File, FirstError(metadata.Problems)?.Line ?? 0),
            InvalidConfigSchemaException schema => (schema.Target as string, FirstError(schema.Problems)?.Line ?? 0),
            _ => (record.TargetObject as string, 0),
        };
        return file is not null && Path.IsPathRooted(file) ? new AnnotationLocation(InWorkspace(file, environment), line) : default;
    }

    /// <summary>A path as the CI system links it: relative to its checkout (with '/') when inside it, else as it is.</summary>
    public static string InWorkspace(string path, Func<string, string?> environment)
    {
        foreach (var variable in new[] { "BUILD_SOURCESDIRECTORY", "GITHUB_WORKSPACE" })
        {
            if (environment(variable) is { Length: > 0 } workspace)
            {
                var relative = Path.GetRelativePath(Path.GetFullPath(workspace), Path.GetFullPath(path));
                if (relative != ".." && !relative.StartsWith(".." + Path.DirectorySeparatorChar, StringComparison.Ordinal) && !Path.IsPathRooted(relative))
                {
                    return relative.Replace('\\', '/');
                }
            }
        }

        return path;
    }

    private static PackProblem? FirstError(IReadOnlyList<PackProblem> problems) => problems.FirstOrDefault(p => p.Severity == ProblemSeverity.Error);
}
