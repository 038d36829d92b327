using StackPack.Engine.Yaml;

namespace StackPack.Engine.Tests.Yaml;

public class YamlDocumentReaderTests
{
    private static YamlMapping Map(string yaml) => Assert.IsType<YamlMapping>(YamlDocumentReader.ReadText(yaml, "t.yaml").Root);

    [Theory]
    [InlineData("0.1", YamlScalarKind.Float)]
    [InlineData("1.0.0", YamlScalarKind.String)]
    [InlineData("1", YamlScalarKind.Int)]
    [InlineData("0x1F", YamlScalarKind.Int)]
    [InlineData("yes", YamlScalarKind.Bool)]
    [InlineData("Off", YamlScalarKind.Bool)]
    [InlineData("~", YamlScalarKind.Null)]
    [InlineData("null", YamlScalarKind.Null)]
    [InlineData(".inf", YamlScalarKind.Float)]
    [InlineData("hello", YamlScalarKind.String)]
    [InlineData("{{ st2kv.system.x }}x", YamlScalarKind.String)]
    public void Plain_scalars_are_typed_like_PyYAML(string text, YamlScalarKind expected)
    {
        var value = Assert.IsType<YamlScalar>(Map($"v: {(text.StartsWith('{') ? "'" + text + "'" : text)}\n")["v"]);
        Assert.Equal(text.StartsWith('{') ? YamlScalarKind.String : expected, value.Kind);
    }

    [Fact]
    public void Quoted_scalars_are_always_strings()
    {
        var map = Map("a: \"0.1\"\nb: 'yes'\nc: !!str 12\n");
        Assert.All(new[] { "a", "b", "c" }, k => Assert.Equal(YamlScalarKind.String, ((YamlScalar)map[k]!).Kind));
        Assert.False(((YamlScalar)map["a"]!).IsPlain);
    }

    [Fact]
    public void Duplicate_keys_keep_the_last_value_and_warn_with_the_line()
    {
        var document = YamlDocumentReader.ReadText("name: first\nother: 1\nname: second\n", "p.yaml");
        var map = Assert.IsType<YamlMapping>(document.Root);
        Assert.Equal("second", ((YamlScalar)map["name"]!).Value);
        Assert.Equal(2, map.Entries.Count);
        var warning = Assert.Single(document.Warnings);
        Assert.Equal(3, warning.Mark.Line);
        Assert.Contains("duplicate key 'name'", warning.Message);
    }

    [Fact]
    public void Merge_keys_merge_and_explicit_keys_win_wherever_they_stand()
    {
        var map = Map("base: &b\n  x: 1\n  y: 2\nchild:\n  y: 20\n  <<: *b\n  z: 3\n");
        var child = Assert.IsType<YamlMapping>(map["child"]);
        Assert.Equal("1", ((YamlScalar)child["x"]!).Value);
        Assert.Equal("20", ((YamlScalar)child["y"]!).Value);
        Assert.Equal("3", ((YamlScalar)child["z"]!).Value);
    }

    [Fact]
    public void Merge_from_a_list_gives_the_earlier_mapping_precedence()
    {
        var map = Map("a: &a {k: from_a}\nb: &b {k: from_b, j: b}\nc:\n  <<: [*a, *b]\n");
        var c = Assert.IsType<YamlMapping>(map["c"]);
        Assert.Equal("from_a", ((YamlScalar)c["k"]!).Value);
        Assert.Equal("b", ((YamlScalar)c["j"]!).Value);
    }

    [Fact]
    public void Aliases_reuse_anchored_nodes()
    {
        var map = Map("list: &l [1, 2]\nagain: *l\n");
        Assert.Same(map["list"], map["again"]);
    }

    [Fact]
    public void CRLF_comments_before_the_document_marker_and_a_BOM_are_fine()
    {
        var document = YamlDocumentReader.ReadText("\uFEFF# comment\r\n---\r\nname: x\r\nversion: 1.0.0\r\n", "p.yaml");
        var map = Assert.IsType<YamlMapping>(document.Root);
        Assert.Equal("x", ((YamlScalar)map["name"]!).Value);
        Assert.Equal(4, map["version"]!.Mark.Line);
    }

    [Fact]
    public void An_empty_file_or_document_has_no_root()
    {
        Assert.Null(YamlDocumentReader.ReadText("", "e.yaml").Root);
        Assert.Null(YamlDocumentReader.ReadText("# only a comment\n", "e.yaml").Root);
        Assert.Null(YamlDocumentReader.ReadText("---\n", "e.yaml").Root);
    }

    [Fact]
    public void Two_documents_are_an_error_as_in_safe_load()
    {
        var e = Assert.Throws<YamlSyntaxException>(() => YamlDocumentReader.ReadText("a: 1\n---\nb: 2\n", "two.yaml"));
        Assert.Contains("single document", e.Reason);
        Assert.Equal(2, e.Mark.Line);
    }

    [Fact]
    public void Syntax_errors_name_the_file_and_line()
    {
        var e = Assert.Throws<YamlSyntaxException>(() => YamlDocumentReader.ReadText("a: 1\nb: [unclosed\nc: 2\n", "bad.yaml"));
        Assert.Equal("bad.yaml", e.Path);
        Assert.True(e.Mark.Line >= 2);
        Assert.Contains("bad.yaml", e.Message);
    }

    [Fact]
    public void An_undefined_alias_is_a_clear_error()
    {
        var e = Assert.Throws<YamlSyntaxException>(() => YamlDocumentReader.ReadText("a: *nope\n", "alias.yaml"));
        Assert.Contains("nope", e.Message);
    }

    [Fact]
    public void Plain_values_convert_like_python()
    {
        var map = Map("f: 0.1\ni: 010\nb: yes\nn: ~\nl: [a, 1]\nm: {k: v}\n");
        var plain = Assert.IsType<Dictionary<string, object?>>(YamlPlainValues.ToPlain(map));
        Assert.Equal(0.1, plain["f"]);
        Assert.Equal(8L, plain["i"]);
        Assert.Equal(true, plain["b"]);
        Assert.Null(plain["n"]);
        Assert.Equal(new object?[] { "a", 1L }, Assert.IsType<List<object?>>(plain["l"]));
        Assert.Equal("0.1", YamlPlainValues.PythonText((YamlScalar)map["f"]!));
    }
}
