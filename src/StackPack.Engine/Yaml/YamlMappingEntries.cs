namespace StackPack.Engine.Yaml;

/// <summary>
/// A mapping's entries as they are read, the way PyYAML's safe_load keeps them: a key seen again
/// replaces the earlier value in place (the last one wins, as StackStorm does) and is reported as a
/// warning. Both readers (<see cref="YamlDocumentReader"/>'s YamlDotNet path and
/// <see cref="SimpleYamlReader"/>) build mappings through this, so their results and messages agree.
/// </summary>
internal sealed class YamlMappingEntries
{
    /// <summary>Up to this many keys a duplicate is found by walking the list (no dictionary for the small mappings most files are made of).</summary>
    private const int IndexFrom = 9;

    private Dictionary<string, int>? _index;

    public List<KeyValuePair<string, YamlNode>> Entries { get; } = new();

    /// <param name="warnings">Where a duplicate key is reported; created on the first one.</param>
    public void Add(string key, YamlMark keyMark, YamlNode value, ref List<YamlWarning>? warnings)
    {
        var index = IndexOf(key);
        if (index >= 0)
        {
            (warnings ??= new()).Add(new YamlWarning(keyMark,
                $"duplicate key '{key}' (first at {Entries[index].Value.Mark}); the last value is used, as StackStorm does"));
            Entries[index] = new(key, value);
            return;
        }

        if (_index is null && Entries.Count + 1 >= IndexFrom)
        {
            _index = new Dictionary<string, int>(StringComparer.Ordinal);
            for (var i = 0; i < Entries.Count; i++)
            {
                _index[Entries[i].Key] = i;
            }
        }

        _index?.Add(key, Entries.Count);
        Entries.Add(new(key, value));
    }

    private int IndexOf(string key)
    {
        if (_index is not null)
        {
            return _index.TryGetValue(key, out var position) ? position : -1;
        }

        for (var i = 0; i < Entries.Count; i++)
        {
            if (string.Equals(Entries[i].Key, key, StringComparison.Ordinal))
            {
                return i;
            }
        }

        return -1;
    }
}
