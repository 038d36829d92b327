using StackPack.Engine.Git;
using StackPack.Engine.Install;
using StackPack.Engine.Packs;
using StackPack.Engine.Sources;

namespace StackPack.Engine.PackSets;

/// <summary>What applying a pack set means in install requests, and which packs -Exact removes.</summary>
public static class PackSetApply
{
    /// <summary>
    /// One request per pack, at its commit when the set has one (byte-identical on every node),
    /// else at the version asked. An index recorded without credentials is matched with the
    /// configured index of the same address, so the configured credentials still apply.
    /// </summary>
    /// <param name="indexUrls">-IndexUrl: the indexes for packs whose entry names none (null: the configured ones).</param>
    public static IReadOnlyList<InstallRequest> Requests(PackSet set, IReadOnlyList<string> configuredIndexes, IReadOnlyList<string>? indexUrls = null) =>
        set.Packs.Select(p => new InstallRequest(p.Source, p.Wanted, p.IndexUrl is null ? indexUrls : [Configured(p.IndexUrl, configuredIndexes)])).ToList();

    private static string Configured(string indexUrl, IReadOnlyList<string> configuredIndexes) =>
        configuredIndexes.FirstOrDefault(c => CredentialRedactor.RedactUrl(c) == indexUrl) ?? indexUrl;

    /// <summary>
    /// The installed packs -Exact removes, dependants first: every pack neither named by the set
    /// nor kept by the install (a dependency of a pack in the set), never a system pack.
    /// </summary>
    public static IReadOnlyList<InstalledPack> Extras(PackSet set, IEnumerable<string> kept, PackScanResult installed)
    {
        var keep = set.Packs.Select(p => p.Ref).Concat(kept).ToHashSet(StringComparer.Ordinal);

        // An unchanged pack's dependencies are not in the plan: the installed pack.yaml names them.
        var byRef = installed.Packs.ToDictionary(p => p.Ref, StringComparer.Ordinal);
        var pending = new Queue<string>(keep);
        while (pending.TryDequeue(out var reference))
        {
            foreach (var dependency in byRef.GetValueOrDefault(reference)?.Manifest.Dependencies ?? [])
            {
                if (keep.Add(DependencyName.Of(dependency)))
                {
                    pending.Enqueue(DependencyName.Of(dependency));
                }
            }
        }

        var extras = installed.Packs.Where(p => !p.IsSystem && !keep.Contains(p.Ref)).ToList();
        return RemovalOrder.Order(extras, installed.Packs);
    }
}
