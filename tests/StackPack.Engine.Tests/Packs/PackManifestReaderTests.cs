using StackPack.Engine.Packs;
using StackPack.Engine.Tests.Support;

namespace StackPack.Engine.Tests.Packs;

public class PackManifestReaderTests : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    private PackManifest Read(string yaml, string folder = "my_pack") =>
        PackManifestReader.ReadPack(Path.GetDirectoryName(_temp.Write($"{folder}/pack.yaml", yaml))!);

    private InvalidPackMetadataException Fails(string yaml, string folder = "my_pack") =>
        Assert.Throws<InvalidPackMetadataException>(() => Read(yaml, folder));

    [Fact]
    public void A_complete_manifest_reads_every_field()
    {
        var manifest = Read("""
            ---
            ref: my_pack
            name: My Pack
            description: Does things
            version: 1.2.3-rc.1+build.5
            author: Jane
            email: jane@example.com
            keywords: [a, b]
            stackstorm_version: ">=3.0.0, <4.0.0"
            python_versions: ["3"]
            dependencies: [core, "github=2.1.5", "https://example.com/stackstorm-x.git=v1.0.0"]
            contributors: ["Bob <bob@example.com>"]
            future_field: {nested: true}
            """);

        Assert.Equal("my_pack", manifest.Ref);
        Assert.Equal(RefSource.RefField, manifest.RefSource);
        Assert.Equal("My Pack", manifest.Name);
        Assert.Equal("1.2.3-rc.1+build.5", manifest.Version);
        Assert.Equal(["a", "b"], manifest.Keywords);
        Assert.Equal(">=3.0.0, <4.0.0", manifest.StackStormVersion);
        Assert.Equal(["3"], manifest.PythonVersions);
        Assert.Equal(3, manifest.Dependencies.Count);
        Assert.Equal(["Bob <bob@example.com>"], manifest.Contributors);
        Assert.True(manifest.UnknownFields.ContainsKey("future_field"));
        Assert.Empty(manifest.Warnings);
    }

    [Fact]
    public void An_unquoted_0_1_version_is_a_clear_error_naming_file_field_line_and_fix()
    {
        var e = Fails("name: x\ndescription: d\nversion: 0.1\nauthor: a\nemail: a@b.c\n");
        var problem = Assert.Single(e.Problems);
        Assert.Equal("version", problem.Field);
        Assert.Equal(3, problem.Line);
        Assert.EndsWith("pack.yaml", problem.File);
        Assert.Contains("0.1.0", problem.Fix);
        Assert.Contains("quoted", problem.Fix);
        Assert.Equal("InvalidPackMetadata", e.ErrorId);
        Assert.Contains("pack.yaml:3", e.Message);
    }

    [Theory]
    [InlineData("\"1.0\"")]
    [InlineData("v1.0.0")]
    [InlineData("1.0.0-RC1")]
    [InlineData("01.0.0")]
    [InlineData("1")]
    public void Versions_must_be_strict_semver(string version)
    {
        var e = Fails($"name: x\ndescription: d\nversion: {version}\nauthor: a\nemail: a@b.c\n");
        Assert.Equal("version", Assert.Single(e.Problems).Field);
    }

    [Fact]
    public void Every_missing_required_field_is_reported_at_once()
    {
        var e = Fails("keywords: [x]\n");
        Assert.Equal(["name", "description", "version", "author"], e.Problems.Where(p => p.Severity == ProblemSeverity.Error).Select(p => p.Field));
        Assert.Contains("4 problems", e.Message);
    }

    [Theory]
    [InlineData("")]
    [InlineData("# nothing here\n")]
    [InlineData("- a list\n")]
    public void Empty_or_non_mapping_files_are_refused(string yaml)
    {
        Assert.Throws<InvalidPackMetadataException>(() => Read(yaml));
    }

    [Fact]
    public void Bad_yaml_reports_the_line()
    {
        var e = Fails("name: x\ndescription: [oops\nversion: 1.0.0\n");
        Assert.Contains("not valid YAML", Assert.Single(e.Problems).Message);
        Assert.True(e.Problems[0].Line >= 2);
    }

    [Fact]
    public void Ref_falls_back_to_the_folder_name_then_to_the_name()
    {
        Assert.Equal(("folder_ref", RefSource.DirectoryName), RefOf(TestPacks.ManifestYaml("Display Name"), "folder_ref"));
        Assert.Equal(("valid_name", RefSource.NameField), RefOf(TestPacks.ManifestYaml("valid_name"), "Bad-Folder"));

        (string, RefSource) RefOf(string yaml, string folder)
        {
            var m = Read(yaml, folder);
            return (m.Ref, m.RefSource);
        }
    }

    [Fact]
    public void Install_time_reads_skip_the_folder_name_like_st2()
    {
        var file = _temp.Write("checkout/pack.yaml", TestPacks.ManifestYaml("good_name"));
        Assert.Equal("good_name", PackManifestReader.Read(file, directoryName: null).Ref);
    }

    [Fact]
    public void No_usable_ref_is_an_error_that_suggests_one()
    {
        var e = Fails(TestPacks.ManifestYaml("Hello StackStorm"), "Bad-Folder");
        var problem = Assert.Single(e.Problems);
        Assert.Equal("ref", problem.Field);
        Assert.Contains("hello_stackstorm", problem.Fix);
    }

    [Theory]
    [InlineData("my-pack")]
    [InlineData("MyPack")]
    [InlineData("_global")]
    public void Invalid_or_reserved_refs_are_refused(string reference)
    {
        var e = Fails(TestPacks.ManifestYaml("x", reference: reference));
        Assert.Equal("ref", Assert.Single(e.Problems).Field);
    }

    [Fact]
    public void List_fields_must_hold_text()
    {
        var e = Fails(TestPacks.ManifestYaml("x", extra: "keywords: [ok, 12]\ndependencies: notalist\n"));
        Assert.Contains(e.Problems, p => p.Field == "keywords" && p.Message.Contains("integer"));
        Assert.Contains(e.Problems, p => p.Field == "dependencies" && p.Message.Contains("list"));
    }

    [Fact]
    public void Python_versions_must_be_quoted_2_or_3()
    {
        var e = Fails(TestPacks.ManifestYaml("x", extra: "python_versions:\n  - 3\n"));
        var problem = Assert.Single(e.Problems);
        Assert.Equal("python_versions", problem.Field);
        Assert.Contains("unquoted 3", problem.Message);
        Assert.Contains("5", Fails(TestPacks.ManifestYaml("x", extra: "python_versions: [\"5\"]\n")).Message);
    }

    [Fact]
    public void Stackstorm_version_must_be_a_spec()
    {
        Assert.Equal("stackstorm_version", Assert.Single(Fails(TestPacks.ManifestYaml("x", extra: "stackstorm_version: 'latest'\n")).Problems).Field);
        Assert.Equal(">2.9.0", Read(TestPacks.ManifestYaml("x", extra: "stackstorm_version: '>2.9.0'\n")).StackStormVersion);
    }

    [Fact]
    public void Long_contributors_are_refused()
    {
        var e = Fails(TestPacks.ManifestYaml("x", extra: $"contributors: [\"{new string('a', 101)}\"]\n"));
        Assert.Equal("contributors", Assert.Single(e.Problems).Field);
    }

    [Fact]
    public void A_missing_or_odd_email_is_a_warning_not_an_error()
    {
        var noEmail = Read("name: x\ndescription: d\nversion: 1.0.0\nauthor: a\n");
        Assert.Contains(noEmail.Warnings, w => w.Field == "email" && w.Severity == ProblemSeverity.Warning);
        Assert.Contains(Read(TestPacks.ManifestYaml("x").Replace("test@example.com", "not-an-email")).Warnings, w => w.Field == "email");
    }

    [Fact]
    public void A_non_text_name_suggests_quoting()
    {
        var e = Fails("name: 123\ndescription: d\nversion: 1.0.0\nauthor: a\nemail: a@b.c\n", "pack_dir");
        Assert.Contains("Quote it", Assert.Single(e.Problems).Fix);
    }

    [Fact]
    public void Duplicate_keys_use_the_last_value_with_a_warning()
    {
        var manifest = Read("name: x\nversion: 0.0.1\ndescription: d\nauthor: a\nemail: a@b.c\nversion: 2.0.0\n");
        Assert.Equal("2.0.0", manifest.Version);
        Assert.Contains(manifest.Warnings, w => w.Message.Contains("duplicate key 'version'") && w.Line == 6);
    }

    [Fact]
    public void Anchors_merge_keys_and_crlf_all_parse()
    {
        var manifest = Read("---\r\nname: x\r\ndescription: &d shared\r\nauthor: *d\r\nversion: \"1.0.0\"\r\nemail: a@b.c\r\nsystem:\r\n  <<: {centos: {foo: '>= 1.0'}}\r\n");
        Assert.Equal("shared", manifest.Author);
    }

    [Fact]
    public void A_missing_pack_yaml_is_reported()
    {
        Directory.CreateDirectory(_temp.Combine("empty"));
        var e = Assert.Throws<InvalidPackMetadataException>(() => PackManifestReader.ReadPack(_temp.Combine("empty")));
        Assert.Contains("missing", e.Message);
    }

    public static IEnumerable<object[]> FixturePackFolders()
    {
        if (Fixtures.Root is null)
        {
            return [["(none)"]];
        }

        return Directory.EnumerateDirectories(Fixtures.Path("packs")).Concat(Directory.EnumerateDirectories(Fixtures.Path("st2")))
            .Where(d => File.Exists(Path.Combine(d, "pack.yaml")))
            .Select(d => new object[] { Path.GetRelativePath(Fixtures.Root, d) });
    }

    [FixtureTheory]
    [MemberData(nameof(FixturePackFolders))]
    public void Every_real_pack_yaml_in_the_fixtures_parses(string relativeFolder)
    {
        var folder = Fixtures.Path(relativeFolder);
        var manifest = PackManifestReader.ReadPack(folder);
        Assert.Equal(Path.GetFileName(folder), manifest.Ref);
        Assert.True(PackRules.IsValidVersion(manifest.Version));
        Assert.DoesNotContain(manifest.Warnings, w => w.Severity == ProblemSeverity.Error);
    }

    [FixtureFact]
    public void The_hello_st2_fixture_takes_its_ref_from_the_ref_field_despite_a_display_name()
    {
        var manifest = PackManifestReader.ReadPack(Fixtures.Path("st2", "hello_st2"));
        Assert.Equal("hello_st2", manifest.Ref);
        Assert.Equal("Hello StackStorm", manifest.Name);
    }
}
