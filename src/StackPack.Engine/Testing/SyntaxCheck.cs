using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;
using StackPack.Engine.IO;
using StackPack.Engine.Packs;
using StackPack.Engine.Yaml;

namespace StackPack.Engine.Testing;

/// <summary>
/// Parses every structured file of a pack once, in parallel: YAML the way PyYAML's safe_load
/// does (<see cref="YamlDocumentReader"/>, with its depth and alias-expansion limits), JSON as
/// strict JSON. A file that does not parse is a problem with its line and column. The parsed
/// YAML documents are kept, so the checks after this one read each file from memory.
/// </summary>
public sealed class SyntaxCheck
{
    private readonly ConcurrentDictionary<string, object> _parsed = new(StringComparer.Ordinal);

    public List<PackTestProblem> Run(IReadOnlyList<StructuredPackFile> files, long maxBytes, CancellationToken cancellation)
    {
        var problems = new ConcurrentBag<PackTestProblem>();
        Parallel.ForEach(files, new ParallelOptions { CancellationToken = cancellation }, file =>
        {
            foreach (var problem in Check(file, maxBytes))
            {
                problems.Add(problem);
            }
        });
        return problems.ToList();
    }

    /// <summary>
    /// Reads a YAML file for a later check: the document parsed here, or the same failure again;
    /// a file this check did not parse (reached through a link) is read as Register-Pack reads it.
    /// </summary>
    public YamlDocument Read(string path) => _parsed.TryGetValue(path, out var result)
        ? result as YamlDocument ?? throw (YamlSyntaxException)result
        : YamlDocumentReader.ReadFile(path);

    /// <summary>The parsed document of a file, when it parsed.</summary>
    public YamlDocument? Parsed(string path) => _parsed.GetValueOrDefault(path) as YamlDocument;

    private IEnumerable<PackTestProblem> Check(StructuredPackFile file, long maxBytes)
    {
        if (file.Size > maxBytes)
        {
            var reason = $"is {SafeFile.Megabytes(file.Size)}, larger than the {SafeFile.Megabytes(maxBytes)} Test-Pack reads (real pack files are kilobytes)";
            _parsed[file.FullPath] = new YamlSyntaxException(file.FullPath, default, reason) { Unreadable = true };
            return [PackFileWalker.Problem(ProblemSeverity.Error, file.RelativePath, "PackFileTooLarge", reason + ".", "Make the file smaller, or leave it out of the pack.")];
        }

        byte[] bytes;
        try
        {
            bytes = SafeFile.ReadAllBytes(file.FullPath, maxBytes, followLinks: false);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            var reason = $"cannot be read: {StructuredFile.Reason(e)}";
            _parsed[file.FullPath] = new YamlSyntaxException(file.FullPath, default, reason, e) { Unreadable = true };
            return [PackFileWalker.Problem(ProblemSeverity.Error, file.RelativePath, "PackFileUnreadable", reason + ".", "Check the file's permissions and that it is a regular file.")];
        }

        return file.IsJson ? CheckJson(file, bytes) : CheckYaml(file, bytes);
    }

    private IEnumerable<PackTestProblem> CheckYaml(StructuredPackFile file, byte[] bytes)
    {
        try
        {
            using var reader = new StreamReader(new MemoryStream(bytes), Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
            var document = YamlDocumentReader.ReadText(reader.ReadToEnd(), file.FullPath);
            _parsed[file.FullPath] = document;
            return document.Warnings.Select(w => PackFileWalker.Problem(ProblemSeverity.Warning, file.RelativePath, "YamlWarning", w.Message + ".", "Remove the duplicate.",
                line: w.Mark.Line, column: w.Mark.Column));
        }
        catch (YamlSyntaxException e)
        {
            _parsed[file.FullPath] = e;
            return [PackFileWalker.Problem(ProblemSeverity.Error, file.RelativePath, "InvalidYaml", $"{e.Problem.TrimEnd('.')}.", "Fix the YAML syntax at that line and column.",
                line: e.Mark.Line, column: e.Mark.Column)];
        }
    }

    private static IEnumerable<PackTestProblem> CheckJson(StructuredPackFile file, byte[] bytes)
    {
        var text = bytes.AsMemory();
        if (bytes.AsSpan().StartsWith(Encoding.UTF8.Preamble))
        {
            text = text[Encoding.UTF8.Preamble.Length..];
        }

        try
        {
            using var document = JsonDocument.Parse(text, new JsonDocumentOptions { MaxDepth = StructuredFile.MaxJsonDepth });
            return [];
        }
        catch (JsonException e)
        {
            var line = (int)(e.LineNumber ?? 0);
            var column = CharacterColumn(text.Span, line, (int)(e.BytePositionInLine ?? 0));
            return [PackFileWalker.Problem(ProblemSeverity.Error, file.RelativePath, "InvalidJson", $"is not valid JSON: {e.Message.Split(" LineNumber:", 2)[0].Split(" Path:", 2)[0].TrimEnd()}",
                "Fix the JSON at that line and column.", line: line + 1, column: column)];
        }
    }

    /// <summary>The 1-based character column of a byte offset in a 0-based line (the reader counts bytes; editors count characters).</summary>
    private static int CharacterColumn(ReadOnlySpan<byte> text, int line, int bytePosition)
    {
        var start = 0;
        for (var seen = 0; seen < line && start < text.Length; start++)
        {
            if (text[start] == (byte)'\n')
            {
                seen++;
            }
        }

        var length = Math.Clamp(bytePosition, 0, text.Length - start);
        return Encoding.UTF8.GetCharCount(text.Slice(start, length)) + 1;
    }
}
