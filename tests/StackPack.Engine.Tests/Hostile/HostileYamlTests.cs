using System.Globalization;
using System.Text;
using StackPack.Engine.Config;
using StackPack.Engine.Packs;
using StackPack.Engine.Tests.Support;
using StackPack.Engine.Yaml;

namespace StackPack.Engine.Tests.Hostile;

/// <summary>Hostile YAML: alias bombs, deep nesting and unsafe tags are errors on the file and line, never a crash.</summary>
public class HostileYamlTests : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    /// <summary>The classic "billion laughs": nine levels of nine aliases each, about 600 bytes, 9^9 values expanded.</summary>
    public static string BillionLaughs(string prefix = "", string indent = "")
    {
        var text = new StringBuilder(prefix).Append(indent + "a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n");
        for (var level = 'b'; level <= 'i'; level++)
        {
            var previous = (char)(level - 1);
            text.Append(CultureInfo.InvariantCulture, $"{indent}{level}: &{level} [").Append(string.Join(",", Enumerable.Repeat($"*{previous}", 9))).Append("]\n");
        }

        return text.ToString();
    }

    [Fact]
    public void A_billion_laughs_is_refused_on_the_line_that_expands_too_far()
    {
        var yaml = BillionLaughs();
        Assert.True(yaml.Length < 700);
        var error = Assert.Throws<YamlSyntaxException>(() => YamlDocumentReader.ReadText(yaml, "bomb.yaml"));
        Assert.Equal("bomb.yaml", error.Path);
        Assert.Contains("billion laughs", error.Reason);
        Assert.Equal(7, error.Mark.Line); // g: 9^7 = 4,782,969 values is the first over the budget
    }

    [Fact]
    public void Merge_keys_count_toward_the_expansion_budget()
    {
        var text = new StringBuilder("l0: &l0 {v: [x, x, x, x, x, x, x, x, x, x]}\n");
        for (var level = 1; level <= 7; level++)
        {
            // Each level merges the previous one and adds ten aliases of it.
            text.Append(CultureInfo.InvariantCulture, $"l{level}: &l{level} {{<<: *l{level - 1}, ").Append(string.Join(", ", Enumerable.Range(0, 10).Select(i => $"k{level}_{i}: *l{level - 1}"))).Append("}\n");
        }

        var error = Assert.Throws<YamlSyntaxException>(() => YamlDocumentReader.ReadText(text.ToString(), "merge.yaml"));
        Assert.Contains("merge keys", error.Reason);
    }

    [Fact]
    public void Shared_anchors_within_the_budget_still_read()
    {
        var document = YamlDocumentReader.ReadText("base: &b {x: 1}\nuses: [*b, *b, *b]\nmerged: {<<: *b, y: 2}\n", "ok.yaml");
        var root = Assert.IsType<YamlMapping>(document.Root);
        Assert.Same(root["base"], ((YamlSequence)root["uses"]!).Items[2]);
        Assert.Equal(2, ((YamlMapping)root["merged"]!).Entries.Count);
    }

    [Theory]
    [InlineData(30_000)]
    [InlineData(1_001)]
    public void Deep_flow_nesting_is_an_error_not_a_stack_overflow(int depth)
    {
        var yaml = "x: " + new string('[', depth) + new string(']', depth) + "\n";
        var error = Assert.Throws<YamlSyntaxException>(() => YamlDocumentReader.ReadText(yaml, "deep.yaml"));
        Assert.Contains("more than 1000 levels", error.Reason);
        Assert.Equal(1, error.Mark.Line);
    }

    [Fact]
    public void Deep_block_nesting_is_an_error_too()
    {
        var yaml = "x:\n" + string.Concat(Enumerable.Range(1, 1_200).Select(i => new string(' ', i) + "k:\n"));
        var error = Assert.Throws<YamlSyntaxException>(() => YamlDocumentReader.ReadText(yaml, "deep.yaml"));
        Assert.Contains("more than 1000 levels", error.Reason);
    }

    [Fact]
    public void Nesting_of_1000_levels_still_reads()
    {
        var yaml = "x: " + new string('[', 999) + "1" + new string(']', 999) + "\n";
        var root = Assert.IsType<YamlMapping>(YamlDocumentReader.ReadText(yaml, "ok.yaml").Root);
        Assert.Equal(1000, root.Height);
        Assert.NotNull(YamlPlainValues.ToPlain(root));
    }

    [Fact]
    public void Aliases_cannot_stack_nesting_beyond_the_limit()
    {
        // Each anchor nests 600 levels and holds the previous one: 1,800 levels once copied out.
        var text = new StringBuilder("a: &a " + new string('[', 600) + new string(']', 600) + "\n");
        text.Append("b: &b " + new string('[', 600) + "*a" + new string(']', 600) + "\n");
        text.Append("c: &c " + new string('[', 600) + "*b" + new string(']', 600) + "\n");
        var error = Assert.Throws<YamlSyntaxException>(() => YamlDocumentReader.ReadText(text.ToString(), "stacked.yaml"));
        Assert.Contains("aliases", error.Reason);
        Assert.Equal(2, error.Mark.Line);
    }

    [Theory]
    [InlineData("x: !!python/object/apply:os.system [\"id\"]\n", "tag:yaml.org,2002:python/object/apply:os.system")]
    [InlineData("x: !!python/name:os.system ''\n", "tag:yaml.org,2002:python/name:os.system")]
    [InlineData("x: !!python/object:__main__.X {a: 1}\n", "tag:yaml.org,2002:python/object:__main__.X")]
    [InlineData("x: !custom value\n", "!custom")]
    [InlineData("x: !<tag:example.com,2000:thing> value\n", "tag:example.com,2000:thing")]
    [InlineData("x:\n  - 1\n  - !!python/tuple [1, 2]\n", "tag:yaml.org,2002:python/tuple")]
    public void Tags_safe_load_has_no_constructor_for_are_refused(string yaml, string tag)
    {
        var error = Assert.Throws<YamlSyntaxException>(() => YamlDocumentReader.ReadText(yaml, "tags.yaml"));
        Assert.Contains($"could not determine a constructor for the tag '{tag}'", error.Reason);
        Assert.Equal(yaml.Split('\n').TakeWhile(l => !l.Contains('!')).Count() + 1, error.Mark.Line);
    }

    [Theory]
    [InlineData("!!str 12", YamlScalarKind.String, "12")]
    [InlineData("!!int \"12\"", YamlScalarKind.Int, 12L)]
    [InlineData("!!int 0x1F", YamlScalarKind.Int, 31L)]
    [InlineData("!!float 1", YamlScalarKind.Float, 1.0)]
    [InlineData("!!bool \"YES\"", YamlScalarKind.Bool, true)]
    [InlineData("!!null whatever", YamlScalarKind.Null, null)]
    [InlineData("!!binary aGVsbG8=", YamlScalarKind.String, "aGVsbG8=")]
    [InlineData("!!timestamp 2001-12-14t21:59:43.10-05:00", YamlScalarKind.String, "2001-12-14t21:59:43.10-05:00")]
    [InlineData("! 12", YamlScalarKind.String, "12")]
    public void Core_tags_are_constructed_as_SafeLoader_does(string scalar, YamlScalarKind kind, object? plain)
    {
        var value = Assert.IsType<YamlScalar>(Assert.IsType<YamlMapping>(YamlDocumentReader.ReadText($"v: {scalar}\n", "t.yaml").Root)["v"]);
        Assert.Equal(kind, value.Kind);
        Assert.Equal(plain, YamlPlainValues.ToPlain(value));
    }

    [Theory]
    [InlineData("v: !!int abc\n", "is not a valid value for the tag '!!int'")]
    [InlineData("v: !!bool maybe\n", "is not a valid value for the tag '!!bool'")]
    [InlineData("v: !!str {a: 1}\n", "expected a scalar node, but found mapping")]
    [InlineData("v: !!map [1]\n", "expected a mapping node, but found sequence")]
    [InlineData("v: !!seq x\n", "expected a sequence node, but found scalar")]
    public void Core_tags_on_the_wrong_value_are_refused(string yaml, string reason)
    {
        var error = Assert.Throws<YamlSyntaxException>(() => YamlDocumentReader.ReadText(yaml, "t.yaml"));
        Assert.Contains(reason, error.Reason);
    }

    [Fact]
    public void Core_collection_tags_are_accepted()
    {
        var root = Assert.IsType<YamlMapping>(YamlDocumentReader.ReadText("a: !!map {x: 1}\nb: !!seq [1]\nc: !!set {x, y}\nd: !!omap [{x: 1}]\n", "t.yaml").Root);
        Assert.Equal(4, root.Entries.Count);
    }

    [Fact]
    public void A_pack_yaml_bomb_is_InvalidPackMetadata_naming_the_file()
    {
        var file = _temp.Write("bomb/pack.yaml", BillionLaughs("ref: bomb\nname: bomb\nversion: 1.0.0\n"));
        var error = Assert.Throws<InvalidPackMetadataException>(() => PackManifestReader.ReadPack(Path.GetDirectoryName(file)!));
        Assert.Equal(file, error.Target);
        Assert.Contains("billion laughs", error.Message);
    }

    [Fact]
    public void A_config_schema_bomb_is_InvalidConfigSchema_naming_the_file()
    {
        var file = _temp.Write("pack/config.schema.yaml", BillionLaughs("x:\n  type: object\n  default:\n", indent: "    "));
        var error = Assert.Throws<InvalidConfigSchemaException>(() => ConfigSchemaReader.Read(file));
        Assert.Equal("InvalidConfigSchema", error.ErrorId);
        Assert.Contains(file, error.Message);
        Assert.Equal(10, Assert.Single(error.Problems).Line);
    }

    [Fact]
    public void A_config_bomb_is_ConfigUnreadable_naming_the_file()
    {
        var file = _temp.Write("configs/bomb.yaml", BillionLaughs());
        var error = Assert.Throws<StackPackException>(() => ConfigFileStore.Read(file));
        Assert.Equal("ConfigUnreadable", error.ErrorId);
        Assert.Contains(file, error.Message);
        Assert.Contains("line 7", error.Message);
    }
}
