namespace StackPack.Engine.IO;

/// <summary>
/// Copies a folder as it is (st2 copies a plain local pack folder with copytree): files, empty
/// folders and symbolic links, the links copied as links and never followed. A FIFO, socket or
/// device is refused, never opened (opening a FIFO blocks for ever), and so is a name .NET cannot
/// open again (not valid UTF-8). The caller checks the tree first (SafeContent); these refusals
/// only hold if the folder changes in between.
/// </summary>
public static class FolderCopy
{
    /// <exception cref="UnsafeFileException">An entry that cannot be copied safely.</exception>
    /// <exception cref="TreeTooDeepException">Folders nest deeper than any pack.</exception>
    public static void Copy(string source, string destination)
    {
        Directory.CreateDirectory(destination);
        foreach (var entry in SafeTree.Walk(source))
        {
            var target = Path.Combine(destination, entry.RelativePath);
            if (!entry.HasValidName)
            {
                throw new UnsafeFileException(entry.FullPath, "has a name that is not valid UTF-8");
            }

            switch (entry.Kind)
            {
                case FileKind.Directory:
                    Directory.CreateDirectory(target);
                    break;
                case FileKind.SymbolicLink:
                    File.CreateSymbolicLink(target, new FileInfo(entry.FullPath).LinkTarget!);
                    break;
                case FileKind.RegularFile:
                    File.Copy(entry.FullPath, target);
                    break;
                case FileKind.Special:
                    throw new UnsafeFileException(entry.FullPath, "is a FIFO, socket or device, not a regular file");
            }
        }
    }
}
