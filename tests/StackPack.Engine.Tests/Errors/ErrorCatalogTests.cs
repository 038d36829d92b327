using System.Text.RegularExpressions;
using StackPack.Engine.Tests.Support;
using Xunit;

namespace StackPack.Engine.Tests.Errors;

/// <summary>
/// The ErrorIds are a public contract: every id the code raises has one entry (kind and meaning)
/// in ErrorCatalog, every entry is raised somewhere, and every entry is documented in the help of
/// a cmdlet that can raise it.
/// </summary>
public sealed partial class ErrorCatalogTests
{
    // Where an id is raised: new StackPackException("Id", …), ErrorRecords.Create("Id", …),
    // : base("Id", …), a target-typed new("Id", "message" …) and conditional ids (a ? "A" : "B").
    [GeneratedRegex("""(?:StackPackException|PlanRefusedException|ErrorRecords\.Create|:\s*base)\(\s*(?:[^";]*?\?\s*)?"([A-Z]\w+)"(?:\s*:\s*"([A-Z]\w+)")?""")]
    private static partial Regex RaisedExplicitly();

    [GeneratedRegex("""\bnew\(\s*(?:[^";]*?\?\s*)?"([A-Z]\w+)"(?:\s*:\s*"([A-Z]\w+)")?\s*,\s*(?:\$?"|message\b)""")]
    private static partial Regex RaisedByTargetTypedNew();

    // Ids passed on to a helper that raises them (ConfigFileStore.ReadValues(path, "Id", …)).
    [GeneratedRegex(""""ReadValues\([^,]+,\s*"([A-Z]\w+)"""")]
    private static partial Regex RaisedThroughHelper();

    private static Dictionary<string, List<string>> RaisedIds()
    {
        var ids = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var file in Directory.EnumerateFiles(Path.Combine(Fixtures.RepositoryRoot, "src"), "*.cs", SearchOption.AllDirectories))
        {
            if (file.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal) || Path.GetFileName(file) == "ErrorCatalog.cs")
            {
                continue;
            }

            var text = File.ReadAllText(file);
            foreach (var match in RaisedExplicitly().Matches(text).Concat(RaisedByTargetTypedNew().Matches(text)).Concat(RaisedThroughHelper().Matches(text)))
            {
                foreach (var group in match.Groups.Values.Skip(1).Where(g => g.Success))
                {
                    ids.TryAdd(group.Value, []);
                    ids[group.Value].Add(Path.GetFileName(file));
                }
            }
        }

        return ids;
    }

    [Fact]
    public void Every_error_id_raised_in_the_source_is_in_the_catalogue()
    {
        var missing = RaisedIds().Where(id => !ErrorCatalog.Contains(id.Key)).Select(id => $"{id.Key} ({string.Join(", ", id.Value.Distinct())})").ToList();

        Assert.True(missing.Count == 0, "Add these ids to ErrorCatalog with their kind and meaning: " + string.Join("; ", missing));
    }

    [Fact]
    public void Every_catalogue_entry_is_raised_somewhere()
    {
        var raised = RaisedIds();

        var dead = ErrorCatalog.All.Where(e => !raised.ContainsKey(e.Id)).Select(e => e.Id).ToList();

        Assert.True(dead.Count == 0, "Catalogue entries no code raises: " + string.Join(", ", dead));
    }

    [Fact]
    public void Every_entry_is_unique_and_has_a_one_line_meaning()
    {
        Assert.Equal(ErrorCatalog.All.Count, ErrorCatalog.All.Select(e => e.Id).Distinct(StringComparer.Ordinal).Count());
        Assert.All(ErrorCatalog.All, e =>
        {
            Assert.Matches("^[A-Z][A-Za-z]+$", e.Id);
            Assert.EndsWith(".", e.Meaning);
            Assert.DoesNotContain('\n', e.Meaning);
        });
    }

    [Fact]
    public void Every_entry_is_documented_in_a_cmdlets_help()
    {
        var help = string.Join("\n", Directory.EnumerateFiles(Path.Combine(Fixtures.RepositoryRoot, "docs", "help"), "*.help.psd1").Select(File.ReadAllText));

        var undocumented = ErrorCatalog.All.Where(e => !Regex.IsMatch(help, $@"\b{e.Id}\b")).Select(e => e.Id).ToList();

        Assert.True(undocumented.Count == 0, "List these ids in the help (Notes) of the cmdlets that raise them: " + string.Join(", ", undocumented));
    }

    [Theory]
    [InlineData("PackNotFound", ErrorKind.NotFound)]
    [InlineData("DependencyFailed", ErrorKind.NotInstalled)]
    [InlineData("GitFetchFailed", ErrorKind.ResourceUnavailable)]
    public void An_exception_takes_its_kind_from_the_catalogue_whatever_path_raises_it(string id, ErrorKind kind)
    {
        Assert.Equal(kind, new StackPackException(id, "message").Kind);
    }
}
