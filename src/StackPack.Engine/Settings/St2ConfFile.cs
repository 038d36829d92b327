namespace StackPack.Engine.Settings;

/// <summary>
/// An st2.conf as oslo.config reads it: <c>[section]</c> headers, <c>key = value</c> or
/// <c>key: value</c>, whole-line comments (# or ;), indented continuation lines, and values
/// optionally wrapped in matching quotes. Section and key names are case-sensitive, as in oslo.
/// </summary>
public sealed class St2ConfFile
{
    private readonly Dictionary<string, Dictionary<string, string>> _sections;

    private St2ConfFile(string path, Dictionary<string, Dictionary<string, string>> sections)
    {
        Path = path;
        _sections = sections;
    }

    public string Path { get; }

    public string? Get(string section, string key)
    {
        if (_sections.TryGetValue(section, out var values) && values.TryGetValue(key, out var value))
        {
            return value;
        }

        // oslo.config falls back to [DEFAULT] for any section.
        return _sections.TryGetValue("DEFAULT", out var defaults) && defaults.TryGetValue(key, out var fallback) ? fallback : null;
    }

    public static St2ConfFile Load(string path)
    {
        string[] lines;
        try
        {
            lines = File.ReadAllLines(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new StackPackException("InvalidSettings", $"Cannot read the StackStorm configuration file '{path}': {e.Message}", path,
                "Check that the file exists and that you may read it, or pass another file with -ConfigFile.", e);
        }

        return Parse(lines, path);
    }

    public static St2ConfFile Parse(IEnumerable<string> lines, string path)
    {
        var sections = new Dictionary<string, Dictionary<string, string>>(StringComparer.Ordinal);
        Dictionary<string, string>? current = null;
        string? lastKey = null;
        var number = 0;
        foreach (var raw in lines)
        {
            number++;
            var line = raw.TrimEnd();
            var trimmed = line.TrimStart();
            if (trimmed.Length == 0 || trimmed[0] is '#' or ';')
            {
                continue;
            }

            if (line.Length != trimmed.Length && current is not null && lastKey is not null)
            {
                // An indented line continues the previous value.
                current[lastKey] = (current[lastKey] + "\n" + trimmed).Trim();
                continue;
            }

            if (trimmed[0] == '[')
            {
                if (!trimmed.EndsWith(']') || trimmed.Length < 3)
                {
                    throw Malformed(path, number, $"the section header '{trimmed}' is not of the form [name]");
                }

                var name = trimmed[1..^1].Trim();
                if (!sections.TryGetValue(name, out current))
                {
                    current = new Dictionary<string, string>(StringComparer.Ordinal);
                    sections[name] = current;
                }

                lastKey = null;
                continue;
            }

            var split = trimmed.IndexOfAny(['=', ':']);
            if (split <= 0)
            {
                throw Malformed(path, number, $"expected 'key = value' but found '{trimmed}'");
            }

            if (current is null)
            {
                throw Malformed(path, number, $"the setting '{trimmed[..split].Trim()}' comes before any [section] header");
            }

            lastKey = trimmed[..split].Trim();
            current[lastKey] = Unquote(trimmed[(split + 1)..].Trim());
        }

        return new St2ConfFile(path, sections);
    }

    private static string Unquote(string value) =>
        value.Length >= 2 && (value[0] == '"' || value[0] == '\'') && value[^1] == value[0] ? value[1..^1] : value;

    private static StackPackException Malformed(string path, int line, string reason) =>
        new("InvalidSettings", $"The StackStorm configuration file '{path}' cannot be parsed at line {line}: {reason}.", path,
            "Fix that line (st2.conf is an INI file of [sections] and 'key = value' lines), or pass another file with -ConfigFile.");
}
