using System.Collections.ObjectModel;
using System.Management.Automation;
using EngineSeverity = StackPack.Engine.Packs.ProblemSeverity;
using StackPack.Commands.Completion;
using StackPack.Commands.Hosting;
using StackPack.Engine.Git;
using StackPack.Engine.Testing;

namespace StackPack.Commands.Cmdlets;

/// <summary>
/// Checks pack folders the way StackStorm and the StackStorm Exchange's CI would, without
/// writing anything but the optional report file: one PackTestResult per pack, a PackTestFailed
/// error per failing pack, an annotation per problem under Azure Pipelines or GitHub Actions.
/// </summary>
[Cmdlet(VerbsDiagnostic.Test, "Pack")]
[OutputType(typeof(PackTestResult))]
public sealed class TestPackCommand : StackPackCmdlet
{
    private readonly List<PackTestReport> _reports = new();
    private readonly HashSet<string> _tested = new(StringComparer.Ordinal);

    /// <summary>Pack folders, or folders whose sub-folders are packs; the current folder when omitted.</summary>
    [Parameter(Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [Alias("FullName")]
    [SupportsWildcards]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(InstalledPackPathCompleter))]
    public string[]? Path { get; set; }

    /// <summary>Also check the StackStorm Exchange's publication rules.</summary>
    [Parameter]
    public SwitchParameter Exchange { get; set; }

    /// <summary>Write a test report here.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? OutputFile { get; set; }

    /// <summary>The report's format.</summary>
    [Parameter]
    [ValidateSet("JUnitXml", "NUnitXml")]
    public string OutputFormat { get; set; } = "JUnitXml";

    protected override void ProcessRecord()
    {
        foreach (var requested in Path is { Length: > 0 } ? Path : [SessionState.Path.CurrentFileSystemLocation.ProviderPath])
        {
            foreach (var folder in Resolve(requested))
            {
                TestFolder(folder);
            }
        }
    }

    protected override void EndProcessing()
    {
        // The report is written before any PackTestFailed error: with -ErrorAction Stop the
        // first error ends the command, and the CI step still publishes the whole report.
        if (OutputFile is not null)
        {
            var file = GetUnresolvedProviderPathFromPSPath(OutputFile);
            try
            {
                PackTestReportWriter.Write(file, _reports, Enum.Parse<PackTestReportFormat>(OutputFormat));
                WriteVerbose($"Wrote the {OutputFormat} report of {_reports.Count} pack(s) to {file}.");
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                WriteError(ErrorRecords.Create("TestReportNotWritten", file,
                    $"Cannot write the test report '{file}': {e.Message}", "Check that the folder exists and can be written."));
            }
        }

        foreach (var report in _reports.Where(r => !r.Passed))
        {
            var errors = report.Problems.Where(p => p.Severity == EngineSeverity.Error).ToList();
            // Each problem was annotated on its own file and line already.
            WriteError(ErrorRecords.Create("PackTestFailed", report.Path,
                $"Pack '{report.Pack}' ({report.Path}) failed Test-Pack with {errors.Count} error(s):" + string.Concat(errors.Select(e => "\n  - " + e)),
                "Fix the files named; the PackTestResult's Problems list each one with its check, line and column."), annotate: false);
        }
    }

    private IEnumerable<string> Resolve(string requested)
    {
        Collection<string> paths;
        try
        {
            paths = GetResolvedProviderPathFromPSPath(requested, out var provider);
            if (provider.Name != "FileSystem")
            {
                WriteError(ErrorRecords.Create("PackPathNotFound", requested,
                    $"'{requested}' is not a file system path.", "Give the path of a pack folder."));
                return [];
            }
        }
        catch (Exception e) when (e is ItemNotFoundException or System.Management.Automation.DriveNotFoundException or ProviderNotFoundException)
        {
            WriteError(ErrorRecords.Create("PackPathNotFound", requested,
                $"'{requested}' does not exist.", "Give the path of a pack folder, or of a folder of packs."));
            return [];
        }

        // A pack.yaml given as the path stands for its pack.
        return paths.Select(p => System.IO.Path.GetFileName(p) == Engine.Packs.PackManifestReader.FileName && File.Exists(p) ? System.IO.Path.GetDirectoryName(p)! : p);
    }

    private void TestFolder(string folder)
    {
        var packs = PackTester.FindPacks(folder);
        if (packs.Count == 0)
        {
            Emit(NotAPack(folder));
            return;
        }

        var progress = new ProgressReporter(this, Interactivity.CanPrompt(Host) && packs.Count > 1, "Testing packs");
        for (var i = 0; i < packs.Count; i++)
        {
            if (!_tested.Add(System.IO.Path.GetFullPath(packs[i])))
            {
                continue;
            }

            progress.Step($"{System.IO.Path.GetFileName(packs[i])} ({i + 1}/{packs.Count})", i, packs.Count);
            try
            {
                Emit(PackTester.Test(packs[i], new PackTestOptions { Exchange = Exchange.IsPresent }, Cancellation));
            }
            catch (Engine.StackPackException e)
            {
                // The tester turns what it knows into problems; anything else it names is this pack's error, and the others go on.
                WriteEngineError(e);
            }
        }

        progress.Complete();
    }

    private static PackTestReport NotAPack(string folder) => new()
    {
        Pack = System.IO.Path.GetFileName(System.IO.Path.TrimEndingDirectorySeparator(folder)),
        Path = folder,
        Checks = [PackCheck.PackMetadata],
        Problems =
        [
            new Engine.Testing.PackTestProblem
            {
                Severity = EngineSeverity.Error, Check = PackCheck.PackMetadata, File = Engine.Packs.PackManifestReader.FileName, ErrorId = "NotAPack",
                Message = Directory.Exists(folder)
                    ? "is missing: this folder is not a pack (no pack.yaml), and none of its sub-folders is one."
                    : "is missing: this path is a file, not a pack folder.",
                RecommendedAction = "Give the pack's folder (the one with pack.yaml), or a folder of packs.",
            },
        ],
    };

    private void Emit(PackTestReport report)
    {
        _reports.Add(report);
        foreach (var problem in report.Problems)
        {
            var isError = problem.Severity == EngineSeverity.Error;
            if (isError && ErrorsSilenced)
            {
                continue;
            }

            var where = new AnnotationLocation(AnnotationSource.InWorkspace(System.IO.Path.Combine(report.Path, problem.File), Environment.GetEnvironmentVariable), problem.Line, problem.Column);
            WriteAnnotation(isError, CredentialRedactor.RedactText($"{problem.Message} {problem.RecommendedAction}".TrimEnd()), where, problem.ErrorId);
        }

        WriteObject(new PackTestResult
        {
            Pack = report.Pack,
            Path = report.Path,
            Passed = report.Passed,
            Errors = report.Errors,
            Warnings = report.Warnings,
            Problems = report.Problems.Select(p => new PackTestProblem
            {
                Severity = p.Severity.ToString(), Check = p.Check.ToString(), File = p.File, Line = p.Line, Column = p.Column,
                ErrorId = p.ErrorId, Message = p.Message, RecommendedAction = p.RecommendedAction,
            }).ToArray(),
            Duration = report.Duration,
        });
    }
}
