using StackPack.Engine.Packs;
using StackPack.Engine.Sources;
using StackPack.Engine.Versions;

namespace StackPack.Engine.Install;

/// <summary>
/// Pins are kept across the installed set, not only inside one plan: a pack that stays installed
/// and pins "aws=2.0.1" must not find aws moved to 2.0.0 by a later install or update (st2 would
/// then run it against a version it was never made for).
/// </summary>
public static class InstalledPins
{
    /// <summary>The version pins in a pack.yaml's dependencies, by the pack they name (branch and commit pins included).</summary>
    public static IEnumerable<(string Name, string Version)> Of(PackManifest manifest) =>
        manifest.Dependencies
            .Select(entry => (Name: DependencyName.Of(entry), SourceText.SplitVersion(entry.Trim()).Version))
            .Where(pin => !string.IsNullOrEmpty(pin.Version))
            .Select(pin => (pin.Name, pin.Version!));

    /// <summary>
    /// Finds, for each pack the plan changes, an installed pack that stays as it is and pins it to
    /// another version. Branch and commit pins cannot be compared with a pack.yaml version and are
    /// left to the pack that made them.
    /// </summary>
    public static IEnumerable<(PlannedPack Changed, InstalledPack Dependant, string Pin)> Violations(
        IReadOnlyCollection<PlannedPack> plan, IReadOnlyDictionary<string, InstalledPack> installed)
    {
        var planned = plan.Where(p => p.Failure is null).GroupBy(p => p.Ref, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        foreach (var dependant in installed.Values)
        {
            if (planned.TryGetValue(dependant.Ref, out var replaced) && !replaced.StaysInstalled)
            {
                continue; // its new pack.yaml's pins were checked while planning
            }

            foreach (var (name, pin) in Of(dependant.Manifest))
            {
                if (planned.TryGetValue(name, out var changed) && !changed.StaysInstalled && changed.Manifest is { } manifest
                    && PackVersion.TryParseSemantic(pin, out var wanted) && !wanted.Equals(PackVersion.Parse(manifest.Version)))
                {
                    yield return (changed, dependant, pin);
                }
            }
        }
    }
}
