using StackPack.Engine.Index;
using StackPack.Engine.Settings;

namespace StackPack.Engine.Install;

/// <summary>
/// Finds pack names in the indexes of one install plan. Each list of index sources is loaded
/// once per plan, and each name is looked up once per list, its failure included: a plan with a
/// thousand unresolvable dependencies asks each index once, not once per name (or per retry of
/// an index that does not answer). An install revalidates every index (a conditional GET, so an
/// unchanged index costs a 304) instead of trusting a cached copy for the freshness window: a
/// pipeline that publishes a version and then deploys it must get it.
/// </summary>
public sealed class IndexLookup
{
    private readonly StackPackSettings _settings;
    private readonly string _baseDirectory;
    private readonly CancellationToken _cancellation;
    private readonly bool _unconditional;
    private readonly Dictionary<string, Loaded> _loaded = new(StringComparer.Ordinal);
    private readonly List<string> _warnings = new();

    /// <param name="unconditional">-Refresh: download every index in full, not only revalidate it.</param>
    public IndexLookup(StackPackSettings settings, string baseDirectory, bool unconditional, CancellationToken cancellation)
    {
        _unconditional = unconditional;
        _settings = settings;
        _baseDirectory = baseDirectory;
        _cancellation = cancellation;
    }

    /// <summary>The entry for <paramref name="name"/>: exact (case-sensitive, as st2) first, then ignoring case; the first index that has it wins.</summary>
    /// <exception cref="StackPackException">PackNotFoundInIndex, NoIndexAvailable (the same exception for every name asked again).</exception>
    public IndexPackEntry Find(string name, IReadOnlyList<string> sources)
    {
        var key = string.Join('\n', sources);
        if (!_loaded.TryGetValue(key, out var loaded))
        {
            _loaded[key] = loaded = Load(sources);
        }

        if (!loaded.Results.TryGetValue(name, out var result))
        {
            loaded.Results[name] = result = loaded.Failure is { } failure ? failure : Search(loaded, name);
        }

        return result as IndexPackEntry ?? throw (StackPackException)result;
    }

    /// <summary>The entry for <paramref name="name"/>, or null when no index lists it.</summary>
    /// <exception cref="StackPackException">NoIndexAvailable.</exception>
    public IndexPackEntry? TryFind(string name, IReadOnlyList<string> sources)
    {
        try
        {
            return Find(name, sources);
        }
        catch (StackPackException e) when (e.ErrorId == "PackNotFoundInIndex")
        {
            return null;
        }
    }

    /// <summary>What the loaded indexes warned about (a stale cached copy, a pack listed twice) and was not taken yet: each warning is shown once per plan.</summary>
    public IReadOnlyList<string> TakeWarnings()
    {
        var taken = _warnings.ToList();
        _warnings.Clear();
        return taken;
    }

    private static object Search(Loaded loaded, string name)
    {
        foreach (var document in loaded.Documents)
        {
            if (document.Find(name) is { } exact)
            {
                return exact;
            }
        }

        foreach (var byName in loaded.IgnoringCase())
        {
            if (byName.TryGetValue(name, out var entry))
            {
                return entry;
            }
        }

        return new StackPackException("PackNotFoundInIndex", $"No record of the \"{name}\" pack in the index.", name,
            "Check the name with Find-Pack, or install it by URL.");
    }

    private Loaded Load(IReadOnlyList<string> sources)
    {
        var options = IndexLoadOptions.From(_settings, sources, _baseDirectory) with { Refresh = true, Unconditional = _unconditional };
        var results = PackIndexLoader.Start(options, _cancellation).Select(t => t.GetAwaiter().GetResult()).ToList();
        _warnings.AddRange(results.Select(r => r.Warning).OfType<string>());
        var documents = results.Where(r => r.Document is not null).Select(r => r.Document!).ToArray();
        var failure = documents.Length > 0 ? null : new StackPackException("NoIndexAvailable", $"No pack index could be loaded: {string.Join("; ", results.Select(r => $"{r.Url}: {r.Message}"))}", string.Join(", ", results.Select(r => r.Url)),
            "Run Get-PackIndex to see why, or install by URL.");
        return new Loaded(documents, failure);
    }

    /// <summary>One list of sources: its documents (or why there are none) and every answer given so far.</summary>
    private sealed record Loaded(IndexDocument[] Documents, StackPackException? Failure)
    {
        private Dictionary<string, IndexPackEntry>[]? _ignoringCase;

        public Dictionary<string, object> Results { get; } = new(StringComparer.Ordinal);

        /// <summary>Per document, its names ignoring case (the first in document order wins); built when first needed.</summary>
        public Dictionary<string, IndexPackEntry>[] IgnoringCase() => _ignoringCase ??= Documents.Select(d =>
        {
            var byName = new Dictionary<string, IndexPackEntry>(d.Packs.Count, StringComparer.OrdinalIgnoreCase);
            foreach (var pack in d.Packs)
            {
                byName.TryAdd(pack.Name, pack);
            }

            return byName;
        }).ToArray();
    }
}
