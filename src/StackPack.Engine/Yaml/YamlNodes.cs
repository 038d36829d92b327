namespace StackPack.Engine.Yaml;

/// <summary>Where a node starts in its file (1-based), for messages that point at the line.</summary>
public readonly record struct YamlMark(int Line, int Column)
{
    public override string ToString() => $"line {Line}";
}

/// <summary>
/// A read-only YAML tree. We build our own instead of YamlDotNet's RepresentationModel
/// because StackStorm (PyYAML) accepts duplicate keys (last wins) where YamlDotNet throws,
/// and because scalars must be typed the YAML 1.1 way PyYAML does (unquoted 0.1 is a float).
/// </summary>
public abstract class YamlNode
{
    protected YamlNode(YamlMark mark, long expandedSize, int height)
    {
        Mark = mark;
        ExpandedSize = expandedSize;
        Height = height;
    }

    public YamlMark Mark { get; }

    /// <summary>
    /// How many nodes this node stands for once every alias is copied out, as anything that
    /// turns the tree into plain values or JSON does. Nodes are immutable and an alias is the
    /// anchored node itself, so this is computed once per node (saturating, never overflowing).
    /// </summary>
    public long ExpandedSize { get; }

    /// <summary>Levels of lists and mappings once aliases are copied out (a scalar is 0).</summary>
    public int Height { get; }

    internal static long Add(long a, long b) => a > long.MaxValue - b ? long.MaxValue : a + b;

    // Loops rather than LINQ: these run for every node of every file.
    private protected static long SizeOf(IReadOnlyList<YamlNode> items)
    {
        var size = 1L;
        for (var i = 0; i < items.Count; i++)
        {
            size = Add(size, items[i].ExpandedSize);
        }

        return size;
    }

    private protected static long SizeOf(IReadOnlyList<KeyValuePair<string, YamlNode>> entries)
    {
        var size = 1L;
        for (var i = 0; i < entries.Count; i++)
        {
            size = Add(Add(size, 1), entries[i].Value.ExpandedSize);
        }

        return size;
    }

    private protected static int HeightOf(IReadOnlyList<YamlNode> items)
    {
        var height = 0;
        for (var i = 0; i < items.Count; i++)
        {
            height = Math.Max(height, items[i].Height);
        }

        return height;
    }

    private protected static int HeightOf(IReadOnlyList<KeyValuePair<string, YamlNode>> entries)
    {
        var height = 0;
        for (var i = 0; i < entries.Count; i++)
        {
            height = Math.Max(height, entries[i].Value.Height);
        }

        return height;
    }
}

/// <summary>How PyYAML's SafeLoader would type a scalar.</summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Naming", "CA1720", Justification = "The members are YAML's own scalar type names (tag:yaml.org,2002:int, float, str).")]
public enum YamlScalarKind
{
    Null,
    Bool,
    Int,
    Float,
    String,
}

public sealed class YamlScalar : YamlNode
{
    public YamlScalar(string value, YamlScalarKind kind, bool isPlain, YamlMark mark)
        : base(mark, 1, 0)
    {
        Value = value;
        Kind = kind;
        IsPlain = isPlain;
    }

    /// <summary>The text exactly as written (without quotes).</summary>
    public string Value { get; }

    public YamlScalarKind Kind { get; }

    /// <summary>True when the scalar was written without quotes.</summary>
    public bool IsPlain { get; }

    public bool IsNull => Kind == YamlScalarKind.Null;
}

public sealed class YamlSequence : YamlNode
{
    public YamlSequence(IReadOnlyList<YamlNode> items, YamlMark mark)
        : base(mark, SizeOf(items), 1 + HeightOf(items)) => Items = items;

    public IReadOnlyList<YamlNode> Items { get; }
}

public sealed class YamlMapping : YamlNode
{
    /// <summary>Up to this many entries a lookup walks the list: cheaper than building a dictionary for the small mappings most files are made of.</summary>
    private const int IndexFrom = 9;

    private readonly Dictionary<string, YamlNode>? _byKey;

    /// <param name="entries">Keys in file order, already de-duplicated (last wins).</param>
    public YamlMapping(IReadOnlyList<KeyValuePair<string, YamlNode>> entries, YamlMark mark)
        : base(mark, SizeOf(entries), 1 + HeightOf(entries))
    {
        Entries = entries;
        if (entries.Count >= IndexFrom)
        {
            _byKey = new Dictionary<string, YamlNode>(entries.Count, StringComparer.Ordinal);
            foreach (var entry in entries)
            {
                _byKey[entry.Key] = entry.Value;
            }
        }
    }

    /// <summary>Entries in the order they appear in the file.</summary>
    public IReadOnlyList<KeyValuePair<string, YamlNode>> Entries { get; }

    public IEnumerable<string> Keys => Entries.Select(e => e.Key);

    public YamlNode? this[string key] => Find(key);

    public bool ContainsKey(string key) => Find(key) is not null;

    private YamlNode? Find(string key)
    {
        if (_byKey is not null)
        {
            return _byKey.TryGetValue(key, out var node) ? node : null;
        }

        // Keys are unique (the reader keeps the last of duplicates), so the first match is the one.
        for (var i = 0; i < Entries.Count; i++)
        {
            if (string.Equals(Entries[i].Key, key, StringComparison.Ordinal))
            {
                return Entries[i].Value;
            }
        }

        return null;
    }
}

/// <summary>A parsed YAML file: its root (null for an empty document) and what was odd about it.</summary>
public sealed record YamlDocument(string Path, YamlNode? Root, IReadOnlyList<YamlWarning> Warnings);

/// <summary>Something legal but suspicious in a YAML file, such as a duplicate key.</summary>
public sealed record YamlWarning(YamlMark Mark, string Message);

/// <summary>The YAML text itself cannot be parsed.</summary>
public sealed class YamlSyntaxException : Exception
{
    public YamlSyntaxException(string path, YamlMark mark, string reason, Exception? inner = null)
        : base($"{path}: {mark}, column {mark.Column}: {reason}", inner)
    {
        Path = path;
        Mark = mark;
        Reason = reason;
    }

    public string Path { get; }

    public YamlMark Mark { get; }

    public string Reason { get; }

    /// <summary>The file could not be read at all (not a regular file, too large, no permission): not a syntax problem.</summary>
    public bool Unreadable { get; init; }

    /// <summary>What is wrong, as a predicate after the file's name: "is not valid YAML: …" or "cannot be read: …".</summary>
    public string Problem => Unreadable ? Reason : $"is not valid YAML: {Reason}";
}
