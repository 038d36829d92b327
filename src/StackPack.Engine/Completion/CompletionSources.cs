using LibGit2Sharp;
using StackPack.Engine.Index;
using StackPack.Engine.Packs;
using StackPack.Engine.Settings;
using StackPack.Engine.Versions;

namespace StackPack.Engine.Completion;

/// <summary>
/// What Tab completion may offer, from local state only: installed pack folders, the index
/// copies already cached (never a download: completion must answer at once and offline) and
/// the tags of installed git checkouts. Every failure means "nothing to offer", never an error.
/// </summary>
public static class CompletionSources
{
    /// <summary>The installed pack refs (their folder names, as st2 lays them out) that start with a prefix.</summary>
    public static IReadOnlyList<string> InstalledRefs(StackPackSettings settings, string prefix) =>
        InstalledFolders(settings).Select(f => f.Ref).Where(r => StartsWith(r, prefix)).Distinct(StringComparer.Ordinal)
            .Order(StringComparer.OrdinalIgnoreCase).ToList();

    /// <summary>The folder of an installed pack (the first base path wins), or null.</summary>
    public static string? InstalledPath(StackPackSettings settings, string reference) =>
        InstalledFolders(settings).FirstOrDefault(f => string.Equals(f.Ref, reference, StringComparison.OrdinalIgnoreCase)).Path;

    /// <summary>The pack names of the cached copies of the indexes that start with a prefix.</summary>
    public static IReadOnlyList<string> IndexNames(StackPackSettings settings, IReadOnlyList<string>? indexUrls, string baseDirectory, string prefix) =>
        CachedEntries(settings, indexUrls, baseDirectory).Select(e => e.Name).Where(n => StartsWith(n, prefix))
            .Distinct(StringComparer.Ordinal).Order(StringComparer.OrdinalIgnoreCase).ToList();

    /// <summary>
    /// The versions of a pack, newest first: those the cached index lists, then the tags of the
    /// installed git checkout (as written, so "v1.2.0" stays what Install-Pack -Version takes).
    /// </summary>
    public static IReadOnlyList<string> Versions(StackPackSettings settings, IReadOnlyList<string>? indexUrls, string baseDirectory, string pack)
    {
        var versions = new List<string>();
        var entry = CachedEntries(settings, indexUrls, baseDirectory).FirstOrDefault(e => string.Equals(e.Name, pack, StringComparison.OrdinalIgnoreCase));
        if (entry is not null)
        {
            versions.AddRange(entry.Versions);
        }

        var path = InstalledPath(settings, pack);
        if (path is not null)
        {
            versions.AddRange(Tags(path));
        }

        return versions.Distinct(StringComparer.Ordinal).ToList();
    }

    /// <summary>The tags of a git checkout, newest version first; nothing when it is not one.</summary>
    public static IReadOnlyList<string> Tags(string packPath)
    {
        if (!Directory.Exists(Path.Combine(packPath, ".git")))
        {
            return [];
        }

        try
        {
            using var repository = new Repository(packPath);
            return repository.Tags.Select(t => t.FriendlyName)
                .OrderByDescending(t => PackVersion.TryParseSemantic(t, out var v) ? v : null)
                .ThenBy(t => t, StringComparer.Ordinal).ToList();
        }
        catch (LibGit2SharpException)
        {
            return [];
        }
    }

    private static IEnumerable<(string Ref, string Path)> InstalledFolders(StackPackSettings settings)
    {
        foreach (var basePath in settings.PacksBasePaths)
        {
            IEnumerable<DirectoryInfo> folders;
            try
            {
                folders = new DirectoryInfo(basePath).Exists ? new DirectoryInfo(basePath).EnumerateDirectories().ToList() : [];
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                continue;
            }

            foreach (var folder in folders)
            {
                // A link in a packs path is not a pack StackPack installed; never follow one.
                if (folder.LinkTarget is null && !PackLocator.IsIgnored(folder.Name) && File.Exists(Path.Combine(folder.FullName, PackManifestReader.FileName)))
                {
                    yield return (folder.Name, folder.FullName);
                }
            }
        }
    }

    private static IEnumerable<IndexPackEntry> CachedEntries(StackPackSettings settings, IReadOnlyList<string>? indexUrls, string baseDirectory)
    {
        var sources = indexUrls is { Count: > 0 } ? indexUrls.SelectMany(SettingsResolver.SplitList).ToList() : settings.IndexUrls;
        var store = new IndexCacheStore(settings.IndexCachePath);
        foreach (var source in sources)
        {
            // A local index is a file already here; a remote one only counts when a copy is cached.
            var path = PackIndexLoader.TryLocalPath(source, baseDirectory, out var local) ? local
                : store.Read(source) is not null ? store.ContentPath(source) : null;
            IndexDocument? document = null;
            try
            {
                document = path is not null && File.Exists(path)
                    ? ParsedIndexCache.Load(path, Git.CredentialRedactor.RedactUrl(source), settings.IndexMaxBytes, settings.IndexCachePath)
                    : null;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or IndexFormatException or IndexFetchException)
            {
                // An unreadable cache offers nothing; Find-Pack reports the problem when it is run.
            }

            if (document is not null)
            {
                foreach (var entry in document.Packs)
                {
                    yield return entry;
                }
            }
        }
    }

    private static bool StartsWith(string value, string prefix) => value.StartsWith(prefix, StringComparison.OrdinalIgnoreCase);
}
