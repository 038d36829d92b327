namespace StackPack.Engine.Install;

/// <summary>
/// -Destination names a packs path, but the pack may already be installed in another one: the
/// plan would then answer Unchanged (or replace nothing) with a Path under the destination
/// where no pack is. Such a step fails, naming both paths, unless -Force asks for a second copy
/// at the destination (st2 loads the first one its packs_base_paths list finds).
/// </summary>
public static class DestinationGuard
{
    public static IReadOnlyList<PlannedPack> Apply(IReadOnlyList<PlannedPack> plan, InstallOptions options) =>
        options.Destination is null ? plan : plan.Select(step => Check(step, options)).ToList();

    private static PlannedPack Check(PlannedPack step, InstallOptions options)
    {
        if (step.Failure is not null || step.Installed is not { } installed || SamePath(installed.Path, step.TargetPath))
        {
            return step; // not installed, or installed right there (a dependency left where it is keeps its own path)
        }

        if (options.Force)
        {
            // A fresh copy at the destination (-Force fetched it even when the commit is the same).
            return step with { Installed = null, Action = InstallAction.Installed };
        }

        PackInstaller.Skip(step);
        return step with
        {
            StagedPath = null,
            Failure = new StackPackException("PackInstalledElsewhere", $"Pack '{step.Ref}' is installed at '{installed.Path}', not at '{step.TargetPath}' where -Destination asks for it. Nothing was installed for it.", step.Ref,
                $"Install without -Destination to change the copy at '{installed.Path}', remove that copy first, or use -Force to install a second copy at '{step.TargetPath}'."),
        };
    }

    private static bool SamePath(string a, string b) =>
        string.Equals(Path.TrimEndingDirectorySeparator(Path.GetFullPath(a)), Path.TrimEndingDirectorySeparator(Path.GetFullPath(b)),
            OperatingSystem.IsWindows() ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal);
}
