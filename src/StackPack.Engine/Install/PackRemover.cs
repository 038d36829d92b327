using StackPack.Engine.IO;
using StackPack.Engine.Packs;
using StackPack.Engine.Settings;
using StackPack.Engine.Sources;

namespace StackPack.Engine.Install;

/// <summary>How to remove a pack.</summary>
public sealed record RemoveOptions
{
    public bool KeepVirtualEnv { get; init; }

    public bool RemoveConfig { get; init; }

    public TimeSpan LockTimeout { get; init; } = TimeSpan.FromMinutes(5);
}

/// <summary>
/// Removes packs: the folder disappears in one rename (no half-deleted pack is ever visible)
/// and is deleted after; the virtualenv goes too unless kept; configs/&lt;ref&gt;.yaml stays unless
/// asked. System packs and packs others depend on are refused unless forced (the cmdlet decides).
/// </summary>
public static class PackRemover
{
    public const string TrashFolder = ".stackpack-trash";

    /// <summary>The installed packs whose dependencies name <paramref name="pack"/>.</summary>
    public static IReadOnlyList<string> Dependants(IEnumerable<InstalledPack> installed, InstalledPack pack) =>
        Dependants(installed, pack.Ref, pack.Manifest.Name);

    /// <summary>The installed packs (other than <paramref name="reference"/> itself) whose dependencies name the ref or the display name.</summary>
    public static IReadOnlyList<string> Dependants(IEnumerable<InstalledPack> installed, string reference, string? name) =>
        installed.Where(p => p.Ref != reference && p.Manifest.Dependencies.Any(d =>
                string.Equals(DependencyName.Of(d), reference, StringComparison.OrdinalIgnoreCase) ||
                (name is not null && string.Equals(DependencyName.Of(d), name, StringComparison.OrdinalIgnoreCase))))
            .Select(p => p.Ref)
            .Order(StringComparer.Ordinal)
            .ToList();

    public static void Remove(StackPackSettings settings, InstalledPack pack, RemoveOptions options, CancellationToken cancellation)
    {
        using var packLock = PackLock.Acquire(settings.LocksPath, pack.Ref, options.LockTimeout, cancellation);
        // An interrupted install's journal is settled first: left pending, its rollback would put
        // the removed pack back on the next run. One that cannot be settled refuses the removal.
        InstallRecovery.SettleInterrupted(settings, pack.Ref);
        MoveAndDelete(pack.Path, pack.BasePath, pack.Ref);
        RemoveState(settings, pack.Ref, options);
    }

    /// <summary>
    /// Removes a pack folder whose pack.yaml cannot be read, by its folder name. The folder goes as
    /// any pack's does. What StackPack keeps by ref (virtualenv, registration, install record, and
    /// the config when asked) goes with it under the folder name, the ref st2 installs a pack
    /// under, unless a readable pack has that ref: then it is that pack's, and stays.
    /// </summary>
    public static void RemoveUnreadable(StackPackSettings settings, BrokenPack pack, IEnumerable<InstalledPack> installed, RemoveOptions options, CancellationToken cancellation)
    {
        var basePath = Path.GetDirectoryName(pack.Path)!;
        if (!PackRules.IsValidRef(pack.DirectoryName))
        {
            // No ref can be this folder's name, so no StackPack process locks or keeps state under it.
            MoveAndDelete(pack.Path, basePath, "unreadable");
            return;
        }

        using var packLock = PackLock.Acquire(settings.LocksPath, pack.DirectoryName, options.LockTimeout, cancellation);
        InstallRecovery.SettleInterrupted(settings, pack.DirectoryName);
        MoveAndDelete(pack.Path, basePath, pack.DirectoryName);
        // The state stays when it may be another pack's: a readable pack with that ref, or a folder
        // of that name in another packs path (a copy this broken one shadowed, which the scan hid).
        var shadowed = settings.PacksBasePaths.Any(other =>
            !PathRules.Comparer.Equals(Path.GetFullPath(other), Path.GetFullPath(basePath)) && Directory.Exists(Path.Combine(other, pack.DirectoryName)));
        if (!shadowed && !installed.Any(p => string.Equals(p.Ref, pack.DirectoryName, StringComparison.Ordinal)))
        {
            RemoveState(settings, pack.DirectoryName, options);
        }
    }

    /// <summary>The folder disappears in one rename into the base path's trash (no half-deleted pack is ever visible), then is deleted.</summary>
    private static void MoveAndDelete(string packPath, string basePath, string label)
    {
        if (Directory.Exists(packPath))
        {
            var trash = Path.Combine(basePath, TrashFolder, $"{label}-{Guid.NewGuid():N}");
            Directory.CreateDirectory(Path.GetDirectoryName(trash)!);
            Directory.Move(packPath, trash);
            SafeTree.TryDelete(trash);
            SafeTree.TryDeleteEmptyFolder(Path.GetDirectoryName(trash)!);
        }
    }

    /// <summary>Virtualenv, registration and install record, and the config when asked; under the pack lock, so no registration can slip in between.</summary>
    private static void RemoveState(StackPackSettings settings, string reference, RemoveOptions options)
    {
        if (!options.KeepVirtualEnv)
        {
            SafeTree.TryDelete(Path.Combine(settings.VirtualEnvsPath, reference));
        }

        new Registration.RegistryStore(settings.StatePath).Delete(reference);
        new InstallRecordStore(settings.StatePath).Delete(reference);

        if (options.RemoveConfig)
        {
            var config = Path.Combine(settings.ConfigsPath, reference + ".yaml");
            if (File.Exists(config))
            {
                File.Delete(config);
            }
        }
    }
}
