using StackPack.Engine.Install;
using StackPack.Engine.Packs;

namespace StackPack.Engine.PackSets;

/// <summary>Describes installed packs as a pack set: how each was asked for, at the exact commit it is at now.</summary>
public static class PackSetExport
{
    /// <summary>Dependencies before the packs that need them, so the set reads (and applies) in install order.</summary>
    public static PackSet From(IReadOnlyList<InstalledPack> packs, IEnumerable<InstalledPack> installed, InstallRecordStore records)
    {
        var ordered = RemovalOrder.Order(packs, installed).Reverse();
        return new PackSet(ordered.Select(p => Entry(p, records.Read(p.Ref))).ToList());
    }

    private static PackSetEntry Entry(InstalledPack pack, InstallRecord? record)
    {
        // A record says how the pack was asked for; without one (installed by an older StackPack
        // or by st2 itself) the checkout's origin and tag are the next best thing.
        var source = record?.Source ?? pack.Git?.Origin ?? pack.Path;
        var version = record is null ? pack.Git?.Tag ?? pack.Git?.Branch : record.Version;
        return new PackSetEntry(pack.Ref, source, record?.IndexUrl, version, pack.Git?.Commit);
    }
}
