namespace StackPack.Engine.Packs;

/// <summary>What a name matched among the installed packs: readable packs, and pack folders whose pack.yaml cannot be read.</summary>
public sealed record PackMatches(IReadOnlyList<InstalledPack> Packs, IReadOnlyList<BrokenPack> Broken)
{
    public bool IsEmpty => Packs.Count == 0 && Broken.Count == 0;
}

/// <summary>
/// The one rule by which every cmdlet finds installed packs by name. Case-insensitive, as
/// Get-Pack always was (refs are lowercase by st2's rule; people type display names any way).
/// A literal name is a ref first; only when no pack has that ref is it a display name; only when
/// no pack has that display name is it a folder name. So a folder named X whose pack.yaml says
/// ref Y never stands in for the pack whose ref is X. A pattern (when the caller allows them:
/// `*`, `?`, `[abc]`, `[a-z]`, a backtick escapes) matches any pack whose ref, display name or
/// folder matches. A folder whose pack.yaml is broken has no ref or name: it is found by its folder
/// name alone (so Remove-Pack can still remove it).
/// </summary>
public static class PackLookup
{
    /// <summary>Whether the name is a pattern rather than a literal name: it has a `*`, `?` or `[` that no backtick escapes.</summary>
    public static bool HasWildcards(string name)
    {
        for (var i = 0; i < name.Length; i++)
        {
            switch (name[i])
            {
                case '`':
                    i++;
                    break;
                case '*' or '?':
                    return true;
                case '[' when name.IndexOf(']', i + 1) > i + 1:
                    return true; // "[a]"; an unclosed or empty "[" is matched as itself, as the pattern reads it
            }
        }

        return false;
    }

    /// <summary>
    /// The installed pack an object from Get-Pack describes: the same ref in the same folder, or
    /// nothing (it was removed or replaced since). Never by another rule: a pack object stands for
    /// exactly one pack, not for whatever its name would match today.
    /// </summary>
    public static InstalledPack? FindExact(PackScanResult scan, string reference, string path) =>
        scan.Packs.FirstOrDefault(p => string.Equals(p.Ref, reference, StringComparison.Ordinal) && IO.PathRules.Comparer.Equals(p.Path, path));

    public static PackMatches Find(PackScanResult scan, string name, bool allowWildcards)
    {
        if (allowWildcards && HasWildcards(name))
        {
            var pattern = new PackNamePattern(name);
            return new PackMatches(
                scan.Packs.Where(p => pattern.IsMatch(p.Ref) || pattern.IsMatch(p.Manifest.Name) || pattern.IsMatch(FolderName(p))).ToList(),
                scan.Broken.Where(b => pattern.IsMatch(b.DirectoryName)).ToList());
        }

        bool Same(string candidate) => string.Equals(candidate, name, StringComparison.OrdinalIgnoreCase);
        var byRef = scan.Packs.Where(p => Same(p.Ref)).ToList();
        if (byRef.Count > 0)
        {
            return new PackMatches(byRef, []);
        }

        var byName = scan.Packs.Where(p => Same(p.Manifest.Name)).ToList();
        if (byName.Count > 0)
        {
            return new PackMatches(byName, []);
        }

        return new PackMatches(scan.Packs.Where(p => Same(FolderName(p))).ToList(), scan.Broken.Where(b => Same(b.DirectoryName)).ToList());
    }

    /// <summary>
    /// Finds the one installed pack a command that works on a single pack was given (Set-PackConfig).
    /// </summary>
    /// <exception cref="StackPackException">
    /// PackNotFound; InvalidPackMetadata or PackUnreadable when the name is a folder whose pack.yaml
    /// cannot be read; PackNameAmbiguous when the name fits several packs equally.
    /// </exception>
    public static InstalledPack FindOne(PackScanResult scan, string name, IEnumerable<string> lookedIn)
    {
        var matches = Find(scan, name, allowWildcards: false);
        if (matches.Packs.Count == 1)
        {
            return matches.Packs[0];
        }

        if (matches.Packs.Count > 1)
        {
            throw new StackPackException("PackNameAmbiguous",
                $"'{name}' names {matches.Packs.Count} installed packs: {string.Join(", ", matches.Packs.Select(p => $"'{p.Ref}' ({p.Path})"))}.", name,
                "Give the pack's ref (Get-Pack shows it).");
        }

        throw matches.Broken.Count > 0 ? matches.Broken[0].Error : NotFound(name, lookedIn);
    }

    /// <summary>The PackNotFound error for a literal name that matched nothing.</summary>
    public static StackPackException NotFound(string name, IEnumerable<string> lookedIn, string recommendedAction = "Run Get-Pack to list the installed packs.") =>
        new("PackNotFound", $"No installed pack has the ref, name or folder '{name}'. Looked in: {string.Join(", ", lookedIn)}.", name, recommendedAction);

    private static string FolderName(InstalledPack pack) => Path.GetFileName(pack.Path);
}
