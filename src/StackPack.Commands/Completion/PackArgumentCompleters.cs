using System.Collections;
using System.Management.Automation;
using StackPack.Engine;
using StackPack.Engine.Completion;
using StackPack.Engine.Settings;
using StackPack.Engine.Sources;

namespace StackPack.Commands.Completion;

/// <summary>
/// The answers behind the module's argument completers (<see cref="PackCompleter"/>).
/// Local state only, never the network; any failure (a bad -ConfigFile, an unreadable folder)
/// offers nothing, so PowerShell falls back to its own completion.
/// </summary>
public static class PackArgumentCompleters
{
    /// <summary>Installed pack refs (Get-Pack, Remove-Pack, Register-Pack, Get/Set-PackConfig, Update-Pack -Name).</summary>
    public static IEnumerable<CompletionResult> InstalledPacks(string wordToComplete, IDictionary? boundParameters, string currentDirectory)
    {
        var (quote, word) = Unquote(wordToComplete);
        var settings = TryResolve(boundParameters, currentDirectory);
        return settings is null ? [] : CompletionSources.InstalledRefs(settings, word).Select(r => Result(r, quote, $"Installed pack {r}"));
    }

    /// <summary>
    /// Test-Pack -Path: the folder of an installed pack whose ref starts with the word, unless the
    /// word already names something in the current folder (then file completion, which PowerShell
    /// falls back to when this returns nothing, is what the user wants).
    /// </summary>
    public static IEnumerable<CompletionResult> InstalledPackPaths(string wordToComplete, IDictionary? boundParameters, string currentDirectory)
    {
        var (quote, word) = Unquote(wordToComplete);
        if (word.IndexOfAny(['/', '\\', '.', '~', '*']) >= 0 || Directory.EnumerateFileSystemEntries(currentDirectory, word + "*").Any())
        {
            return [];
        }

        var settings = TryResolve(boundParameters, currentDirectory);
        if (settings is null)
        {
            return [];
        }

        return CompletionSources.InstalledRefs(settings, word)
            .Select(r => (Ref: r, Path: CompletionSources.InstalledPath(settings, r)))
            .Where(p => p.Path is not null)
            .Select(p => Result(p.Path!, quote, $"Installed pack {p.Ref}", p.Ref));
    }

    /// <summary>
    /// Index pack names from the cached index (Install-Pack, Find-Pack -Name); after "name=",
    /// that pack's versions as name=version. Nothing without a cached copy.
    /// </summary>
    public static IEnumerable<CompletionResult> IndexPacks(string wordToComplete, IDictionary? boundParameters, string currentDirectory)
    {
        var (quote, word) = Unquote(wordToComplete);
        var settings = TryResolve(boundParameters, currentDirectory);
        if (settings is null)
        {
            return [];
        }

        var indexUrls = Strings(boundParameters, "IndexUrl");
        if (SourceText.SplitVersion(word) is (var name, { } versionPrefix))
        {
            return CompletionSources.Versions(settings, indexUrls, currentDirectory, name)
                .Where(v => v.StartsWith(versionPrefix, StringComparison.OrdinalIgnoreCase))
                .Select(v => Result($"{name}={v}", quote, $"{name} version {v}"));
        }

        return CompletionSources.IndexNames(settings, indexUrls, currentDirectory, word).Select(n => Result(n, quote, $"Index pack {n}"));
    }

    /// <summary>-Version: the versions of the pack named by -Name (cached index, else tags of the installed checkout).</summary>
    public static IEnumerable<CompletionResult> PackVersions(string wordToComplete, IDictionary? boundParameters, string currentDirectory)
    {
        var (quote, word) = Unquote(wordToComplete);
        var names = Strings(boundParameters, "Name");
        var settings = TryResolve(boundParameters, currentDirectory);
        if (settings is null || names is not { Count: 1 })
        {
            return [];
        }

        var name = SourceText.SplitVersion(names[0]).Body;
        return CompletionSources.Versions(settings, Strings(boundParameters, "IndexUrl"), currentDirectory, name)
            .Where(v => v.StartsWith(word, StringComparison.OrdinalIgnoreCase))
            .Select(v => Result(v, quote, $"{name} version {v}"));
    }

    private static StackPackSettings? TryResolve(IDictionary? boundParameters, string currentDirectory)
    {
        try
        {
            var configFile = boundParameters?["ConfigFile"] as string;
            return SettingsResolver.Resolve(configFile is null ? null : Path.GetFullPath(configFile, currentDirectory), SettingsEnvironment.FromMachine());
        }
        catch (Exception e) when (e is StackPackException or IOException or UnauthorizedAccessException or ArgumentException)
        {
            return null;
        }
    }

    private static List<string>? Strings(IDictionary? boundParameters, string name) => boundParameters?[name] switch
    {
        null => null,
        string s => [s],
        IEnumerable items => items.Cast<object?>().Select(i => i?.ToString()).OfType<string>().ToList(),
        var other => [other.ToString()!],
    };

    // The word may still carry the quote the user opened; answer in the same quotes.
    private static (string Quote, string Word) Unquote(string wordToComplete)
    {
        var word = wordToComplete ?? string.Empty;
        if (word.Length > 0 && (word[0] == '\'' || word[0] == '"'))
        {
            var quote = word[0].ToString();
            return (quote, word.Trim(word[0]));
        }

        return (string.Empty, word);
    }

    private static CompletionResult Result(string text, string quote, string tooltip, string? listItem = null)
    {
        var needsQuotes = quote.Length > 0 || text.IndexOfAny([' ', '$', '`', '\'', '"', ';', '(', ')', '{', '}', '@', '#', ',']) >= 0;
        var completion = needsQuotes ? $"'{text.Replace("'", "''")}'" : text;
        return new CompletionResult(completion, listItem ?? text, CompletionResultType.ParameterValue, tooltip);
    }
}
