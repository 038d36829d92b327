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
        var ranked = new List<(IndexPackEntry, MatchRank, int)>();
        var order = 0;
        foreach (var entry in entries)
        {
            if (RankOf(entry, q, words) is { } rank)
            {
                ranked.Add((entry, rank, order));
            }

            order++;
        }

        return ranked
            .OrderBy(r => r.Item2)
            .ThenBy(r => r.Item1.Name, StringComparer.OrdinalIgnoreCase)
            .ThenBy(r => r.Item3)
            .Select(r => (r.Item1, r.Item2))
            .ToList();
    }

    public static MatchRank? RankOf(IndexPackEntry entry, string query, IReadOnlyList<string> words)
    {
        if (query.Length == 0)
        {
            return MatchRank.ExactName;
        }

        string[] names = [entry.Name, entry.Ref, entry.DisplayName];
        if (names.Any(n => n.Equals(query, StringComparison.OrdinalIgnoreCase)))
        {
            return MatchRank.ExactName;
        }

        if (names.Any(n => n.StartsWith(query, StringComparison.OrdinalIgnoreCase)))
        {
            return MatchRank.NamePrefix;
        }

        if (names.Any(n => Contains(n, query)))
        {
            return MatchRank.NameSubstring;
        }

        if (entry.Keywords.Any(k => k.Equals(query, StringComparison.OrdinalIgnoreCase)))
        {
            return MatchRank.Keyword;
        }

        if (entry.Keywords.Any(k => Contains(k, query)))
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
