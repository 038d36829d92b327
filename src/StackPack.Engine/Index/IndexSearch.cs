namespace StackPack.Engine.Index;

/// <summary>How well a pack matches a query; lower is better.</summary>
public enum MatchRank
{
    ExactName = 0,
    NamePrefix = 1,
    NameSubstring = 2,
    Keyword = 3,
    KeywordSubstring = 4,
    Description = 5,
    Author = 6,
    AllWords = 7,
}

/// <summary>
/// Ranks index entries for a free-text query, case-insensitively, over name (index key, ref
/// and display name), keywords, description and author; never repository URL or email.
/// Unlike st2, which files a pack under the first field that matches in key order (so `sensu`
/// lands under "other" because its author matches first), every field is looked at and the
/// best match wins: exact name, then name prefix, name substring, keyword, description, author.
/// A query of several words also finds packs that mention every word somewhere.
/// </summary>
public static class IndexSearch
{
    public static IReadOnlyList<(IndexPackEntry Entry, MatchRank Rank)> Rank(IEnumerable<IndexPackEntry> entries, string query)
    {
        var q = query.Trim();
        var words = q.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var ranked = new List<Ranked>();
        var order = 0;
        foreach (var entry in entries)
        {
            if (RankOf(entry, q, words) is { } rank)
            {
                ranked.Add(new Ranked(entry, rank, order));
            }

            order++;
        }

        // Best rank, then name, then index order (a total order, so the unstable sort is exact).
        // A list of objects sorted by a comparison runs the framework's precompiled shared code;
        // LINQ's OrderBy over value tuples had to be JIT-compiled in every new session.
        ranked.Sort(static (a, b) =>
        {
            var byRank = a.Rank.CompareTo(b.Rank);
            if (byRank != 0)
            {
                return byRank;
            }

            var byName = StringComparer.OrdinalIgnoreCase.Compare(a.Entry.Name, b.Entry.Name);
            return byName != 0 ? byName : a.Order.CompareTo(b.Order);
        });
        var result = new (IndexPackEntry Entry, MatchRank Rank)[ranked.Count];
        for (var i = 0; i < result.Length; i++)
        {
            result[i] = (ranked[i].Entry, ranked[i].Rank);
        }

        return result;
    }

    private sealed record Ranked(IndexPackEntry Entry, MatchRank Rank, int Order);

    public static MatchRank? RankOf(IndexPackEntry entry, string query, IReadOnlyList<string> words)
    {
        if (query.Length == 0)
        {
            return MatchRank.ExactName;
        }

        // No array, closure or enumerator per pack: this runs for every pack of every index (50,000 and more).
        if (AnyName(entry, query, static (n, q) => n.Equals(q, StringComparison.OrdinalIgnoreCase)))
        {
            return MatchRank.ExactName;
        }

        if (AnyName(entry, query, static (n, q) => n.StartsWith(q, StringComparison.OrdinalIgnoreCase)))
        {
            return MatchRank.NamePrefix;
        }

        if (AnyName(entry, query, Contains))
        {
            return MatchRank.NameSubstring;
        }

        if (AnyKeyword(entry, query, static (k, q) => k.Equals(q, StringComparison.OrdinalIgnoreCase)))
        {
            return MatchRank.Keyword;
        }

        if (AnyKeyword(entry, query, Contains))
        {
            return MatchRank.KeywordSubstring;
        }

        if (Contains(entry.Description, query))
        {
            return MatchRank.Description;
        }

        if (Contains(entry.Author, query))
        {
            return MatchRank.Author;
        }

        if (words.Count > 1 && words.All(w => Searchable(entry).Any(text => Contains(text, w))))
        {
            return MatchRank.AllWords;
        }

        return null;
    }

    private static bool AnyName(IndexPackEntry entry, string query, Func<string, string, bool> test) =>
        test(entry.Name, query) || test(entry.Ref, query) || test(entry.DisplayName, query);

    private static bool AnyKeyword(IndexPackEntry entry, string query, Func<string, string, bool> test)
    {
        var keywords = entry.Keywords;
        for (var i = 0; i < keywords.Count; i++)
        {
            if (test(keywords[i], query))
            {
                return true;
            }
        }

        return false;
    }

    private static IEnumerable<string> Searchable(IndexPackEntry entry) =>
        new[] { entry.Name, entry.Ref, entry.DisplayName, entry.Description, entry.Author }.Concat(entry.Keywords);

    private static bool Contains(string text, string part) => text.Contains(part, StringComparison.OrdinalIgnoreCase);
}

/// <summary>Merges indexes with descending priority: a pack in an earlier index hides the same name in later ones.</summary>
public sealed class IndexMerger
{
    private readonly Dictionary<string, string> _winners = new(StringComparer.Ordinal);

    /// <summary>Names hidden so far: (pack, hidden index, winning index).</summary>
    public List<(string Name, string HiddenIn, string WonBy)> Hidden { get; } = new();

    /// <summary>Returns the entries of the next index (in priority order) that are not hidden by an earlier one.</summary>
    public IEnumerable<IndexPackEntry> Add(IndexDocument document)
    {
        foreach (var entry in document.Packs)
        {
            if (_winners.TryGetValue(entry.Name, out var winner))
            {
                if (winner != entry.IndexUrl)
                {
                    Hidden.Add((entry.Name, entry.IndexUrl, winner));
                }

                continue;
            }

            _winners[entry.Name] = entry.IndexUrl;
            yield return entry;
        }
    }
}
