namespace StackPack.Engine.Install;

/// <summary>Refuses packs that could reach outside their own folder once installed.</summary>
public static class SafeContent
{
    /// <exception cref="StackPackException">UnsafePackContent.</exception>
    public static void Check(string packFolder, string reference)
    {
        var root = Path.GetFullPath(packFolder).TrimEnd(Path.DirectorySeparatorChar) + Path.DirectorySeparatorChar;
        foreach (var entry in new DirectoryInfo(packFolder).EnumerateFileSystemInfos("*", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = 0 }))
        {
            if (entry.LinkTarget is not { } target)
            {
                continue;
            }

            var resolved = Path.GetFullPath(target, Path.GetDirectoryName(entry.FullName)!);
            if (!resolved.StartsWith(root, StringComparison.Ordinal))
            {
                throw new StackPackException("UnsafePackContent", ErrorKind.InvalidData,
                    $"Pack '{reference}' contains a symbolic link that points outside the pack: {Path.GetRelativePath(packFolder, entry.FullName)} -> {target}.", reference,
                    "Remove the link from the pack (or make it point inside the pack), then install again.");
            }
        }
    }
}
