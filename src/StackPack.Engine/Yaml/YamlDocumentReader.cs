using System.Text;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace StackPack.Engine.Yaml;

/// <summary>
/// Reads one YAML document into a <see cref="YamlNode"/> tree the way PyYAML's safe_load
/// does: anchors and aliases, merge keys (<c>&lt;&lt;</c>) with explicit keys winning,
/// duplicate keys allowed (the last one wins, and we warn), YAML 1.1 scalar types,
/// comments and CRLF line endings. More than one document is an error, as in safe_load.
/// </summary>
public static class YamlDocumentReader
{
    private const string MergeKey = "<<";
    private const string StringTag = "tag:yaml.org,2002:str";

    public static YamlDocument ReadFile(string path)
    {
        string text;
        try
        {
            // StreamReader detects a UTF-8/UTF-16 byte order mark for us.
            using var reader = new StreamReader(path, Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
            text = reader.ReadToEnd();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new YamlSyntaxException(path, new YamlMark(0, 0), $"cannot be read: {e.Message}", e);
        }

        return ReadText(text, path);
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
        private readonly List<YamlWarning> _warnings = new();

        public TreeBuilder(string path, IParser parser)
        {
            _path = path;
            _parser = parser;
        }

        public YamlDocument Build()
        {
            try
            {
                Expect<StreamStart>();
                if (_parser.TryConsume<StreamEnd>(out _))
                {
                    return new YamlDocument(_path, null, _warnings);
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
                return new YamlDocument(_path, root is YamlScalar { IsNull: true, IsPlain: true, Value: "" } ? null : root, _warnings);
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
                    _parser.MoveNext();
                    return ReadSequence(start);

                case MappingStart start:
                    _parser.MoveNext();
                    return ReadMapping(start);

                default:
                    throw new YamlSyntaxException(_path, ToMark(current.Start), $"unexpected {current.GetType().Name}");
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
            var explicitEntries = new List<KeyValuePair<string, YamlNode>>();
            var merged = new List<KeyValuePair<string, YamlNode>>();
            var positions = new Dictionary<string, int>(StringComparer.Ordinal);

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
                    CollectMerge(value, merged);
                    continue;
                }

                if (positions.TryGetValue(key.Value, out var index))
                {
                    _warnings.Add(new YamlWarning(key.Mark,
                        $"duplicate key '{key.Value}' (first at {explicitEntries[index].Value.Mark}); the last value is used, as StackStorm does"));
                    explicitEntries[index] = new(key.Value, value);
                }
                else
                {
                    positions[key.Value] = explicitEntries.Count;
                    explicitEntries.Add(new(key.Value, value));
                }
            }

            // Merge-key semantics: explicit keys always win over merged ones, wherever they stand.
            var entries = new List<KeyValuePair<string, YamlNode>>(merged.Count + explicitEntries.Count);
            var seen = new HashSet<string>(explicitEntries.Select(e => e.Key), StringComparer.Ordinal);
            foreach (var entry in merged)
            {
                if (seen.Add(entry.Key))
                {
                    entries.Add(entry);
                }
            }

            entries.AddRange(explicitEntries);
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
            if (!anchor.IsEmpty)
            {
                _anchors[anchor.Value] = node;
            }

            return node;
        }

        private static YamlScalar ToScalar(Scalar scalar)
        {
            var mark = ToMark(scalar.Start);
            var plain = scalar.Style == ScalarStyle.Plain;
            if (!scalar.Tag.IsEmpty && scalar.Tag.Value == StringTag)
            {
                return new YamlScalar(scalar.Value, YamlScalarKind.String, false, mark);
            }

            var kind = plain ? YamlScalarTyping.Classify(scalar.Value) : YamlScalarKind.String;
            return new YamlScalar(scalar.Value, kind, plain, mark);
        }

        private static YamlMark ToMark(Mark mark) => new((int)mark.Line, (int)mark.Column);
    }
}
