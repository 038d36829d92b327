using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;
using StackPack.Engine.IO;

namespace StackPack.Engine.Install;

/// <summary>Where an install stands, as far as a process killed at that moment must know.</summary>
public enum InstallPhase
{
    /// <summary>The old pack is in place; the virtualenv may be aside and a new one half-built.</summary>
    Prepare,

    /// <summary>The new pack is being swapped in: whether it is in place is told by the marker file in it.</summary>
    Swap,
}

/// <summary>
/// What an install is about to do to one pack, written (atomically) before each step that a kill
/// could leave half-done, so the next process can put things right: every path it will touch and
/// the phase. <see cref="Marker"/> is a file name put into the new pack's root just before the
/// swap: its presence in <see cref="Target"/> tells that the new pack is in place, on every OS,
/// whichever way the swap was done.
/// </summary>
public sealed record InstallJournalEntry
{
    public int Format { get; init; } = 1;

    public required string Ref { get; init; }

    public required InstallPhase Phase { get; init; }

    /// <summary>The pack folder (packs base/ref).</summary>
    public required string Target { get; init; }

    /// <summary>The new pack, staged in this process's staging folder.</summary>
    public required string Staged { get; init; }

    /// <summary>Where the old pack waits during a two-rename swap (a fixed name, never removed as stale).</summary>
    public required string Aside { get; init; }

    public required string Marker { get; init; }

    /// <summary>The virtualenv being rebuilt (null when it is reused or skipped).</summary>
    public string? VirtualEnv { get; init; }

    /// <summary>Where the previous virtualenv waits while the new one is built (null when there was none).</summary>
    public string? VirtualEnvBackup { get; init; }
}

/// <summary>
/// The journal files: &lt;state&gt;/locks/&lt;ref&gt;.install.json, beside the pack lock, written and
/// removed only by the holder of that lock. A journal found by a process that holds the lock
/// belongs to an install that ended without finishing (killed, or its rollback failed).
/// </summary>
public static partial class InstallJournal
{
    public const string Extension = ".install.json";

    /// <summary>The name of the fixed aside folder for a pack, inside its base's staging root.</summary>
    public static string AsideFor(string target, string reference) =>
        Path.Combine(Path.GetDirectoryName(target)!, StagingArea.FolderName, reference + StagingArea.AsideSuffix);

    public static string NewMarker() => $".stackpack-install-{Guid.NewGuid():N}";

    public static string PathFor(string locksFolder, string reference) => Path.Combine(locksFolder, reference + Extension);

    public static void Write(string locksFolder, InstallJournalEntry entry) =>
        AtomicFile.WriteAllText(PathFor(locksFolder, entry.Ref), JsonSerializer.Serialize(entry, Options));

    public static void Delete(string locksFolder, string reference) => File.Delete(PathFor(locksFolder, reference));

    /// <summary>The refs with a journal (for the scan); nothing when the locks folder does not exist.</summary>
    public static IReadOnlyList<string> Pending(string locksFolder) =>
        !Directory.Exists(locksFolder)
            ? []
            : Directory.EnumerateFiles(locksFolder, "*" + Extension)
                .Select(f => Path.GetFileName(f)[..^Extension.Length])
                .Where(r => RefPattern().IsMatch(r))
                .Order(StringComparer.Ordinal)
                .ToList();

    /// <summary>The journal of a pack, or null when there is none.</summary>
    /// <param name="virtualEnvsFolder">Where this installation keeps virtualenvs: every path must be where an install of this ref puts it.</param>
    /// <exception cref="StackPackException">InstallFailed when it cannot be read or names paths no install would use.</exception>
    public static InstallJournalEntry? Read(string locksFolder, string reference, string virtualEnvsFolder)
    {
        var path = PathFor(locksFolder, reference);
        if (!File.Exists(path))
        {
            return null;
        }

        InstallJournalEntry? entry;
        try
        {
            entry = JsonSerializer.Deserialize<InstallJournalEntry>(SafeFile.ReadAllText(path, 1024 * 1024, followLinks: false), Options);
        }
        catch (Exception e) when (e is JsonException or IOException or UnauthorizedAccessException)
        {
            throw Unusable(path, reference, e.Message, e);
        }

        // The journal decides what gets deleted: only the paths an install of this ref would use.
        var problem = entry is null ? "it is empty" : Validate(entry, reference, virtualEnvsFolder);
        return problem is null ? entry : throw Unusable(path, reference, problem, null);
    }

    private static string? Validate(InstallJournalEntry entry, string reference, string virtualEnvsFolder)
    {
        // The pack folder may be in any packs base path (an upgrade stays where the pack is), and
        // its name need not be the ref; the new pack is staged in some base's staging folder.
        var stagingRoot = Path.GetDirectoryName(Path.GetDirectoryName(entry.Staged) ?? string.Empty);
        var backupPrefix = Path.Combine(virtualEnvsFolder, $".{reference}.previous-");
        return entry.Format != 1 ? $"format {entry.Format} is not known"
            : entry.Ref != reference || !Path.IsPathFullyQualified(entry.Target) ? "its pack does not match its name"
            : !Path.IsPathFullyQualified(entry.Staged) || Path.GetFileName(stagingRoot) != StagingArea.FolderName
                || entry.Staged.Split(Path.DirectorySeparatorChar).Contains("..") ? "its staged folder is outside a staging folder"
            : entry.Aside != AsideFor(entry.Target, reference) ? "its aside folder is not the pack's"
            : !MarkerPattern().IsMatch(entry.Marker) ? "its marker name is invalid"
            : entry.VirtualEnv is not null && entry.VirtualEnv != Path.Combine(virtualEnvsFolder, reference) ? "its virtualenv is not the pack's"
            : entry.VirtualEnvBackup is not null && (entry.VirtualEnv is null || !entry.VirtualEnvBackup.StartsWith(backupPrefix, StringComparison.Ordinal)
                || Path.GetDirectoryName(entry.VirtualEnvBackup) != virtualEnvsFolder) ? "its virtualenv backup is not the pack's"
            : null;
    }

    private static StackPackException Unusable(string path, string reference, string why, Exception? inner) =>
        new("InstallFailed", $"The journal of an interrupted install of pack '{reference}' ('{path}') cannot be used: {why}.", path,
            $"Check the pack folder and virtualenv of '{reference}' by hand, delete '{path}', then install the pack again.", inner);

    private static readonly JsonSerializerOptions Options = new()
    {
        WriteIndented = true,
        Converters = { new JsonStringEnumConverter() },
    };

    [GeneratedRegex(@"\A[a-z0-9_]+\z")]
    private static partial Regex RefPattern();

    [GeneratedRegex(@"\A\.stackpack-install-[0-9a-f]{32}\z")]
    private static partial Regex MarkerPattern();
}
