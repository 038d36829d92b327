using StackPack.Engine.IO;
using StackPack.Engine.Packs;

namespace StackPack.Engine.Testing;

/// <summary>A .yaml, .yml, .json or example config file the walk found, as a regular file of this size.</summary>
public sealed record StructuredPackFile(string FullPath, string RelativePath, long Size)
{
    public bool IsJson => FullPath.EndsWith(".json", StringComparison.OrdinalIgnoreCase);
}

/// <summary>
/// Lists the files of a pack that Test-Pack parses, with <see cref="SafeTree"/>: links are
/// never followed (a link to /etc or a loop is only an entry; one that leaves the pack, or a name
/// that is not UTF-8, is UnsafePackContent, as Install-Pack judges it), .git is not entered, FIFOs and
/// devices are never opened, and a folder that cannot be listed or nests too deep is a problem
/// on that folder instead of the end of the test.
/// </summary>
public static class PackFileWalker
{
    /// <summary>The problem id of content Install-Pack refuses; the test then reads no file of the pack but the regular files it found.</summary>
    public const string UnsafeId = "UnsafePackContent";

    private static readonly string[] s_extensions = [".yaml", ".yml", ".json", ".yaml.example", ".yml.example"];

    public static (List<StructuredPackFile> Files, List<PackTestProblem> Problems) Walk(string packPath)
    {
        var files = new List<StructuredPackFile>();
        var problems = new List<PackTestProblem>();
        try
        {
            foreach (var entry in SafeTree.Walk(packPath, skipDirectory: folder => Skip(folder, problems)))
            {
                // What Install-Pack refuses fails the test, on any file (a FIFO keeps its own id below).
                if (entry.Kind != FileKind.Special && Install.SafeContent.Judge(packPath, entry) is { } refused)
                {
                    problems.Add(Problem(ProblemSeverity.Error, Relative(entry.RelativePath), UnsafeId, $"is refused by Install-Pack: the pack {refused.What}.", refused.Fix));
                    continue;
                }

                if (!IsStructured(entry.RelativePath))
                {
                    continue;
                }

                var relative = Relative(entry.RelativePath);
                if (!entry.HasValidName)
                {
                    problems.Add(Problem(ProblemSeverity.Warning, relative, "PackFileNameInvalid", "has a name that is not valid UTF-8, so it cannot be opened to be checked.", "Rename it."));
                }
                else if (entry.Kind == FileKind.RegularFile)
                {
                    files.Add(new StructuredPackFile(entry.FullPath, relative, entry.Size));
                }
                else if (entry.Kind == FileKind.SymbolicLink)
                {
                    problems.Add(Problem(ProblemSeverity.Warning, relative, "PackFileIsLink",
                        "is a symbolic link; Test-Pack does not follow links, so its syntax is not checked (StackStorm reads through it).", "Replace the link with the file itself."));
                }
                else if (entry.Kind == FileKind.Special)
                {
                    problems.Add(Problem(ProblemSeverity.Error, relative, "PackFileUnreadable", "is a FIFO, socket or device, not a regular file.", "Replace it with a regular file."));
                }
            }
        }
        catch (TreeTooDeepException e)
        {
            problems.Add(Problem(ProblemSeverity.Error, ".", "PackTreeTooDeep", $"nests more than {e.Limit} folders deep; the rest of the pack was not checked.", "Flatten the pack's folders."));
        }

        return (files, problems);
    }

    /// <summary>The pack file's path as problems show it: relative to the pack, with '/'.</summary>
    public static string Relative(string relativePath) => relativePath.Replace('\\', '/');

    private static bool IsStructured(string path) => s_extensions.Any(e => path.EndsWith(e, StringComparison.OrdinalIgnoreCase));

    private static bool Skip(TreeEntry folder, List<PackTestProblem> problems)
    {
        if (folder.Depth == 1 && folder.RelativePath == ".git")
        {
            return true;
        }

        try
        {
            // Listing it now, not in the middle of the walk: a folder we may not read is that folder's problem.
            using var listing = Directory.EnumerateFileSystemEntries(folder.FullPath).GetEnumerator();
            listing.MoveNext();
            return false;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            problems.Add(Problem(ProblemSeverity.Error, Relative(folder.RelativePath), "PackFileUnreadable", $"is a folder that cannot be read: {e.Message}", "Check the folder's permissions."));
            return true;
        }
    }

    internal static PackTestProblem Problem(ProblemSeverity severity, string file, string errorId, string message, string fix, PackCheck check = PackCheck.Syntax, int line = 0, int column = 0) => new()
    {
        Severity = severity, Check = check, File = file, Line = line, Column = column, ErrorId = errorId, Message = message, RecommendedAction = fix,
    };
}
