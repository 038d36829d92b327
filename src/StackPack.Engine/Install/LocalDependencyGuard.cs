using StackPack.Engine.Sources;

namespace StackPack.Engine.Install;

/// <summary>
/// Refuses a local-path dependency (/tmp/x, ./x, ~/x, file://…) named by a pack whose content
/// came from someone else: a git clone (a URL, or a folder that is a git repository) or an index.
/// Such a pack.yaml could otherwise make StackPack, running as root, copy any folder on the
/// machine into the packs path. A plain folder the user installed is the user's own content, so
/// its local-path dependencies are followed as before. -Force installs anyway, with a warning.
/// </summary>
internal static class LocalDependencyGuard
{
    /// <returns>The warning -Force leaves on the dependant, or null.</returns>
    /// <exception cref="PlanRefusedException">InvalidPackSource: nothing may be installed.</exception>
    public static string? Check(PlannedPack dependant, string dependency, InstallOptions options)
    {
        if (dependant.Source is not { } source || !IsFetched(source) || !NamesLocalFolder(dependency, options.BaseDirectory))
        {
            return null;
        }

        var shown = Git.CredentialRedactor.RedactUrl(dependency);
        var message = $"Pack '{dependant.Ref}' (fetched from {dependant.SourceDisplay}) lists the local path '{shown}' as a dependency; a fetched pack may only name index packs (name, name=version) or remote git URLs.";
        if (!options.Force)
        {
            throw new PlanRefusedException("InvalidPackSource", message + " Nothing was installed.", dependant.Ref,
                "Install that folder yourself first if you trust it, ask the pack's author to name an index pack or a git URL, or use -Force to follow it anyway.");
        }

        return message + " Followed anyway (-Force).";
    }

    /// <summary>A clone or an index download: anything but a plain folder (copied as the user gave it).</summary>
    private static bool IsFetched(PackSource source) =>
        source.Kind != PackSourceKind.LocalFolder || PackOrigin.IsGitSource(source, source.Location!);

    private static bool NamesLocalFolder(string dependency, string baseDirectory)
    {
        try
        {
            return PackSource.Parse(dependency, null, baseDirectory).Kind == PackSourceKind.LocalFolder;
        }
        catch (StackPackException)
        {
            return false; // not a source at all: the planner reports it as InvalidPackSource on its own
        }
    }
}
