using StackPack.Engine.IO;

namespace StackPack.Engine.Settings;

/// <summary>
/// st2.conf's [content] packs_base_paths, split exactly as st2's get_packs_base_paths splits it
/// (st2common/content/utils.py): on ':' whatever the operating system (st2 never uses
/// os.pathsep), entries kept as written (no trimming), empty entries dropped, duplicates dropped
/// keeping the first, the system packs path always first. The one addition: on Windows a
/// one-letter entry followed by one starting with a slash is rejoined into a drive path
/// ("C" + "\packs" is "C:\packs"), since st2 never had to read a Windows path.
/// </summary>
public static class St2PathList
{
    public static IReadOnlyList<string> PacksBasePaths(string systemPacksPath, string? packsBasePaths, bool windows)
    {
        var entries = (packsBasePaths ?? string.Empty).Split(':').ToList();
        if (windows)
        {
            entries = RejoinDrives(entries);
        }

        var result = new List<string>();
        foreach (var entry in entries.Prepend(systemPacksPath))
        {
            // Duplicates follow the OS's case rules: on Windows and macOS /A and /a are one folder.
            if (entry.Length > 0 && !result.Contains(entry, PathRules.Comparer))
            {
                result.Add(entry);
            }
        }

        return result;
    }

    private static List<string> RejoinDrives(List<string> entries)
    {
        var joined = new List<string>();
        for (var i = 0; i < entries.Count; i++)
        {
            var entry = entries[i];
            if (entry.Length == 1 && char.IsAsciiLetter(entry[0]) && i + 1 < entries.Count && entries[i + 1].Length > 0 && entries[i + 1][0] is '\\' or '/')
            {
                joined.Add(entry + ":" + entries[++i]);
            }
            else
            {
                joined.Add(entry);
            }
        }

        return joined;
    }
}
