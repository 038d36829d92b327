using System.Text;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace StackPack.Engine.Yaml;

/// <summary>
/// Reads one YAML document into a <see cref="YamlNode"/> tree the way PyYAML's safe_load
/// does: anchors and aliases, merge keys (<c>&lt;&lt;</c>) with explicit keys winning,
/// duplicate keys allowed (the last one wins, and we warn), YAML 1.1 scalar types,
/// comments and CRLF line endings. More than one document is an error, as in safe_load.
/// Hostile files are refused on their line: nesting deeper than <see cref="MaxDepth"/>
/// (a stack overflow cannot be caught), aliases that would expand to more than
/// <see cref="MaxExpandedNodes"/> nodes ("billion laughs"), and tags safe_load has no
/// constructor for (<c>!!python/object/apply:os.system</c>, any local <c>!tag</c>).
/// </summary>
public static class YamlDocumentReader
{
    /// <summary>Real pack files nest a few dozen levels.</summary>
    public const int MaxDepth = 1000;

    /// <summary>Nodes a document may stand for once aliases and merge keys are copied out; real files have thousands.</summary>
    public const long MaxExpandedNodes = 1_000_000;

    private const string MergeKey = "<<";

    public static YamlDocument ReadFile(string path) => ReadBytes(ReadFileBytes(path), path);

    /// <summary>A file's bytes, with the refusals of <see cref="StructuredFile"/>, for a caller that looks at them before parsing.</summary>
    /// <exception cref="YamlSyntaxException">The file cannot be read (<see cref="YamlSyntaxException.Unreadable"/>).</exception>
    public static byte[] ReadFileBytes(string path)
    {
        try
        {
            return StructuredFile.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new YamlSyntaxException(path, new YamlMark(0, 0), $"cannot be read: {StructuredFile.Reason(e)}", e) { Unreadable = true };
        }
    }

    /// <summary>
    /// Parses a file's bytes (as read by <see cref="ReadFileBytes"/>): with <see cref="SimpleYamlReader"/>
    /// when the file is written in the plain YAML it reads, else (and for every error) with YamlDotNet.
    /// </summary>
    public static YamlDocument ReadBytes(byte[] bytes, string path) =>
        SimpleYamlReader.TryRead(bytes, path) ?? ReadBytesInFull(bytes, path);

    /// <summary>Parses a file's bytes with the full parser only: what <see cref="SimpleYamlReader"/> is held to.</summary>
    internal static YamlDocument ReadBytesInFull(byte[] bytes, string path) => ReadText(Decode(bytes), path);

    /// <summary>
    /// The text of a file's bytes: UTF-8, or UTF-16/32 with a byte order mark (the mark dropped),
    /// as StreamReader would detect, decoded in one step with no reader buffers in between.
    /// </summary>
    internal static string Decode(byte[] bytes)
    {
        ReadOnlySpan<byte> content = bytes;
        var encoding = content switch
        {
            [0xFF, 0xFE, 0x00, 0x00, ..] => new UTF32Encoding(bigEndian: false, byteOrderMark: true),
            [0x00, 0x00, 0xFE, 0xFF, ..] => new UTF32Encoding(bigEndian: true, byteOrderMark: true),
            [0xFF, 0xFE, ..] => Encoding.Unicode,
            [0xFE, 0xFF, ..] => Encoding.BigEndianUnicode,
            _ => Encoding.UTF8,
        };
        var preamble = encoding.Preamble;
        if (content.StartsWith(preamble))
        {
            content = content[preamble.Length..];
        }

        return encoding.GetString(content);
    }

    public static YamlDocument ReadText(string text, string path)
    {
        // A byte order mark left in the text would start a stray document.
        var builder = new TreeBuilder(path, new Parser(new StringReader(text.TrimStart('\uFEFF'))));
        return builder.Build();
    }

    private sealed class TreeBuilder
    {
        private readonly string _path;
        private readonly IParser _parser;
        private readonly Dictionary<string, YamlNode> _anchors = new(StringComparer.Ordinal);
        private List<YamlWarning>? _warnings;
        private int _depth;

        public TreeBuilder(string path, IParser parser)
        {
            _path = path;
            _parser = parser;
        }

        private IReadOnlyList<YamlWarning> Warnings => (IReadOnlyList<YamlWarning>?)_warnings ?? [];

        public YamlDocument Build()
        {
            try
            {
                Expect<StreamStart>();
                if (_parser.TryConsume<StreamEnd>(out _))
                {
                    return new YamlDocument(_path, null, Warnings);
                }

                Expect<DocumentStart>();
                var root = ReadNode();
                Expect<DocumentEnd>();
                if (_parser.Current is DocumentStart extra)
                {
                    throw new YamlSyntaxException(_path, ToMark(extra.Start),
                        "expected a single document but found another one (a second '---')");
                }

                Expect<StreamEnd>();
                return new YamlDocument(_path, root is YamlScalar { IsNull: true, IsPlain: true, Value: "" } ? null : root, Warnings);
            }
            catch (YamlException e)
            {
                throw new YamlSyntaxException(_path, ToMark(e.Start), Describe(e), e);
            }
            catch (InvalidOperationException e)
            {
                // YamlDotNet's scanner throws this on some malformed input (e.g. an unclosed
                // flow sequence); report it as a syntax error at the last position we reached.
                throw new YamlSyntaxException(_path, ToMark(_parser.Current?.Start ?? Mark.Empty),
                    "malformed YAML (an unclosed bracket, brace or quote?)", e);
            }
        }

        private static string Describe(YamlException e)
        {
            // YamlDotNet prefixes messages with "(Line: x, Col: y, Idx: z) - (Line..): "; keep only the reason.
            var message = e.Message;
            var cut = message.LastIndexOf("): ", StringComparison.Ordinal);
            return cut >= 0 ? message[(cut + 3)..] : message;
        }

        private void Expect<T>() where T : ParsingEvent
        {
            if (_parser.Current is null)
            {
                _parser.MoveNext();
            }

            if (_parser.Current is T)
            {
                _parser.MoveNext();
                return;
            }

            var at = _parser.Current?.Start ?? Mark.Empty;
            throw new YamlSyntaxException(_path, ToMark(at), $"unexpected {_parser.Current?.GetType().Name ?? "end of file"}");
        }

        private YamlNode ReadNode()
        {
            var current = _parser.Current ?? throw new YamlSyntaxException(_path, default, "unexpected end of file");
            switch (current)
            {
                case AnchorAlias alias:
                    _parser.MoveNext();
                    if (_anchors.TryGetValue(alias.Value.Value, out var target))
                    {
                        return target;
                    }

                    throw new YamlSyntaxException(_path, ToMark(alias.Start), $"alias '*{alias.Value.Value}' refers to an anchor that is not defined before it");

                case Scalar scalar:
                    _parser.MoveNext();
                    return Remember(scalar.Anchor, ToScalar(scalar));

                case SequenceStart start:
                    CheckCollection(start.Tag, YamlCoreTags.NodeKind.Sequence, start.Start);
                    _parser.MoveNext();
                    Enter(start.Start);
                    var sequence = ReadSequence(start);
                    _depth--;
                    return sequence;

                case MappingStart start:
                    CheckCollection(start.Tag, YamlCoreTags.NodeKind.Mapping, start.Start);
                    _parser.MoveNext();
                    Enter(start.Start);
                    var mapping = ReadMapping(start);
                    _depth--;
                    return mapping;

                default:
                    throw new YamlSyntaxException(_path, ToMark(current.Start), $"unexpected {current.GetType().Name}");
            }
        }

        /// <summary>Goes one level deeper into a collection, refusing too deep a nesting before it can overflow the stack.</summary>
        private void Enter(Mark at)
        {
            if (++_depth > MaxDepth)
            {
                throw new YamlSyntaxException(_path, ToMark(at), $"nests lists and mappings more than {MaxDepth} levels deep; real files need a few dozen");
            }
        }

        private void CheckCollection(TagName tag, YamlCoreTags.NodeKind kind, Mark at)
        {
            if (YamlCoreTags.RefuseCollection(tag.IsEmpty ? null : tag.Value, kind) is { } reason)
            {
                throw new YamlSyntaxException(_path, ToMark(at), reason);
            }
        }

        private YamlNode ReadSequence(SequenceStart start)
        {
            var items = new List<YamlNode>();
            while (!_parser.TryConsume<SequenceEnd>(out _))
            {
                items.Add(ReadNode());
            }

            return Remember(start.Anchor, new YamlSequence(items, ToMark(start.Start)));
        }

        private YamlNode ReadMapping(MappingStart start)
        {
            var explicitEntries = new YamlMappingEntries();
            List<KeyValuePair<string, YamlNode>>? merged = null;

            while (!_parser.TryConsume<MappingEnd>(out _))
            {
                var keyNode = ReadNode();
                var value = ReadNode();
                if (keyNode is not YamlScalar key)
                {
                    throw new YamlSyntaxException(_path, keyNode.Mark, "a mapping key must be a plain value, not a list or a mapping");
                }

                if (key.IsPlain && key.Value == MergeKey)
                {
                    CollectMerge(value, merged ??= new());
                    continue;
                }

                explicitEntries.Add(key.Value, key.Mark, value, ref _warnings);
            }

            if (merged is null)
            {
                return Remember(start.Anchor, new YamlMapping(explicitEntries.Entries, ToMark(start.Start)));
            }

            // Merge-key semantics: explicit keys always win over merged ones, wherever they stand.
            var entries = new List<KeyValuePair<string, YamlNode>>(merged.Count + explicitEntries.Entries.Count);
            var seen = new HashSet<string>(explicitEntries.Entries.Select(e => e.Key), StringComparer.Ordinal);
            foreach (var entry in merged)
            {
                if (seen.Add(entry.Key))
                {
                    entries.Add(entry);
                }
            }

            entries.AddRange(explicitEntries.Entries);
            return Remember(start.Anchor, new YamlMapping(entries, ToMark(start.Start)));
        }

        private void CollectMerge(YamlNode value, List<KeyValuePair<string, YamlNode>> merged)
        {
            // "<<: *a" or "<<: [*a, *b]"; in a list the earlier mapping takes precedence.
            var sources = value switch
            {
                YamlMapping mapping => new[] { mapping },
                YamlSequence sequence when sequence.Items.All(i => i is YamlMapping) => sequence.Items.Cast<YamlMapping>().ToArray(),
                _ => throw new YamlSyntaxException(_path, value.Mark, "a merge key '<<' needs a mapping or a list of mappings"),
            };

            var present = new HashSet<string>(merged.Select(m => m.Key), StringComparer.Ordinal);
            foreach (var source in sources)
            {
                foreach (var entry in source.Entries)
                {
                    if (present.Add(entry.Key))
                    {
                        merged.Add(entry);
                    }
                }
            }
        }

        private YamlNode Remember(AnchorName anchor, YamlNode node)
        {
            // Sizes are known per node (aliases are shared nodes), so a "billion laughs" is caught
            // at the first collection that would expand too far, before any consumer copies it out.
            if (node.ExpandedSize > MaxExpandedNodes)
            {
                throw new YamlSyntaxException(_path, node.Mark,
                    $"its aliases (*name) and merge keys would expand to more than {MaxExpandedNodes:N0} values (a \"billion laughs\" document?)");
            }

            if (node.Height > MaxDepth)
            {
                throw new YamlSyntaxException(_path, node.Mark, $"its aliases (*name) nest lists and mappings more than {MaxDepth} levels deep");
            }

            if (!anchor.IsEmpty)
            {
                _anchors[anchor.Value] = node;
            }

            return node;
        }

        private YamlScalar ToScalar(Scalar scalar)
        {
            var mark = ToMark(scalar.Start);
            var plain = scalar.Style == ScalarStyle.Plain;
            if (!scalar.Tag.IsEmpty)
            {
                // An explicit tag decides the type, as SafeLoader's constructor for it would.
                var kind = YamlCoreTags.ScalarKind(scalar.Tag.Value, scalar.Value, out var refusal);
                if (refusal is not null)
                {
                    throw new YamlSyntaxException(_path, mark, refusal);
                }

                if (kind is { } explicitKind)
                {
                    return new YamlScalar(scalar.Value, explicitKind, false, mark);
                }
            }

            var implicitKind = plain ? YamlScalarTyping.Classify(scalar.Value) : YamlScalarKind.String;
            return new YamlScalar(scalar.Value, implicitKind, plain, mark);
        }

        private static YamlMark ToMark(Mark mark) => new((int)mark.Line, (int)mark.Column);
    }
}
