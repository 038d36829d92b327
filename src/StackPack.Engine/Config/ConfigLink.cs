using StackPack.Engine.IO;

namespace StackPack.Engine.Config;

/// <summary>
/// Where Set-PackConfig writes when &lt;configs&gt;/&lt;ref&gt;.yaml is a symbolic link (some hosts link
/// configs kept elsewhere). Replacing the link with a regular file would leave its target stale,
/// and writing wherever a link points would let anyone who can plant a link in the configs folder
/// make a root process overwrite any file. So the write goes through only to a regular file
/// inside the configs folder itself (judged on the real file system, link by link); anything
/// else is ConfigLinkRefused.
/// </summary>
public static class ConfigLink
{
    /// <returns>The file to replace: <paramref name="path"/> itself unless it is a link.</returns>
    /// <exception cref="StackPackException">ConfigLinkRefused.</exception>
    public static string WriteTarget(string path)
    {
        var full = Path.GetFullPath(path);
        if (FileSystemProbe.Lstat(full).Kind != FileKind.SymbolicLink)
        {
            return path;
        }

        var folder = Path.GetDirectoryName(full)!;
        var verdict = LinkConfinement.Judge(folder, Path.GetFileName(full));
        var linkTarget = new FileInfo(full).LinkTarget;
        if (!verdict.Inside)
        {
            throw Refused(path, linkTarget, $"it leads outside the configs folder ({verdict.Link} {verdict.Reason})");
        }

        var target = Path.Combine(folder, verdict.Resolved!);
        return FileSystemProbe.Lstat(target).Kind switch
        {
            FileKind.RegularFile => target,
            FileKind.Missing => throw Refused(path, linkTarget, "its target does not exist"),
            _ => throw Refused(path, linkTarget, "its target is not a regular file"),
        };
    }

    private static StackPackException Refused(string path, string? linkTarget, string why) =>
        new("ConfigLinkRefused", $"The config '{path}' is a symbolic link to '{linkTarget}', and {why}: StackPack writes through a config link only to a regular file in the configs folder. Nothing was written.",
            path, "Replace the link with the config file itself (or point it at a regular file in the configs folder), then try again.");
}
