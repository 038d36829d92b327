using StackPack.Engine.Packs;

namespace StackPack.Engine.Install;

/// <summary>
/// Orders packs to remove so that every pack goes before the packs it depends on: removing
/// several packs in one call then never stops at "remove d first" when d is in the same call.
/// </summary>
public static class RemovalOrder
{
    /// <summary>Dependants first; packs unrelated to each other keep the order given.</summary>
    public static IReadOnlyList<InstalledPack> Order(IReadOnlyList<InstalledPack> toRemove, IEnumerable<InstalledPack> installed)
    {
        var everyone = installed.ToList();
        var chosen = toRemove.DistinctBy(p => p.Ref).ToList();
        var refs = chosen.Select(p => p.Ref).ToHashSet(StringComparer.Ordinal);
        var ordered = new List<InstalledPack>();
        var placed = new HashSet<string>(StringComparer.Ordinal);
        var visiting = new HashSet<string>(StringComparer.Ordinal);

        void Place(InstalledPack pack)
        {
            if (placed.Contains(pack.Ref) || !visiting.Add(pack.Ref))
            {
                return; // placed already, or a dependency cycle: the order within a cycle does not matter
            }

            foreach (var dependant in PackRemover.Dependants(everyone, pack).Where(refs.Contains))
            {
                Place(chosen.First(p => p.Ref == dependant));
            }

            placed.Add(pack.Ref);
            ordered.Add(pack);
        }

        foreach (var pack in chosen)
        {
            Place(pack);
        }

        return ordered;
    }

    /// <summary>The installed packs that depend on the pack (by its ref or display name) and are not themselves being removed.</summary>
    public static IReadOnlyList<string> RemainingDependants(string reference, string? name, IEnumerable<InstalledPack> installed, IReadOnlySet<string> removed) =>
        PackRemover.Dependants(installed, reference, name).Where(d => !removed.Contains(d)).ToList();
}
