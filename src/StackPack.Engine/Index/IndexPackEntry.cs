using StackPack.Engine.Packs;

namespace StackPack.Engine.Index;

/// <summary>One pack as an index describes it.</summary>
public sealed record IndexPackEntry
{
    /// <summary>The key in the index's "packs" object: what `Install-Pack name` resolves.</summary>
    public required string Name { get; init; }

    /// <summary>The entry's ref, or the key when the entry has none (18 Exchange packs).</summary>
    public required string Ref { get; init; }

    /// <summary>The entry's own "name" (often a display name such as "Aruba AOS-CX Pack").</summary>
    public required string DisplayName { get; init; }

    public string? Version { get; init; }

    private IReadOnlyList<string>? _sortedVersions;

    /// <summary>The versions as the index lists them (as text, in no useful order).</summary>
    public IReadOnlyList<string> IndexedVersions { get; init; } = [];

    /// <summary>Versions sorted by semantic version, newest first; sorted on first use, since most entries of a large index are never shown.</summary>
    public IReadOnlyList<string> Versions => _sortedVersions ??= IndexDocumentParser.SortVersions(IndexedVersions);

    public string Description { get; init; } = string.Empty;

    public string Author { get; init; } = string.Empty;

    public string? Email { get; init; }

    public IReadOnlyList<string> Keywords { get; init; } = [];

    public string? RepoUrl { get; init; }

    public string? StackStormVersion { get; init; }

    public IReadOnlyList<string> PythonVersions { get; init; } = [];

    public IReadOnlyList<string> Dependencies { get; init; } = [];

    public IReadOnlyList<string> Contributors { get; init; } = [];

    public PackContentCounts Content { get; init; } = new(0, 0, 0, 0, 0, 0);

    /// <summary>The index this entry came from (credentials removed).</summary>
    public required string IndexUrl { get; init; }
}

/// <summary>How an index source fared.</summary>
public enum IndexStatus
{
    Valid,
    Malformed,
    Unresponsive,
    Empty,
    Error,
}

/// <summary>A parsed index: its packs in document order, keyed case-sensitively like st2.</summary>
public sealed record IndexDocument(IReadOnlyList<IndexPackEntry> Packs)
{
    private Dictionary<string, IndexPackEntry>? _byName;

    /// <summary>What was odd but usable about the document (a pack listed twice), for the user to see.</summary>
    public IReadOnlyList<string> Warnings { get; init; } = [];

    /// <summary>The entry with exactly this name (the last one, as a JSON object with a repeated key gives).</summary>
    public IndexPackEntry? Find(string name)
    {
        if (_byName is null)
        {
            var byName = new Dictionary<string, IndexPackEntry>(Packs.Count, StringComparer.Ordinal);
            foreach (var pack in Packs)
            {
                byName[pack.Name] = pack;
            }

            _byName = byName;
        }

        return _byName.TryGetValue(name, out var entry) ? entry : null;
    }
}

/// <summary>The index document is not what an index must be; <see cref="Status"/> says how.</summary>
public sealed class IndexFormatException : Exception
{
    public IndexFormatException(IndexStatus status, string message, Exception? inner = null)
        : base(message, inner) => Status = status;

    public IndexStatus Status { get; }
}
