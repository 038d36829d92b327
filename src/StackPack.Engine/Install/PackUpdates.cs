using StackPack.Engine.Index;
using StackPack.Engine.Packs;
using StackPack.Engine.Versions;

namespace StackPack.Engine.Install;

/// <summary>Where an installed pack that came from an index could move: the newest version listed, and the newest every installed pin allows.</summary>
public sealed record PackUpdate
{
    public required InstalledPack Pack { get; init; }

    public required IndexPackEntry Entry { get; init; }

    /// <summary>The newest version the index lists (null when it lists none that is a semantic version).</summary>
    public PackVersion? Latest { get; init; }

    /// <summary>The newest listed version that every installed pack's pin allows; null when a pin names a version the index does not list.</summary>
    public PackVersion? Allowed { get; init; }

    /// <summary>The installed pack whose pin keeps it below <see cref="Latest"/>, if any.</summary>
    public string? HeldBy { get; init; }

    public bool IsOutdated => Latest is not null && PackVersion.TryParseSemantic(Pack.Manifest.Version, out var installed) && Latest > installed;
}

/// <summary>
/// Finds the index entries of installed packs. A pack "came from an index" when an index lists
/// its ref with a repo_url that is the pack's own git origin: a pack installed from a fork or a
/// folder is never moved to what an index says about another repository.
/// </summary>
public static class PackUpdates
{
    /// <returns>The update of each candidate that came from an index; the others are left out.</returns>
    /// <exception cref="StackPackException">NoIndexAvailable.</exception>
    public static IReadOnlyList<PackUpdate> Find(IEnumerable<InstalledPack> candidates, IReadOnlyCollection<InstalledPack> installedSet, IndexLookup indexes, IReadOnlyList<string> sources)
    {
        var updates = new List<PackUpdate>();
        foreach (var pack in candidates)
        {
            if (pack.Git?.Origin is not { } origin || indexes.TryFind(pack.Ref, sources) is not { } entry
                || entry.RepoUrl is null || !PackOrigin.Same(origin, entry.RepoUrl))
            {
                continue;
            }

            var listed = entry.IndexedVersions.Append(entry.Version).OfType<string>()
                .Select(v => PackVersion.TryParseSemantic(v, out var parsed) ? parsed : null).OfType<PackVersion>()
                .Distinct().OrderDescending().ToList();
            var pins = installedSet.Where(p => p.Ref != pack.Ref)
                .SelectMany(p => InstalledPins.Of(p.Manifest).Where(pin => pin.Name == pack.Ref).Select(pin => (By: p.Ref, pin.Version)))
                .Where(pin => PackVersion.TryParseSemantic(pin.Version, out _)).ToList();
            var allowed = listed.FirstOrDefault(v => pins.All(pin => v.Equals(PackVersion.Parse(pin.Version))));
            var latest = listed.FirstOrDefault();
            updates.Add(new PackUpdate
            {
                Pack = pack, Entry = entry, Latest = latest, Allowed = allowed,
                HeldBy = latest is not null && allowed != latest ? pins.FirstOrDefault(p => !latest.Equals(PackVersion.Parse(p.Version))).By : null,
            });
        }

        return updates;
    }
}
