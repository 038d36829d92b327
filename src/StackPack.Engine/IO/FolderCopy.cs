namespace StackPack.Engine.IO;

/// <summary>Copies a folder as it is (st2 copies a plain local pack folder with copytree): files, empty folders and symbolic links.</summary>
public static class FolderCopy
{
    public static void Copy(string source, string destination)
    {
        Directory.CreateDirectory(destination);
        foreach (var entry in new DirectoryInfo(source).EnumerateFileSystemInfos())
        {
            var target = Path.Combine(destination, entry.Name);
            if (entry.LinkTarget is { } linkTarget)
            {
                // Kept as a link; SafeContent then refuses it if it points outside the pack.
                if (entry is DirectoryInfo)
                {
                    Directory.CreateSymbolicLink(target, linkTarget);
                }
                else
                {
                    File.CreateSymbolicLink(target, linkTarget);
                }
            }
            else if (entry is DirectoryInfo directory)
            {
                Copy(directory.FullName, target);
            }
            else
            {
                File.Copy(entry.FullName, target);
            }
        }
    }
}
