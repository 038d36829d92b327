namespace StackPack.Engine.Sources;

/// <summary>Which pack a pack.yaml dependency entry names, the way st2 works it out.</summary>
public static class DependencyName
{
    /// <summary>
    /// "name" or "name=1.0" → name; a URL → its last segment without ".git", and without a
    /// "stackstorm-" prefix (the Exchange's repository naming).
    /// </summary>
    public static string Of(string entry)
    {
        var source = SourceText.WithoutQuery(SourceText.SplitVersion(entry.Trim()).Body);
        var name = source.Contains('/') || source.Contains(':') ? source.TrimEnd('/').Split('/', ':').Last() : source;
        if (name.EndsWith(".git", StringComparison.OrdinalIgnoreCase))
        {
            name = name[..^4];
        }

        return name.StartsWith("stackstorm-", StringComparison.OrdinalIgnoreCase) ? name["stackstorm-".Length..] : name;
    }
}
