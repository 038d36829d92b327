using System.Globalization;
using System.Management.Automation;
using System.Text;
using System.Text.RegularExpressions;

namespace StackPack.Commands.Hosting;

/// <summary>
/// Makes the plain text of an error, warning, verbose or progress message safe to print in a CI
/// log. A CI agent reads its step's output line by line and runs every logging command it finds:
/// Azure Pipelines one that contains "##vso[" anywhere in a line, GitHub Actions one whose line
/// starts with "::" (after blanks) or contains "##[" (its old syntax). Messages carry pack-controlled
/// text (refs, file names, YAML values), so a hostile pack could end the line with CR/LF and start
/// its own command. Under CI every control character becomes a visible escape (so a message is
/// always one line) and each command marker gets a backslash that breaks it; outside CI nothing
/// changes. The annotations themselves are escaped by PipelineAnnotations.
/// </summary>
internal static class LogLineGuard
{
    // Every ':' right after a ':' gets its backslash, so ":::" cannot leave a "::" behind.
    private static readonly Regex DoubleColon = new("(?<=:):", RegexOptions.CultureInvariant);

    /// <summary>The text as it may be printed under the CI host (as it is outside CI).</summary>
    public static string Neutralise(CiHost host, string? text) =>
        host == CiHost.None || string.IsNullOrEmpty(text) ? text ?? string.Empty : Defuse(EscapeControls(text));

    /// <summary>The record with its message (and recommended action and target name) neutralised; the record itself outside CI or when nothing changes.</summary>
    public static ErrorRecord Neutralise(CiHost host, ErrorRecord record)
    {
        if (host == CiHost.None)
        {
            return record;
        }

        var message = record.ErrorDetails?.Message is { Length: > 0 } details ? details : record.Exception.Message;
        var action = record.ErrorDetails?.RecommendedAction;
        var target = record.CategoryInfo.TargetName;
        var (safeMessage, safeAction, safeTarget) = (Neutralise(host, message), Neutralise(host, action), Neutralise(host, target));
        if (safeMessage == message && safeAction == (action ?? string.Empty) && safeTarget == (target ?? string.Empty))
        {
            return record;
        }

        // Same exception, ErrorId, category and target object: only what PowerShell prints changes.
        var safe = new ErrorRecord(record.Exception, record.FullyQualifiedErrorId, record.CategoryInfo.Category, record.TargetObject)
        {
            ErrorDetails = new ErrorDetails(safeMessage) { RecommendedAction = safeAction },
        };
        safe.CategoryInfo.TargetName = safeTarget;
        return safe;
    }

    /// <summary>A copy of the progress record with its texts neutralised (the record itself outside CI).</summary>
    public static ProgressRecord Neutralise(CiHost host, ProgressRecord record) => host == CiHost.None
        ? record
        : new ProgressRecord(record.ActivityId, Neutralise(host, record.Activity), Neutralise(host, record.StatusDescription))
        {
            ParentActivityId = record.ParentActivityId,
            CurrentOperation = record.CurrentOperation is null ? null : Neutralise(host, record.CurrentOperation),
            PercentComplete = record.PercentComplete,
            SecondsRemaining = record.SecondsRemaining,
            RecordType = record.RecordType,
        };

    /// <summary>CR as \r, LF as \n, tab as \t, any other control or line/paragraph separator as \uXXXX.</summary>
    private static string EscapeControls(string text)
    {
        StringBuilder? escaped = null;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            var category = char.GetUnicodeCategory(c);
            if (!char.IsControl(c) && category is not (UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator))
            {
                escaped?.Append(c);
                continue;
            }

            escaped ??= new StringBuilder(text.Length + 16).Append(text, 0, i);
            escaped.Append(c switch
            {
                '\r' => "\\r",
                '\n' => "\\n",
                '\t' => "\\t",
                _ => "\\u" + ((int)c).ToString("X4", CultureInfo.InvariantCulture),
            });
        }

        return escaped?.ToString() ?? text;
    }

    /// <summary>Breaks every command marker, wherever it is: PowerShell may wrap a long message, so any position can start a line.</summary>
    private static string Defuse(string text)
    {
        text = text.Replace("##vso[", "##vso\\[", StringComparison.OrdinalIgnoreCase).Replace("##[", "##\\[", StringComparison.Ordinal);
        return DoubleColon.Replace(text, "\\:");
    }
}
