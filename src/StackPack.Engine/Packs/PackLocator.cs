using StackPack.Engine.Settings;

namespace StackPack.Engine.Packs;

/// <summary>What a scan of the packs base paths found.</summary>
public sealed record PackScanResult(
    IReadOnlyList<InstalledPack> Packs,
    IReadOnlyList<BrokenPack> Broken,
    IReadOnlyList<string> Notes);

/// <summary>
/// Finds installed packs as StackStorm's content loader does: every sub-folder of a packs
/// base path that holds a pack.yaml is a pack; base paths are searched in order and the
/// first folder of a given name wins (later copies are shadowed and noted).
/// </summary>
public static class PackLocator
{
    public static PackScanResult Scan(StackPackSettings settings)
    {
        // An install killed mid-way is finished or rolled back first, so the scan sees a whole pack.
        var notes = new List<string>(Install.InstallRecovery.SettleAllInterrupted(settings));
        var candidates = new List<(string Path, string BasePath, string DirectoryName)>();
        var claimed = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var basePath in settings.PacksBasePaths)
        {
            if (!Directory.Exists(basePath))
            {
                notes.Add($"The packs base path '{basePath}' does not exist; nothing is installed there yet.");
                continue;
            }

            foreach (var directory in Directory.EnumerateDirectories(basePath).Order(StringComparer.Ordinal))
            {
                var directoryName = System.IO.Path.GetFileName(directory);
                if (IsIgnored(directoryName) || !File.Exists(System.IO.Path.Combine(directory, PackManifestReader.FileName)))
                {
                    continue;
                }

                if (claimed.TryGetValue(directoryName, out var winner))
                {
                    notes.Add($"Pack '{directoryName}' in '{basePath}' is hidden by the one in '{winner}' (the first base path wins).");
                    continue;
                }

                claimed[directoryName] = basePath;
                candidates.Add((directory, basePath, directoryName));
            }
        }

        // Reading a pack touches several files and maybe a git repository: do packs in parallel.
        var results = new object[candidates.Count];
        Parallel.For(0, candidates.Count, i =>
        {
            var (path, basePath, directoryName) = candidates[i];
            try
            {
                results[i] = Load(path, basePath, settings);
            }
            catch (StackPackException e)
            {
                results[i] = new BrokenPack(path, directoryName, e);
            }
            catch (Exception e)
            {
                // Whatever one pack folder does to the reader (an I/O error, a file that cannot be
                // read) is that pack's problem: the other packs are still listed.
                results[i] = new BrokenPack(path, directoryName, new StackPackException("PackUnreadable", $"Cannot read the pack in '{path}': {e.Message}", path, "Check the pack folder's files (links, permissions, special files), then try again.", e));
            }
        });

        var packs = results.OfType<InstalledPack>().OrderBy(p => p.Ref, StringComparer.OrdinalIgnoreCase).ThenBy(p => p.Ref, StringComparer.Ordinal).ToList();
        var broken = results.OfType<BrokenPack>().ToList();
        return new PackScanResult(packs, broken, notes);
    }

    /// <summary>Reads one pack folder.</summary>
    /// <exception cref="InvalidPackMetadataException">Its pack.yaml is invalid.</exception>
    /// <param name="registrationState">Also work out whether its registration is current (a listing of its files; registration itself does not need it).</param>
    public static InstalledPack Load(string packPath, string basePath, StackPackSettings settings, bool registrationState = true)
    {
        var manifest = PackManifestReader.ReadPack(packPath);
        var configFile = System.IO.Path.Combine(settings.ConfigsPath, manifest.Ref + ".yaml");
        // Only registered packs pay for the fingerprint (a listing of their files).
        var registration = registrationState ? new Registration.RegistryStore(settings.StatePath).ReadSummary(manifest.Ref) : null;
        var stale = registration is not null && Registration.PackFiles.Fingerprint(packPath) != registration.Fingerprint;
        return new InstalledPack
        {
            Manifest = manifest,
            Path = packPath,
            BasePath = basePath,
            Content = PackContentCounts.Count(packPath),
            HasConfigSchema = File.Exists(System.IO.Path.Combine(packPath, "config.schema.yaml")),
            ConfigFile = File.Exists(configFile) ? configFile : null,
            Git = Git.GitCheckoutInfo.TryRead(packPath),
            RegisteredAt = registration?.RegisteredAt,
            RegistrationStale = stale,
        };
    }

    /// <summary>Folders that are never packs: hidden ones (StackPack's own staging lives there) and Python caches.</summary>
    public static bool IsIgnored(string directoryName) =>
        directoryName.StartsWith('.') || directoryName == "__pycache__";
}
