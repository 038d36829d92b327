using StackPack.Engine.Index;
using StackPack.Engine.Packs;
using StackPack.Engine.Sources;

namespace StackPack.Engine.Install;

/// <summary>
/// Whether a fetched pack may take the ref its pack.yaml claims. The pack.yaml decides the
/// folder (as st2: ref, then name), so a repository reached through the index entry "foo" can say
/// "ref: core" and replace StackStorm's own core pack, or another pack the user has. st2 does not
/// check; StackPack refuses both unless -Force, and warns even then.
/// </summary>
internal static class PackRefGuard
{
    /// <param name="entry">The index entry the pack came through; null for a URL or a folder, whose pack.yaml names it.</param>
    /// <param name="sourceDisplay">Where the pack came from, without credentials.</param>
    /// <returns>The warnings -Force leaves (the pack is installed anyway).</returns>
    /// <exception cref="StackPackException">SystemPackProtected, PackRefMismatch (without -Force).</exception>
    public static IReadOnlyList<string> Check(string sourceDisplay, PackManifest manifest, IndexPackEntry? entry, bool force)
    {
        var warnings = new List<string>();
        var claimed = manifest.Ref;
        var through = entry is null ? string.Empty : $" (reached through the index entry '{entry.Name}' of {entry.IndexUrl})";
        var file = $"the pack.yaml of {sourceDisplay}";
        if (PackRules.IsSystemPack(claimed))
        {
            var message = $"{Capitalised(file)}{through} says ref: {claimed}, a StackStorm system pack (core, packs, linux, chatops): installing it replaces StackStorm's own '{claimed}' pack.";
            if (!force)
            {
                throw new StackPackException("SystemPackProtected", message + " Nothing was installed.", claimed,
                    "Use -Force only if you really mean to replace a system pack, and trust this source.");
            }

            warnings.Add(message + " Installed because of -Force.");
        }

        if (entry is not null && !Matches(claimed, entry))
        {
            var message = $"The index entry '{entry.Name}' of {entry.IndexUrl} leads to {sourceDisplay}, but {file} says ref: {claimed}: installing it would put pack '{claimed}' in place, not '{entry.Name}'.";
            if (!force)
            {
                throw new StackPackException("PackRefMismatch", message + " Nothing was installed.", entry.Name,
                    $"Check the index (a wrong or hostile entry?). To install it anyway, as '{claimed}', use -Force or install it by its URL.");
            }

            warnings.Add(message + " Installed as '" + claimed + "' because of -Force.");
        }

        return warnings;
    }

    /// <summary>
    /// The names an entry legitimately stands for: its key, its ref, and the key without the
    /// Exchange's "stackstorm-" repository prefix, ignoring case (a ref is lower case, a key may not be).
    /// </summary>
    private static bool Matches(string reference, IndexPackEntry entry) =>
        new[] { entry.Name, entry.Ref, DependencyName.Of(entry.Name) }.Any(name => string.Equals(name, reference, StringComparison.OrdinalIgnoreCase));

    private static string Capitalised(string text) => char.ToUpperInvariant(text[0]) + text[1..];
}
