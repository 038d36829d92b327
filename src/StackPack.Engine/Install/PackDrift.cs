using LibGit2Sharp;
using StackPack.Engine.Packs;
using StackPack.Engine.Settings;
using StackPack.Engine.VirtualEnvs;

namespace StackPack.Engine.Install;

/// <summary>
/// How an installed pack that is at the planned commit differs from what it should be: its
/// virtualenv (missing, or built from another requirements.txt) and files that differ from the
/// commit (local edits). The first is repaired; local edits are only reported, since they may be
/// someone's work: -Force discards them by reinstalling.
/// </summary>
public sealed record PackDrift(IReadOnlyList<string> Repairs, IReadOnlyList<string> LocalEdits)
{
    private const int MaxListed = 20;

    public static PackDrift Inspect(InstalledPack installed, StackPackSettings settings, bool skipVirtualEnv)
    {
        var repairs = new List<string>();
        if (!skipVirtualEnv)
        {
            switch (VirtualEnvManager.StateOf(installed.Path, installed.Ref, settings.VirtualEnvsPath, settings.PythonBinary))
            {
                case VirtualEnvState.Missing:
                    repairs.Add("virtualenv missing: rebuilt");
                    break;
                case VirtualEnvState.Stale:
                    repairs.Add("virtualenv not built from the current requirements.txt: rebuilt");
                    break;
            }
        }

        return new PackDrift(repairs, installed.Git is null ? [] : LocalEditsOf(installed.Path));
    }

    /// <summary>
    /// Tracked files changed or deleted and untracked files added since the commit, as git status
    /// sees them (lstat: a link is compared as a link, never followed). Python's bytecode caches
    /// are not edits: the pack's own code writes them when it runs.
    /// </summary>
    public static IReadOnlyList<string> LocalEditsOf(string packPath)
    {
        try
        {
            using var repository = new Repository(packPath);
            var status = repository.RetrieveStatus(new StatusOptions { IncludeUntracked = true, RecurseUntrackedDirs = true, IncludeIgnored = false });
            var edits = status
                .Where(e => e.State != FileStatus.Unaltered && e.State != FileStatus.Ignored && !IsBytecode(e.FilePath))
                .Select(e => $"{e.FilePath} ({Describe(e.State)})")
                .Order(StringComparer.Ordinal)
                .ToList();
            return edits.Count <= MaxListed ? edits : [.. edits.Take(MaxListed), $"and {edits.Count - MaxListed} more"];
        }
        catch (LibGit2SharpException)
        {
            return []; // a damaged repository: its files cannot be compared, the pack itself may still work
        }
    }

    private static bool IsBytecode(string path) =>
        path.EndsWith(".pyc", StringComparison.Ordinal) || path.Contains("__pycache__/", StringComparison.Ordinal);

    private static string Describe(FileStatus state) =>
        state.HasFlag(FileStatus.NewInWorkdir) ? "added" : state.HasFlag(FileStatus.DeletedFromWorkdir) ? "deleted" : "modified";
}
