using System.Globalization;
using System.Text;
using System.Xml;
using StackPack.Engine.IO;
using StackPack.Engine.Packs;

namespace StackPack.Engine.Testing;

public enum PackTestReportFormat
{
    /// <summary>JUnit XML, as Azure DevOps' PublishTestResults (testResultsFormat: JUnit) and GitHub test reporters read it.</summary>
    JUnitXml,

    /// <summary>NUnit 2.5 XML, the format Pester writes as NUnitXml.</summary>
    NUnitXml,
}

/// <summary>
/// Writes Test-Pack's results as a test report for CI systems: a suite per pack and a test case
/// per check, a failure listing each error as file:line:column, warnings as the case's output,
/// and the Exchange check as skipped when it was not asked for. Written atomically.
/// </summary>
public static class PackTestReportWriter
{
    public static void Write(string path, IReadOnlyList<PackTestReport> reports, PackTestReportFormat format)
    {
        // A pack can name a file with control characters, which XML cannot hold.
        reports = reports.Select(XmlSafe).ToList();
        using var buffer = new MemoryStream();
        using (var xml = XmlWriter.Create(buffer, new XmlWriterSettings { Indent = true, Encoding = new UTF8Encoding(false) }))
        {
            if (format == PackTestReportFormat.JUnitXml)
            {
                WriteJUnit(xml, reports);
            }
            else
            {
                WriteNUnit(xml, reports);
            }
        }

        AtomicFile.WriteAllBytes(path, buffer.ToArray());
    }

    private static readonly PackCheck[] s_allChecks = Enum.GetValues<PackCheck>();

    private static void WriteJUnit(XmlWriter xml, IReadOnlyList<PackTestReport> reports)
    {
        xml.WriteStartElement("testsuites");
        xml.WriteAttributeString("name", "Test-Pack");
        xml.WriteAttributeString("tests", Text(reports.Count * s_allChecks.Length));
        xml.WriteAttributeString("failures", Text(reports.Sum(r => FailedChecks(r).Count())));
        xml.WriteAttributeString("errors", "0");
        xml.WriteAttributeString("skipped", Text(reports.Sum(r => s_allChecks.Length - r.Checks.Count)));
        xml.WriteAttributeString("time", Seconds(TimeSpan.FromTicks(reports.Sum(r => r.Duration.Ticks))));
        foreach (var report in reports)
        {
            xml.WriteStartElement("testsuite");
            xml.WriteAttributeString("name", report.Pack);
            xml.WriteAttributeString("tests", Text(s_allChecks.Length));
            xml.WriteAttributeString("failures", Text(FailedChecks(report).Count()));
            xml.WriteAttributeString("errors", "0");
            xml.WriteAttributeString("skipped", Text(s_allChecks.Length - report.Checks.Count));
            xml.WriteAttributeString("time", Seconds(report.Duration));
            xml.WriteStartElement("properties");
            xml.WriteStartElement("property");
            xml.WriteAttributeString("name", "path");
            xml.WriteAttributeString("value", report.Path);
            xml.WriteEndElement();
            xml.WriteEndElement();
            foreach (var check in s_allChecks)
            {
                xml.WriteStartElement("testcase");
                xml.WriteAttributeString("name", check.ToString());
                xml.WriteAttributeString("classname", report.Pack);
                xml.WriteAttributeString("time", "0");
                var (errors, warnings) = Split(report, check);
                if (!report.Checks.Contains(check))
                {
                    xml.WriteStartElement("skipped");
                    xml.WriteAttributeString("message", "Not asked for (Test-Pack -Exchange runs it).");
                    xml.WriteEndElement();
                }
                else if (errors.Count > 0)
                {
                    xml.WriteStartElement("failure");
                    xml.WriteAttributeString("message", Summary(errors));
                    xml.WriteAttributeString("type", errors[0].ErrorId);
                    xml.WriteString(Lines(report, errors));
                    xml.WriteEndElement();
                }

                if (warnings.Count > 0)
                {
                    xml.WriteElementString("system-out", Lines(report, warnings));
                }

                xml.WriteEndElement();
            }

            xml.WriteEndElement();
        }

        xml.WriteEndElement();
    }

    private static void WriteNUnit(XmlWriter xml, IReadOnlyList<PackTestReport> reports)
    {
        var now = DateTime.Now;
        xml.WriteStartElement("test-results");
        xml.WriteAttributeString("name", "Test-Pack");
        xml.WriteAttributeString("total", Text(reports.Sum(r => r.Checks.Count)));
        xml.WriteAttributeString("errors", "0");
        xml.WriteAttributeString("failures", Text(reports.Sum(r => FailedChecks(r).Count())));
        xml.WriteAttributeString("not-run", Text(reports.Sum(r => s_allChecks.Length - r.Checks.Count)));
        xml.WriteAttributeString("inconclusive", "0");
        xml.WriteAttributeString("ignored", Text(reports.Sum(r => s_allChecks.Length - r.Checks.Count)));
        xml.WriteAttributeString("skipped", "0");
        xml.WriteAttributeString("invalid", "0");
        xml.WriteAttributeString("date", now.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        xml.WriteAttributeString("time", now.ToString("HH:mm:ss", CultureInfo.InvariantCulture));
        var allPassed = reports.All(r => r.Passed);
        StartSuite(xml, "TestSuite", "Test-Pack", allPassed, TimeSpan.FromTicks(reports.Sum(r => r.Duration.Ticks)));
        foreach (var report in reports)
        {
            StartSuite(xml, "TestFixture", report.Pack, report.Passed, report.Duration);
            foreach (var check in s_allChecks)
            {
                var (errors, warnings) = Split(report, check);
                var ran = report.Checks.Contains(check);
                xml.WriteStartElement("test-case");
                xml.WriteAttributeString("name", $"{report.Pack}.{check}");
                xml.WriteAttributeString("executed", ran ? "True" : "False");
                xml.WriteAttributeString("result", !ran ? "Ignored" : errors.Count > 0 ? "Failure" : "Success");
                if (ran)
                {
                    xml.WriteAttributeString("success", errors.Count > 0 ? "False" : "True");
                    xml.WriteAttributeString("time", "0");
                    xml.WriteAttributeString("asserts", "0");
                }

                if (!ran)
                {
                    xml.WriteStartElement("reason");
                    xml.WriteElementString("message", "Not asked for (Test-Pack -Exchange runs it).");
                    xml.WriteEndElement();
                }
                else if (errors.Count > 0)
                {
                    xml.WriteStartElement("failure");
                    xml.WriteElementString("message", Summary(errors));
                    xml.WriteElementString("stack-trace", Lines(report, errors));
                    xml.WriteEndElement();
                }

                if (warnings.Count > 0)
                {
                    xml.WriteStartElement("reason");
                    xml.WriteElementString("message", Lines(report, warnings));
                    xml.WriteEndElement();
                }

                xml.WriteEndElement();
            }

            xml.WriteEndElement(); // results
            xml.WriteEndElement(); // test-suite
        }

        xml.WriteEndElement(); // results
        xml.WriteEndElement(); // test-suite
        xml.WriteEndElement(); // test-results
    }

    private static void StartSuite(XmlWriter xml, string type, string name, bool passed, TimeSpan duration)
    {
        xml.WriteStartElement("test-suite");
        xml.WriteAttributeString("type", type);
        xml.WriteAttributeString("name", name);
        xml.WriteAttributeString("executed", "True");
        xml.WriteAttributeString("result", passed ? "Success" : "Failure");
        xml.WriteAttributeString("success", passed ? "True" : "False");
        xml.WriteAttributeString("time", Seconds(duration));
        xml.WriteAttributeString("asserts", "0");
        xml.WriteStartElement("results");
    }

    private static IEnumerable<PackCheck> FailedChecks(PackTestReport report) =>
        report.Checks.Where(c => report.Problems.Any(p => p.Check == c && p.Severity == ProblemSeverity.Error));

    private static (List<PackTestProblem> Errors, List<PackTestProblem> Warnings) Split(PackTestReport report, PackCheck check)
    {
        var problems = report.Problems.Where(p => p.Check == check).ToList();
        return (problems.Where(p => p.Severity == ProblemSeverity.Error).ToList(), problems.Where(p => p.Severity == ProblemSeverity.Warning).ToList());
    }

    private static string Summary(List<PackTestProblem> errors) =>
        errors.Count == 1 ? errors[0].ToString() : $"{errors.Count} errors, the first: {errors[0]}";

    /// <summary>One line per problem, its file relative to the pack's parent as reporters link it: pack/actions/run.yaml:3:7: …</summary>
    private static string Lines(PackTestReport report, List<PackTestProblem> problems) =>
        string.Join("\n", problems.Select(p => $"{p.ErrorId}: {Path.GetFileName(Path.TrimEndingDirectorySeparator(report.Path))}/{p}"));

    private static PackTestReport XmlSafe(PackTestReport report) => report with
    {
        Pack = XmlSafe(report.Pack),
        Path = XmlSafe(report.Path),
        Problems = report.Problems.Select(p => p with { File = XmlSafe(p.File), Message = XmlSafe(p.Message), RecommendedAction = XmlSafe(p.RecommendedAction) }).ToList(),
    };

    private static string XmlSafe(string text) =>
        text.All(XmlConvert.IsXmlChar) ? text : string.Concat(text.Select(c => XmlConvert.IsXmlChar(c) || char.IsSurrogate(c) ? c : '\uFFFD'));

    private static string Text(int value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Seconds(TimeSpan duration) => duration.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture);
}
