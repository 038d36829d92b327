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
        installed.Where(p => p.Ref != pack.Ref && p.Manifest.Dependencies.Any(d =>
                string.Equals(DependencyName.Of(d), pack.Ref, StringComparison.OrdinalIgnoreCase) ||
                string.Equals(DependencyName.Of(d), pack.Manifest.Name, StringComparison.OrdinalIgnoreCase)))
            .Select(p => p.Ref)
            .Order(StringComparer.Ordinal)
            .ToList();

    public static void Remove(StackPackSettings settings, InstalledPack pack, RemoveOptions options, CancellationToken cancellation)
    {
        using var packLock = PackLock.Acquire(Path.Combine(settings.StatePath, "locks"), pack.Ref, options.LockTimeout, cancellation);
        if (Directory.Exists(pack.Path))
        {
            var trash = Path.Combine(pack.BasePath, TrashFolder, $"{pack.Ref}-{Guid.NewGuid():N}");
            Directory.CreateDirectory(Path.GetDirectoryName(trash)!);
            Directory.Move(pack.Path, trash);
            SafeTree.TryDelete(trash);
            SafeTree.TryDeleteEmptyFolder(Path.GetDirectoryName(trash)!);
        }

        if (!options.KeepVirtualEnv)
        {
            SafeTree.TryDelete(Path.Combine(settings.VirtualEnvsPath, pack.Ref));
        }

        // Unregistered under the same lock, so no registration can slip in between.
        new Registration.RegistryStore(settings.StatePath).Delete(pack.Ref);
        new InstallRecordStore(settings.StatePath).Delete(pack.Ref);

        if (options.RemoveConfig)
        {
            var config = Path.Combine(settings.ConfigsPath, pack.Ref + ".yaml");
            if (File.Exists(config))
            {
                File.Delete(config);
            }
        }
    }

}
