using System.Xml.Linq;
using StackPack.Engine.Packs;
using StackPack.Engine.Registration;
using StackPack.Engine.Testing;
using StackPack.Engine.Tests.Support;

namespace StackPack.Engine.Tests.PackTesting;

public class PackTesterTests : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    private string Pack(string name, params (string File, string Content)[] files)
    {
        var path = TestPacks.WritePack(_temp.Combine("packs"), name);
        foreach (var (file, content) in files)
        {
            _temp.Write(Path.Combine("packs", name, file), content);
        }

        return path;
    }

    private static PackTestReport Test(string path, bool exchange = false) =>
        PackTester.Test(path, new PackTestOptions { Exchange = exchange }, CancellationToken.None);

    [Fact]
    public void A_good_pack_passes_and_nothing_is_written()
    {
        var path = Pack("good", ("actions/run.yaml", "name: run\nrunner_type: local-shell-cmd\n"), ("data.json", "{\"a\": [1, 2]}"));
        var before = Directory.GetFileSystemEntries(_temp.Path, "*", SearchOption.AllDirectories).Order().ToList();

        var report = Test(path);

        Assert.True(report.Passed, string.Join("; ", report.Problems));
        Assert.Equal("good", report.Pack);
        Assert.DoesNotContain(PackCheck.Exchange, report.Checks);
        Assert.Equal(before, Directory.GetFileSystemEntries(_temp.Path, "*", SearchOption.AllDirectories).Order().ToList());
    }

    [Fact]
    public void Json_errors_have_the_character_column_not_the_byte_column()
    {
        // "é" is two bytes in UTF-8: the reader's byte position (8, column 9) would be one too far.
        var path = Pack("json", ("data.json", "{\n  \"é\": ,\n}"));

        var problem = Assert.Single(Test(path).Problems);

        Assert.Equal(("InvalidJson", PackCheck.Syntax, "data.json", 2, 8), (problem.ErrorId, problem.Check, problem.File, problem.Line, problem.Column));
    }

    [Fact]
    public void A_file_that_does_not_parse_is_reported_once_by_the_syntax_check()
    {
        var path = Pack("once", ("actions/broken.yaml", "name: broken\nrunner_type: [local\n"));

        var problem = Assert.Single(Test(path).Problems);

        Assert.Equal((PackCheck.Syntax, "InvalidYaml", "actions/broken.yaml"), (problem.Check, problem.ErrorId, problem.File));
        Assert.True(problem.Line > 0 && problem.Column > 0);
    }

    [Fact]
    public void Content_problems_are_the_ones_registration_finds()
    {
        var path = Pack("same", ("actions/a.yaml", "name: a\nrunner_type: local-shell-cmd\n"), ("actions/b.yaml", "name: a\nrunner_type: local-shell-cmd\n"),
            ("actions/c.yaml", "name: c\nrunner_type: nope\n"), ("rules/r.yaml", "name: r\n"));
        var registration = PackContentCheck.Check(path, "same", _ => true, CancellationToken.None);

        var content = Test(path).Problems.Where(p => p.Check == PackCheck.Content).ToList();

        Assert.Equal(registration.Problems.Select(p => (p.File, p.Line, p.Severity)).Order(), content.Select(p => (p.File, p.Line, p.Severity)).Order());
        Assert.Contains(content, p => p.ErrorId == "InvalidRule");
        Assert.Contains(content, p => p.ErrorId == "DuplicateContentName");
        Assert.Contains(content, p => p.ErrorId == "InvalidAction" && p.Column == 14);
    }

    [Fact]
    public void The_example_config_validates_against_the_schema_with_jinja_and_defaults()
    {
        var path = Pack("ex",
            ("config.schema.yaml", "host: {type: string, required: true}\nport: {type: integer, default: 22, required: true}\nuser: {type: string, required: true}\n"),
            ("ex.yaml.example", "host: \"{{ st2kv.system.host }}\"\nuser: 7\n"));

        var problem = Assert.Single(Test(path).Problems);

        Assert.Equal(("InvalidExampleConfig", "ex.yaml.example", 2, 7), (problem.ErrorId, problem.File, problem.Line, problem.Column));
        Assert.Contains("'user'", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Exchange_rules_run_only_when_asked_and_name_each_missing_piece()
    {
        var path = Pack("exch");

        Assert.True(Test(path).Passed);
        var ids = Test(path, exchange: true).Problems.Where(p => p.Check == PackCheck.Exchange).Select(p => p.ErrorId).Order().ToList();

        Assert.Equal(["ExchangeChangesMissing", "ExchangeIconMissing", "ExchangeKeywordsMissing", "ExchangeLicenseMissing", "ExchangePython3Missing", "ExchangeReadmeMissing"], ids);
    }

    [Fact]
    public void A_folder_of_packs_is_its_packs_and_a_folder_without_any_is_none()
    {
        Pack("b");
        Pack("a");
        Directory.CreateDirectory(_temp.Combine("packs", ".hidden"));
        File.WriteAllText(_temp.Combine("packs", ".hidden", "pack.yaml"), "name: hidden");

        Assert.Equal([_temp.Combine("packs", "a"), _temp.Combine("packs", "b")], PackTester.FindPacks(_temp.Combine("packs")));
        Assert.Empty(PackTester.FindPacks(_temp.Combine("packs", "a", "actions")));
        Assert.Empty(PackTester.FindPacks(_temp.Path));
    }

    [Fact]
    public void A_large_file_is_a_problem_and_is_not_parsed()
    {
        var path = Pack("big", ("big.yaml", "a: " + new string('x', 2000) + "\n"));

        var problem = Assert.Single(PackTester.Test(path, new PackTestOptions { MaxFileBytes = 1000 }, CancellationToken.None).Problems);

        Assert.Equal(("PackFileTooLarge", "big.yaml"), (problem.ErrorId, problem.File));
    }

    [Fact]
    public void A_link_is_reported_and_never_followed()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        var path = Pack("linked", ("real/inner.yaml", "a: [unclosed"));
        File.CreateSymbolicLink(Path.Combine(path, "inner.yaml"), "real/inner.yaml"); // stays inside the pack

        var problem = Assert.Single(Test(path).Problems, p => p.File == "inner.yaml");

        Assert.Equal((ProblemSeverity.Warning, "PackFileIsLink"), (problem.Severity, problem.ErrorId));
    }

    [Theory]
    [InlineData("secret.yaml", "ABSOLUTE")]
    [InlineData("notes.txt", "ABSOLUTE")]
    [InlineData("deep/er/secret.yaml", "../../../outside/secret.yaml")]
    [InlineData("pack.yaml", "/etc/passwd")]
    public void A_link_that_leaves_the_pack_fails_it_as_Install_Pack_refuses_it_and_is_never_read(string link, string target)
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        var secret = _temp.Write("outside/secret.yaml", "password: hunter2-root:x:0\n");
        var path = Pack("linked");
        var linkPath = Path.Combine(path, link);
        Directory.CreateDirectory(Path.GetDirectoryName(linkPath)!);
        File.Delete(linkPath);
        File.CreateSymbolicLink(linkPath, target == "ABSOLUTE" ? secret : target);

        var report = Test(path);

        var problem = Assert.Single(report.Problems, p => p.ErrorId == "UnsafePackContent");
        Assert.Equal((ProblemSeverity.Error, link), (problem.Severity, problem.File));
        Assert.Contains("outside the pack", problem.Message);
        Assert.False(report.Passed);
        Assert.DoesNotContain(report.Problems, p => p.Message.Contains("hunter2") || p.Message.Contains("root:x:0"));
        Assert.Throws<StackPackException>(() => StackPack.Engine.Install.SafeContent.Check(path, "linked")); // the same judgement
    }

    [Fact]
    public void The_junit_report_has_a_suite_per_pack_and_a_case_per_check()
    {
        var good = Test(Pack("good"));
        var bad = Test(Pack("bad", ("x.yaml", "a: ["), ("actions/r.yaml", "name: r\nrunner_type: nope\n")));
        var file = _temp.Combine("out", "junit.xml");

        PackTestReportWriter.Write(file, [good, bad], PackTestReportFormat.JUnitXml);

        var root = XDocument.Load(file).Root!;
        Assert.Equal(("12", "2", "2"), ((string)root.Attribute("tests")!, (string)root.Attribute("failures")!, (string)root.Attribute("skipped")!));
        var suite = root.Elements("testsuite").Single(s => (string)s.Attribute("name")! == "bad");
        var failures = suite.Elements("testcase").Where(c => c.Element("failure") is not null).Select(c => (string)c.Attribute("name")!).ToList();
        Assert.Equal(["Syntax", "Content"], failures);
        Assert.Contains("bad/actions/r.yaml:2:14:", suite.Elements("testcase").Single(c => (string)c.Attribute("name")! == "Content").Element("failure")!.Value, StringComparison.Ordinal);
    }

    [Fact]
    public void A_file_name_with_control_characters_still_makes_a_well_formed_report()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        var report = Test(Pack("ctl", ("bad\u0001name.yaml", "a: [")));
        var file = _temp.Combine("ctl.xml");

        PackTestReportWriter.Write(file, [report], PackTestReportFormat.JUnitXml);

        Assert.Contains("bad\uFFFDname.yaml", XDocument.Load(file).Root!.Descendants("failure").Single().Value, StringComparison.Ordinal);
    }

    [Fact]
    public void The_nunit_report_counts_failures_and_not_run_checks()
    {
        var bad = Test(Pack("bad", ("x.yaml", "a: [")));
        var file = _temp.Combine("nunit.xml");

        PackTestReportWriter.Write(file, [bad], PackTestReportFormat.NUnitXml);

        var root = XDocument.Load(file).Root!;
        Assert.Equal(("5", "1", "1"), ((string)root.Attribute("total")!, (string)root.Attribute("failures")!, (string)root.Attribute("not-run")!));
        Assert.Single(root.Descendants("test-case"), c => (string)c.Attribute("result")! == "Failure");
    }
}
