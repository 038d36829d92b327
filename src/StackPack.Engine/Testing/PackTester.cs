using System.Diagnostics;
using StackPack.Engine.Config;
using StackPack.Engine.Packs;
using StackPack.Engine.Registration;

namespace StackPack.Engine.Testing;

/// <summary>
/// Test-Pack's engine: runs every check on one pack folder and reports every problem, without
/// writing anything anywhere (no registry, no cache, no config). The metadata, schema and content
/// checks are the very code Get-Pack and Register-Pack run, so what they refuse fails here too.
/// Whatever a hostile pack does (unreadable files, links, FIFOs, huge or binary files, alias
/// bombs) becomes a problem on that file, never an exception out of <see cref="Test"/>.
/// </summary>
public static class PackTester
{
    /// <summary>
    /// The pack folders at <paramref name="path"/>: the folder itself when it holds a pack.yaml,
    /// else its sub-folders that do (a repository of packs); empty when neither.
    /// </summary>
    public static IReadOnlyList<string> FindPacks(string path)
    {
        if (File.Exists(Path.Combine(path, PackManifestReader.FileName)))
        {
            return [path];
        }

        if (!Directory.Exists(path))
        {
            return [];
        }

        return Directory.EnumerateDirectories(path)
            .Where(d => !PackLocator.IsIgnored(Path.GetFileName(d)) && IO.FileSystemProbe.Lstat(d).Kind == IO.FileKind.Directory)
            .Where(d => File.Exists(Path.Combine(d, PackManifestReader.FileName)))
            .Order(StringComparer.Ordinal)
            .ToList();
    }

    public static PackTestReport Test(string packPath, PackTestOptions options, CancellationToken cancellation)
    {
        var clock = Stopwatch.StartNew();
        var problems = new List<PackTestProblem>();
        var folderName = Path.GetFileName(Path.TrimEndingDirectorySeparator(packPath));
        var packRef = folderName;
        try
        {
            var (files, walkProblems) = PackFileWalker.Walk(packPath);
            problems.AddRange(walkProblems);
            var syntax = new SyntaxCheck();
            problems.AddRange(syntax.Run(files, options.MaxFileBytes, cancellation));
            if (walkProblems.Any(p => p.ErrorId == PackFileWalker.UnsafeId))
            {
                // The later checks open pack.yaml, config.schema.yaml and content by name, which a
                // link out of the pack would turn into a read of /etc/passwd: the pack fails as it is.
                return Report(packPath, packRef, options, problems, clock);
            }

            var manifest = Metadata(packPath, problems);
            packRef = manifest?.Ref ?? packRef;
            var schema = Schema(packPath, problems);
            problems.AddRange(ExampleConfigCheck.Run(packPath, packRef, schema, syntax));

            var content = PackContentCheck.Check(packPath, packRef, _ => true, cancellation, syntax.Read);
            problems.AddRange(content.Problems.Select(p => FromPackProblem(p, PackCheck.Content, ContentErrorId(p), packPath)));

            if (options.Exchange)
            {
                problems.AddRange(ExchangeRules.Run(packPath, manifest, syntax.Parsed(Path.Combine(packPath, PackManifestReader.FileName))));
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException || e is AggregateException { InnerException: IOException or UnauthorizedAccessException })
        {
            // A folder that vanished or changed under us mid-test: the pack's problem, not a crash.
            var inner = e is AggregateException aggregate ? aggregate.InnerException! : e;
            problems.Add(PackFileWalker.Problem(Packs.ProblemSeverity.Error, ".", "PackFileUnreadable", $"cannot be read: {inner.Message}", "Check the pack folder's files and permissions, then test again."));
        }

        return Report(packPath, packRef, options, problems, clock);
    }

    private static PackTestReport Report(string packPath, string packRef, PackTestOptions options, List<PackTestProblem> problems, Stopwatch clock) => new()
    {
        Pack = packRef,
        Path = packPath,
        Checks = options.Exchange ? Enum.GetValues<PackCheck>() : Enum.GetValues<PackCheck>().Where(c => c != PackCheck.Exchange).ToList(),
        Problems = Tidy(problems),
        Duration = clock.Elapsed,
    };

    private static PackManifest? Metadata(string packPath, List<PackTestProblem> problems)
    {
        try
        {
            var manifest = PackManifestReader.ReadPack(packPath);
            problems.AddRange(manifest.Warnings.Select(w => FromPackProblem(w, PackCheck.PackMetadata, "InvalidPackMetadata", packPath)));
            return manifest;
        }
        catch (InvalidPackMetadataException e)
        {
            problems.AddRange(e.Problems.Select(p => FromPackProblem(p, PackCheck.PackMetadata, "InvalidPackMetadata", packPath)));
            return null;
        }
    }

    private static ConfigSchema? Schema(string packPath, List<PackTestProblem> problems)
    {
        var file = Path.Combine(packPath, ConfigSchemaReader.FileName);
        if (!File.Exists(file))
        {
            return null;
        }

        try
        {
            var schema = ConfigSchemaReader.Read(file);
            // Building the validator finds what only JSON Schema refuses ($ref cycles, too deep a nesting).
            ConfigValidator.Validate(new Dictionary<string, object?>(StringComparer.Ordinal), schema);
            return schema;
        }
        catch (InvalidConfigSchemaException e)
        {
            problems.AddRange(e.Problems.Select(p => FromPackProblem(p, PackCheck.ConfigSchema, "InvalidConfigSchema", packPath)));
            return null;
        }
    }

    /// <summary>The content problem's id says what kind of file it is about.</summary>
    private static string ContentErrorId(PackProblem problem)
    {
        if (problem.Field == "name" && problem.Message.StartsWith("names ", StringComparison.Ordinal))
        {
            return "DuplicateContentName";
        }

        return PackFileWalker.Relative(problem.File).Split('/')[0] switch
        {
            "actions" => "InvalidAction",
            "sensors" => "InvalidSensor",
            "triggers" => "InvalidTrigger",
            "rules" => "InvalidRule",
            "aliases" => "InvalidAlias",
            "policies" => "InvalidPolicy",
            _ => "InvalidPackContent",
        };
    }

    private static PackTestProblem FromPackProblem(PackProblem problem, PackCheck check, string errorId, string packPath)
    {
        var file = Path.IsPathRooted(problem.File) ? Path.GetRelativePath(packPath, problem.File) : problem.File;
        var field = string.IsNullOrEmpty(problem.Field) ? string.Empty : $"'{problem.Field}' ";
        return PackFileWalker.Problem(problem.Severity, PackFileWalker.Relative(file), errorId, field + problem.Message, problem.Fix, check, problem.Line, problem.Column);
    }

    /// <summary>
    /// One problem once: a file the syntax check could not parse gets no further problems (the
    /// later checks would only repeat that it does not parse), and the same message on the same
    /// line from two checks (a duplicate key) is kept from the first. Then in check, file, line order.
    /// </summary>
    private static List<PackTestProblem> Tidy(List<PackTestProblem> problems)
    {
        var unparsable = problems.Where(p => p.Check == PackCheck.Syntax && p.Severity == Packs.ProblemSeverity.Error).Select(p => p.File).ToHashSet(StringComparer.Ordinal);
        return problems
            .Where(p => p.Check == PackCheck.Syntax || !unparsable.Contains(p.File))
            .OrderBy(p => p.Check).ThenBy(p => p.File, StringComparer.Ordinal).ThenBy(p => p.Line).ThenBy(p => p.Column)
            .DistinctBy(p => (p.File, p.Line, p.Severity, Message: p.Message.TrimEnd('.')))
            .ToList();
    }
}
