using System.Text;
using StackPack.Engine.Tests.Support;
using StackPack.Engine.Yaml;

namespace StackPack.Engine.Tests.Yaml;

/// <summary>
/// The fast reader is held to the full (YamlDotNet) parser: for any bytes it either declines or
/// gives the same tree, types, marks and warnings; and it must read the plain YAML packs are written in.
/// </summary>
public class SimpleYamlReaderTests
{
    // More rounds for a long local run: STACKPACK_YAML_FUZZ_ROUNDS=50.
    private static readonly int Rounds = int.TryParse(Environment.GetEnvironmentVariable("STACKPACK_YAML_FUZZ_ROUNDS"), out var rounds) && rounds > 0 ? rounds : 1;

    /// <summary>Compares the two readers on <paramref name="bytes"/>; true when the fast one read the file.</summary>
    internal static bool SameOrDeclined(byte[] bytes, string name)
    {
        var (read, problem) = Compare(bytes, name);
        Assert.True(problem is null, problem);
        return read;
    }

    /// <summary>Whether the fast reader read the file, and how it disagrees with the full parser (null when it does not).</summary>
    private static (bool Read, string? Problem) Compare(byte[] bytes, string name)
    {
        var fast = SimpleYamlReader.TryRead(bytes, name);
        YamlDocument? full;
        try
        {
            full = YamlDocumentReader.ReadBytesInFull(bytes, name);
        }
        catch (YamlSyntaxException e)
        {
            return (fast is not null, fast is null ? null : $"{name}: the fast reader read what the full parser refuses ({e.Reason})\n{Encoding.UTF8.GetString(bytes)}");
        }

        if (fast is null)
        {
            return (false, null);
        }

        var difference = YamlTreeDifference.Of(full, fast);
        return (true, difference is null ? null : $"{name}: {difference}\n{Encoding.UTF8.GetString(bytes)}");
    }

    /// <summary>Compares many inputs and fails with the first few disagreements, so one run shows them all.</summary>
    private static void AllSameOrDeclined(IEnumerable<(string Name, byte[] Bytes)> inputs)
    {
        var problems = inputs.Select(input => Compare(input.Bytes, input.Name).Problem).OfType<string>().ToList();
        Assert.True(problems.Count == 0, $"{problems.Count} disagreements; the first ones:\n\n{string.Join("\n----\n", problems.Take(8))}");
    }

    public static TheoryData<string> PlainCases => new(Plain);

    private static readonly string[] Plain =
    [
        "name: x\nversion: 1.0.0\n",
        "\uFEFFname: x\r\nversion: 0.1\r\n",
        "---\nname: x\n",
        "# c\n\n--- # start\n# more\nname: x # trailing\n",
        "a: 1\nb: -1\nc: 0x1F\nd: yes\ne: ~\nf: null\ng: .inf\nh: 1.0.0\ni: 010\nj: 1:30\n",
        "a:\nb:    \nc: # comment\nd: ''\ne: \"\"\n",
        "a:\n  b:\n    c: d\n  e: f\ng: h\n",
        "  a: 1\n  b:\n    - x\n",
        "list:\n  - a\n  - b\n  -\n  - 'c'\n",
        "list:\n- a\n- b\nnext: 1\n",
        "list:\n-\n- x\n",
        "- a\n- b: 1\n  c: 2\n-   d: 3\n    e:\n      - f\n-\n  - nested\n",
        "- name: a\n  type: string\n- name: b\n  parameters:\n    x:\n      type: integer\n      default: 5\n",
        "a: 'it''s'\nb: \"say \\\"hi\\\" \\\\ \\n \\t \\u00e9 \\x41 \\/\"\nc: \"tab\there\"\n",
        "'quoted key': 1\n\"other\": 2\n\"\": 3\n",
        "url: http://example.com:8080/a?b=c#frag\nx: a#b\ny: '# not a comment'\nz: x{{ jinja }}\n",
        "w: \"{{ st2kv.system.x }}\"\nv: '{{ a }}'\n",
        "e: []\nf: {}\ng: [a, b, \"c d\", 'e']\nh: {k: v, 'q': \"w\", n: 1}\ni: [ 1 , 2 ]\n",
        "l: |\n  line 1\n\n  line 3\n    indented\nm: x\n",
        "l: |-\n  a\n  b\n\n\nm: x\n",
        "l: |+\n  a\n\n\nm: x\n",
        "f: >\n  one\n  two\n\n  three\n\n\n  four\nm: x\n",
        "f: >-\n  one\n  two\n",
        "f: >+\n  one\n\n",
        "f: >\n\n  after blank\n",
        "l: | # note\n  x\n",
        "- |\n  in a list\n- >\n  folded\n  item\n",
        "- a: |\n    in a compact mapping\n  b: 1\n",
        "description: caf\u00e9 \u2014 na\u00efve\nk\u00e9y: v\u00e4lue\n",
        "a: 1\nb: 2\na: 3\n",
        "m:\n  x: 1\n  x: 2\n  x: 3\n",
        "many:\n" + string.Concat(Enumerable.Range(0, 20).Select(i => $"  k{i}: {i}\n")) + "  k3: again\n",
        "a: b\n\n\n# end\n",
        "a: b",
        "a: |\n  no final break\n",
        "a: x   \nb: 'y'   \n",
        "key with spaces: v\nkey-with-dash: v\nkey.with.dots: v\n\"1\": v\n1: int key\nyes: bool key\n",
        "a: -x\nb: --x\nc: ---\nd: a - b\n",
        "a: \"\"\nb: ''\nc: \" \"\n",
        "a: [\"x, y\", 'z]']\n",
        "a: \"\\u2028 \\u00a0\"\n",
    ];

    [Theory]
    [MemberData(nameof(PlainCases))]
    public void Reads_plain_YAML_exactly_as_the_full_parser(string yaml) =>
        Assert.True(SameOrDeclined(Encoding.UTF8.GetBytes(yaml), "plain.yaml"), "the fast reader declined it");

    /// <summary>Rarer YAML, and errors: left to the full parser, whose messages and marks users see.</summary>
    public static TheoryData<string> Rare => new()
    {
        "z: {{ jinja }}x\n",
        "e: a: b\n",
        "- - nested\n",
        "a: &x 1\nb: *x\n",
        "base: &b {x: 1}\nc:\n  <<: *b\n",
        "a: !!str 1\n",
        "? complex\n: value\n",
        "%YAML 1.1\n---\na: 1\n",
        "a: 1\n---\nb: 2\n",
        "a: 1\n...\n",
        "a: multi\n  line plain\n",
        "a: \"multi\n  line quoted\"\n",
        "a: [1,\n  2]\n",
        "a: [[1], {b: 2}]\n",
        "a: [1, 2,]\n",
        "a:\tb\n",
        "\ta: b\n",
        "a: |2\n   x\n",
        "a: >\n  x\n    more\n  y\n",
        "a: |\n  x\n   \n",
        "a: |\n",
        "just a scalar\n",
        "[a, b]\n",
        "a: 1\n b: 2\n",
        "a:\n  - x\n - y\n",
        "a: \"\\N \\_ \\L \\P \\U0001F600\"\n",
        "a: \"\\q\"\n",
        "a: 'unclosed\n",
        "a: \"x\"y\n",
        "a: b\rc: d\n",
        "a: \u0085x\n",
        "a: \u2028\n",
        "a: \ud83d\ude00\n",
        "a: \u0001\n",
        "a: x\u007f\n",
        "a: x #\u0085\n",
        "a: b\n\uFEFFc: d\n",
        "- a\nb: c\n",
        "a: b\n- c\n",
        "a: {b}\n",
        "a: {\"b\":1}\n",
        "a: [b: 1]\n",
        "a: [b #c]\n",
        "\"a\" : b\n",
        "a : b\n",
        "a: @x\n",
        "a: `x\n",
        "a: %x\n",
        "a: |\n  x\n\ty\n",
        "<<: {a: 1}\n",
        "a: {b *c: d}\n",
        "a: {x *: 'y', z: 0}\n",
        "a: {x *: ' #', y: 0}\n",
        "- {k: v, b *c: d}\n",
    };

    [Theory]
    [MemberData(nameof(Rare))]
    public void Leaves_rarer_YAML_and_errors_to_the_full_parser_or_agrees_with_it(string yaml) =>
        SameOrDeclined(Encoding.UTF8.GetBytes(yaml), "rare.yaml");

    [FixtureFact]
    public void Reads_the_real_fixture_files_as_the_full_parser_does()
    {
        var files = FixtureYamlFiles();
        var read = files.Count(f => SameOrDeclined(f.Bytes, f.Name));

        // Real pack files are plain YAML: the fast reader must take nearly all of them, or it is not the fast path.
        Assert.True(read >= files.Count * 0.9, $"the fast reader read only {read} of {files.Count} fixture files");
    }

    [Fact]
    public void Mutated_plain_YAML_is_read_as_the_full_parser_reads_it_or_declined()
    {
        var random = new Random(1402);
        AllSameOrDeclined(Plain.SelectMany(yaml => Enumerable.Range(0, Rounds * 300)
            .Select(_ => ("mutated.yaml", Mutate(Encoding.UTF8.GetBytes(yaml), random)))).ToList());
    }

    [FixtureFact]
    public void Mutated_fixture_files_are_read_as_the_full_parser_reads_them_or_declined()
    {
        var random = new Random(1403);
        AllSameOrDeclined(FixtureYamlFiles().Where(f => f.Bytes.Length < 16_384)
            .SelectMany(f => Enumerable.Range(0, Rounds * 6).Select(_ => (f.Name, Mutate(f.Bytes, random)))).ToList());
    }

    [Fact]
    public void Hostile_shapes_are_left_to_the_full_parser_without_overflowing_the_stack()
    {
        var deepMapping = string.Concat(Enumerable.Range(0, 3000).Select(i => new string(' ', i) + "a:\n"));
        var deepList = string.Concat(Enumerable.Range(0, 3000).Select(i => new string(' ', 2 * i) + "-\n"));
        var longLine = "a: " + new string('x', 2_000_000) + "\n";
        var longKey = new string('k', 5000) + ": v\n";
        var manyNodes = string.Concat(Enumerable.Repeat("- x\n", 1_100_000));

        // One line of 100,000 values in a file with non-ASCII text: columns must not be counted from the start of the line for each.
        var wideFlow = "a: [" + string.Join(", ", Enumerable.Repeat("\u00e9", 100_000)) + "]\n";
        Assert.True(SameOrDeclined(Encoding.UTF8.GetBytes(wideFlow), "wide.yaml"), "the fast reader declined a wide flow list");
        foreach (var yaml in new[] { deepMapping, deepList, longLine, longKey, manyNodes })
        {
            SameOrDeclined(Encoding.UTF8.GetBytes(yaml), "hostile.yaml");
        }

        Assert.Null(SimpleYamlReader.TryRead(Encoding.UTF8.GetBytes(deepMapping), "deep.yaml"));
        Assert.Null(SimpleYamlReader.TryRead(Encoding.UTF8.GetBytes(manyNodes), "many.yaml"));
        Assert.Null(SimpleYamlReader.TryRead([0x61, 0x3A, 0x20, 0xFF, 0x0A], "not-utf8.yaml"));
        Assert.Null(SimpleYamlReader.TryRead([0xFF, 0xFE, 0x61, 0x00], "utf16.yaml"));
    }

    /// <summary>The product's entry point: what the fast reader declines still meets every refusal of the full parser, on its line.</summary>
    [Theory]
    [InlineData("a: &a [x, x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]\ne: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d, *d]\nf: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e, *e]\ng: [*f, *f, *f, *f, *f, *f, *f, *f, *f, *f]\n", "billion laughs")]
    [InlineData("cmd: !!python/object/apply:os.system [echo pwned]\n", "python/object")]
    [InlineData("name: x\n---\nname: y\n", "single document")]
    public void Bytes_it_declines_still_get_the_full_parsers_refusal(string yaml, string reason)
    {
        var error = Assert.Throws<YamlSyntaxException>(() => YamlDocumentReader.ReadBytes(Encoding.UTF8.GetBytes(yaml), "hostile.yaml"));
        Assert.Contains(reason, error.Message, StringComparison.OrdinalIgnoreCase);
        Assert.True(error.Mark.Line > 0);
    }

    [Fact]
    public void Nesting_deeper_than_the_limit_is_refused_through_the_fast_path_without_overflowing_the_stack()
    {
        var deep = string.Concat(Enumerable.Range(0, 1500).Select(i => new string(' ', i) + "a:\n")) + new string(' ', 1500) + "b: 1\n";
        var error = Assert.Throws<YamlSyntaxException>(() => YamlDocumentReader.ReadBytes(Encoding.UTF8.GetBytes(deep), "deep.yaml"));
        Assert.Contains("levels deep", error.Message, StringComparison.Ordinal);
    }

    /// <summary>One to three random edits of the kind that break YAML: a character deleted, a significant one inserted, a line repeated.</summary>
    private static byte[] Mutate(byte[] original, Random random)
    {
        var bytes = new List<byte>(original);
        var significant = " :-#'\"|>[]{},\n\t&*!?%\\"u8.ToArray();
        for (var edits = random.Next(1, 4); edits > 0; edits--)
        {
            var at = random.Next(bytes.Count + 1);
            switch (random.Next(4))
            {
                case 0 when at < bytes.Count:
                    bytes.RemoveAt(at);
                    break;
                case 1:
                    bytes.Insert(at, significant[random.Next(significant.Length)]);
                    break;
                case 2:
                    bytes.InsertRange(at, "  "u8.ToArray());
                    break;
                default:
                    var start = bytes.LastIndexOf((byte)'\n', Math.Max(0, at - 1)) + 1;
                    var end = bytes.IndexOf((byte)'\n', Math.Min(at, bytes.Count));
                    end = end < 0 ? bytes.Count : end + 1;
                    bytes.InsertRange(start, bytes.GetRange(start, end - start));
                    break;
            }
        }

        return bytes.ToArray();
    }

    /// <summary>Every regular *.yaml/*.yml file under the fixtures (links are not followed: the fixtures are messy on purpose).</summary>
    private static List<(string Name, byte[] Bytes)> FixtureYamlFiles()
    {
        var options = new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = FileAttributes.ReparsePoint, IgnoreInaccessible = true };
        var files = new List<(string, byte[])>();
        foreach (var file in new DirectoryInfo(Fixtures.Path()).EnumerateFiles("*", options).Where(f => f.Extension is ".yaml" or ".yml").OrderBy(f => f.FullName, StringComparer.Ordinal))
        {
            try
            {
                files.Add((Path.GetRelativePath(Fixtures.Path(), file.FullName), StructuredFile.ReadAllBytes(file.FullName)));
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // Not a regular readable file: not YAML to compare.
            }
        }

        return files            .ToList();
    }
}
