using System.Management.Automation;
using StackPack.Commands.Completion;
using StackPack.Commands.Output;
using StackPack.Engine.Index;

namespace StackPack.Commands.Cmdlets;

/// <summary>Searches the pack indexes (st2 pack search / st2 pack show).</summary>
[Cmdlet(VerbsCommon.Find, "Pack", DefaultParameterSetName = QuerySet)]
[OutputType(typeof(IndexPackInfo))]
public sealed class FindPackCommand : IndexCmdlet
{
    private const string QuerySet = "Query";

    private List<IndexPackEntry>? _merged;
    private readonly HashSet<string> _emitted = new(StringComparer.Ordinal);

    /// <summary>Free text searched in name, ref, keywords, description and author, case-insensitively.</summary>
    [Parameter(Position = 0, ParameterSetName = QuerySet)]
    [AllowEmptyString]
    [ArgumentCompleter(typeof(IndexPackCompleter))]
    public string? Query { get; set; }

    /// <summary>Exact index names (wildcards allowed), like st2 pack show.</summary>
    [Parameter(Mandatory = true, ParameterSetName = NameSet, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [SupportsWildcards]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(IndexPackCompleter))]
    public string[]? Name { get; set; }

    /// <summary>Only packs with a keyword matching one of these (wildcards allowed).</summary>
    [Parameter]
    [SupportsWildcards]
    [ValidateNotNullOrEmpty]
    public string[]? Keyword { get; set; }

    /// <summary>Only packs whose author contains this text (or matches it, with wildcards).</summary>
    [Parameter]
    [SupportsWildcards]
    [ValidateNotNullOrEmpty]
    public string? Author { get; set; }

    protected override void ProcessRecord()
    {
        if (ParameterSetName == NameSet)
        {
            FindByName();
            return;
        }

        if (string.IsNullOrWhiteSpace(Query))
        {
            // Everything, streamed as each index is ready (in priority order).
            foreach (var entry in MergedEntries())
            {
                Emit(entry, null);
            }

            return;
        }

        foreach (var (entry, rank) in IndexSearch.Rank(MergedEntries().Where(PassesFilters).ToList(), Query))
        {
            Emit(entry, rank);
        }
    }

    private void FindByName()
    {
        foreach (var requested in Name!)
        {
            var pattern = WildcardPattern.Get(requested, WildcardOptions.IgnoreCase);
            var found = false;
            foreach (var entry in MergedEntries())
            {
                if (pattern.IsMatch(entry.Name) || pattern.IsMatch(entry.Ref) || pattern.IsMatch(entry.DisplayName))
                {
                    found = true;
                    Emit(entry, null);
                }
            }

            if (!found && !WildcardPattern.ContainsWildcardCharacters(requested))
            {
                WriteError(ErrorRecords.Create("PackNotFoundInIndex", requested,
                    $"No pack named '{requested}' is in the pack index ({string.Join(", ", _sources ?? [])}).",
                    "Run Find-Pack <text> to search, Get-PackIndex to check the indexes, or -Refresh to fetch them again."));
            }
        }
    }

    private IReadOnlyList<string>? _sources;

    /// <summary>
    /// The merged index, loaded on first use: entries are yielded as soon as their index (and
    /// every index of higher priority) is ready, and remembered for later pipeline input.
    /// </summary>
    private IEnumerable<IndexPackEntry> MergedEntries()
    {
        if (_merged is not null)
        {
            foreach (var entry in _merged)
            {
                yield return entry;
            }

            yield break;
        }

        var merged = new List<IndexPackEntry>();
        var merger = new IndexMerger();
        var tasks = StartLoading();
        var sources = new List<string>();
        var usable = 0;
        foreach (var task in tasks)
        {
            var result = Await(task);
            sources.Add(result.Url);
            if (result.Document is null)
            {
                WriteWarning($"Index {result.Url} is {result.Status.ToString().ToLowerInvariant()}: {result.Message}");
                continue;
            }

            usable++;
            foreach (var entry in merger.Add(result.Document))
            {
                merged.Add(entry);
                yield return entry;
            }
        }

        foreach (var (name, hiddenIn, wonBy) in merger.Hidden)
        {
            WriteVerbose($"Pack '{name}' in {hiddenIn} is hidden by the one in {wonBy} (the earlier index wins).");
        }

        _sources = sources;
        _merged = merged;
        if (usable == 0)
        {
            ThrowTerminatingError(ErrorRecords.Create("NoIndexAvailable", string.Join(", ", sources),
                $"No pack index could be loaded; tried {string.Join(", ", sources)}.",
                "Run Get-PackIndex to see why each index failed; check the network, proxy variables or -IndexUrl."));
        }
    }

    private bool PassesFilters(IndexPackEntry entry)
    {
        if (Keyword is { Length: > 0 })
        {
            var patterns = Keyword.Select(k => WildcardPattern.Get(k, WildcardOptions.IgnoreCase)).ToList();
            if (!entry.Keywords.Any(k => patterns.Any(p => p.IsMatch(k))))
            {
                return false;
            }
        }

        if (Author is { Length: > 0 } author)
        {
            var matches = WildcardPattern.ContainsWildcardCharacters(author)
                ? WildcardPattern.Get(author, WildcardOptions.IgnoreCase).IsMatch(entry.Author)
                : entry.Author.Contains(author, StringComparison.OrdinalIgnoreCase);
            if (!matches)
            {
                return false;
            }
        }

        return true;
    }

    private void Emit(IndexPackEntry entry, MatchRank? rank)
    {
        if ((Keyword is not null || Author is not null) && rank is null && !PassesFilters(entry))
        {
            return;
        }

        if (_emitted.Add(entry.Name))
        {
            WriteObject(IndexInfoMapper.ToIndexPackInfo(entry, rank));
        }
    }
}
