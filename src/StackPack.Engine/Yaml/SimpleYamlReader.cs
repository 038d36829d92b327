using System.Buffers;
using System.Text;

namespace StackPack.Engine.Yaml;

/// <summary>
/// A fast reader for the plain YAML that nearly every pack file is written in, straight from its
/// UTF-8 bytes: block mappings and sequences, one-line plain and quoted scalars, literal and folded
/// block scalars, and one-line flow lists and mappings of scalars. It gives exactly the tree
/// <see cref="YamlDocumentReader"/>'s YamlDotNet path would (values, types, marks, duplicate-key
/// warnings) or declines (returns null) and lets that path read the file: anything rarer (anchors,
/// tags, multi-line plain or quoted scalars, nested flows, tabs outside scalars, explicit keys,
/// directives, a second document), anything it is unsure of, and every error, whose message only
/// the full parser can give. Parsing was two thirds of registering a pack; this is why it is fast.
/// The differential tests hold it to the full parser on every real fixture and on mutations of them.
/// </summary>
internal sealed partial class SimpleYamlReader
{
    /// <summary>Deeper files are left to the full parser, which refuses past <see cref="YamlDocumentReader.MaxDepth"/>.</summary>
    private const int MaxDepth = 100;

    /// <summary>YamlDotNet refuses a simple key longer than 1,024 characters; leave long keys to it.</summary>
    private const int MaxKeyBytes = 1000;

    // Printable ASCII and '\n': a file made only of these needs no closer look.
    private static readonly SearchValues<byte> s_ordinary = SearchValues.Create(
        Enumerable.Range(0x20, 0x7F - 0x20).Select(b => (byte)b).Append((byte)'\n').ToArray());

    private static readonly DeclinedException s_declined = new();

    /// <summary>Texts up to this long are shared (<see cref="Shared"/>).</summary>
    private const int MaxSharedBytes = 32;

    private static readonly string?[] s_shared = new string?[4096];

    private readonly byte[] _text;
    private readonly string _path;
    private readonly bool _ascii;
    private List<YamlWarning>? _warnings;
    private int _depth;

    // The current line: where it starts, where its content ends (before "\r\n" or "\n"), where the next one starts.
    private int _line;
    private int _lineStart;
    private int _lineEnd;
    private int _nextLine;

    /// <summary>Leading spaces of the current line, once <see cref="SkipToContent"/> found it.</summary>
    private int _indent;

    // Where Mark last counted columns to on a line with non-ASCII text (-1: nowhere yet).
    private int _countedLine = -1;
    private int _countedTo;
    private int _countedColumn;

    private SimpleYamlReader(byte[] text, string path, bool ascii)
    {
        _text = text;
        _path = path;
        _ascii = ascii;
    }

    /// <summary>The document, or null when the file needs the full parser.</summary>
    public static YamlDocument? TryRead(byte[] bytes, string path)
    {
        var start = bytes.AsSpan().StartsWith("\uFEFF"u8) ? 3 : 0;
        if (!IsPlainText(bytes.AsSpan(start), out var ascii))
        {
            return null;
        }

        try
        {
            return new SimpleYamlReader(bytes, path, ascii).Read(start);
        }
        catch (DeclinedException)
        {
            return null;
        }
    }

    /// <summary>
    /// Valid UTF-8 of characters YAML prints as themselves: no control characters but tab and line
    /// breaks ("\r" only before "\n"), no characters YAML 1.1 reads as line breaks (U+0085, U+2028,
    /// U+2029), no byte order mark inside, nothing outside the basic plane (columns then count chars).
    /// </summary>
    private static bool IsPlainText(ReadOnlySpan<byte> text, out bool ascii)
    {
        ascii = true;
        var i = 0;
        while (true)
        {
            var skip = text[i..].IndexOfAnyExcept(s_ordinary);
            if (skip < 0)
            {
                return true;
            }

            i += skip;
            var b = text[i];
            if (b == '\t' || (b == '\r' && i + 1 < text.Length && text[i + 1] == '\n'))
            {
                i++;
                continue;
            }

            if (b < 0xC2 || b > 0xEF)
            {
                return false;
            }

            ascii = false;
            if (b <= 0xDF)
            {
                if (i + 1 >= text.Length || !IsContinuation(text[i + 1]) || (b == 0xC2 && text[i + 1] < 0xA0))
                {
                    return false;
                }

                i += 2;
                continue;
            }

            if (i + 2 >= text.Length || !IsContinuation(text[i + 1]) || !IsContinuation(text[i + 2]))
            {
                return false;
            }

            var c = ((b & 0x0F) << 12) | ((text[i + 1] & 0x3F) << 6) | (text[i + 2] & 0x3F);
            if (c < 0x800 || c is >= 0xD800 and <= 0xDFFF or 0x2028 or 0x2029 or 0xFEFF or 0xFFFE or 0xFFFF)
            {
                return false;
            }

            i += 3;
        }
    }

    private static bool IsContinuation(byte b) => (b & 0xC0) == 0x80;

    private static void Decline() => throw s_declined;

    private YamlDocument Read(int start)
    {
        SetLine(start);
        _line = 1;
        if (!SkipToContent(allowDocumentStart: true))
        {
            return Document(null);
        }

        if (IsDocumentMarker(_lineStart, (byte)'-'))
        {
            // "---" alone (or with a comment) opens the one document; anything after it on the line is left to the full parser.
            var after = SkipSpaces(_lineStart + 3);
            if (after < _lineEnd && (after == _lineStart + 3 || _text[after] != '#'))
            {
                Decline();
            }

            NextLine();
            if (!SkipToContent())
            {
                return Document(null);
            }
        }

        var root = ParseCollection();
        if (_lineStart < _text.Length || root.ExpandedSize > YamlDocumentReader.MaxExpandedNodes)
        {
            Decline();
        }

        return Document(root);
    }

    private YamlDocument Document(YamlNode? root) => new(_path, root, (IReadOnlyList<YamlWarning>?)_warnings ?? []);

    // ---- Lines ----

    private void SetLine(int start)
    {
        _lineStart = start;
        var newline = _text.AsSpan(start).IndexOf((byte)'\n');
        if (newline < 0)
        {
            _lineEnd = _nextLine = _text.Length;
            return;
        }

        _nextLine = start + newline + 1;
        _lineEnd = newline > 0 && _text[start + newline - 1] == '\r' ? start + newline - 1 : start + newline;
    }

    private void NextLine()
    {
        SetLine(_nextLine);
        _line++;
    }

    /// <summary>Moves past blank and comment lines to the next line with content; false at the end of the file.</summary>
    private bool SkipToContent(bool allowDocumentStart = false)
    {
        while (_lineStart < _text.Length)
        {
            var p = SkipSpaces(_lineStart);
            if (p == _lineEnd || _text[p] == '#')
            {
                NextLine();
                continue;
            }

            if (_text[p] == '\t' || (p == _lineStart && (IsDocumentMarker(p, (byte)'.') || (!allowDocumentStart && IsDocumentMarker(p, (byte)'-')))))
            {
                Decline();
            }

            _indent = p - _lineStart;
            return true;
        }

        return false;
    }

    private bool IsDocumentMarker(int p, byte c) =>
        p + 3 <= _lineEnd && _text[p] == c && _text[p + 1] == c && _text[p + 2] == c;

    private int SkipSpaces(int p)
    {
        while (p < _lineEnd && _text[p] == ' ')
        {
            p++;
        }

        return p;
    }

    /// <summary>After a scalar or flow collection: nothing but spaces and a comment may follow on its line.</summary>
    private void FinishLine(int p)
    {
        var q = SkipSpaces(p);
        if (q < _lineEnd && (_text[q] != '#' || q == p))
        {
            Decline();
        }

        NextLine();
    }

    private YamlMark Mark(int p)
    {
        if (_ascii)
        {
            return new YamlMark(_line, p - _lineStart + 1);
        }

        // Columns count characters. Counting goes on from the last mark on the same line, so a long
        // line with many values (a one-line flow list) is counted once, not once per value.
        if (_countedLine != _lineStart || _countedTo > p)
        {
            _countedLine = _lineStart;
            _countedTo = _lineStart;
            _countedColumn = 1;
        }

        for (; _countedTo < p; _countedTo++)
        {
            if (!IsContinuation(_text[_countedTo]))
            {
                _countedColumn++;
            }
        }

        return new YamlMark(_line, _countedColumn);
    }

    private string Text(int from, int to) => Encoding.UTF8.GetString(_text, from, to - from);

    /// <summary>
    /// The text of a short ASCII key or plain value, shared with every earlier one of the same text:
    /// the same few (name, description, type, string, default…) recur in thousands of files. A slot
    /// holds the last text that hashed to it; a reference is written whole, so threads can only miss.
    /// </summary>
    private string Shared(int from, int to)
    {
        if (to - from > MaxSharedBytes)
        {
            return Text(from, to);
        }

        var hash = 2166136261u;
        for (var i = from; i < to; i++)
        {
            if (_text[i] >= 0x80)
            {
                return Text(from, to);
            }

            hash = (hash ^ _text[i]) * 16777619u;
        }

        ref var slot = ref s_shared[hash & (s_shared.Length - 1)];
        var known = Volatile.Read(ref slot);
        if (known is not null && known.Length == to - from)
        {
            var same = true;
            for (var i = 0; i < known.Length && same; i++)
            {
                same = known[i] == _text[from + i];
            }

            if (same)
            {
                return known;
            }
        }

        var text = Text(from, to);
        Volatile.Write(ref slot, text);
        return text;
    }

    // ---- Block collections ----

    /// <summary>The collection starting on the current content line: a list, or a mapping; anything else is declined.</summary>
    private YamlNode ParseCollection()
    {
        var p = _lineStart + _indent;
        if (IsEntry(p))
        {
            return ParseSequence(_indent);
        }

        if (ScanKey(p, out _, out _) < 0)
        {
            Decline();
        }

        return ParseMapping(_indent, p);
    }

    /// <summary>"-" followed by a space or the end of the line.</summary>
    private bool IsEntry(int p) => _text[p] == '-' && (p + 1 == _lineEnd || _text[p + 1] == ' ');

    private void Enter()
    {
        if (++_depth > MaxDepth)
        {
            Decline();
        }
    }

    /// <summary>A block mapping whose keys stand at column <paramref name="indent"/> (0-based), the first at <paramref name="keyAt"/> on the current line.</summary>
    private YamlMapping ParseMapping(int indent, int keyAt)
    {
        Enter();
        var mark = Mark(keyAt);
        var entries = new YamlMappingEntries();
        while (true)
        {
            var colon = ScanKey(keyAt, out var key, out var keyIsPlain);
            if (colon < 0 || (keyIsPlain && key == "<<"))
            {
                Decline();
            }

            var keyMark = Mark(keyAt);
            var value = ParseValue(colon + 1, indent, indentlessSequence: true);
            entries.Add(key!, keyMark, value, ref _warnings);
            if (_lineStart >= _text.Length || _indent < indent)
            {
                break;
            }

            if (_indent > indent)
            {
                Decline();
            }

            keyAt = _lineStart + indent;
        }

        _depth--;
        return new YamlMapping(entries.Entries, mark);
    }

    /// <summary>A block sequence whose "-" stand at column <paramref name="indent"/>, the first on the current line.</summary>
    private YamlSequence ParseSequence(int indent)
    {
        Enter();
        var mark = Mark(_lineStart + indent);
        var items = new List<YamlNode>();
        while (true)
        {
            var dash = _lineStart + indent;
            var content = SkipSpaces(dash + 1);
            if (content < _lineEnd && _text[content] != '#' && ScanKey(content, out _, out _) >= 0)
            {
                // "- key: value": a mapping whose keys line up with this first one.
                items.Add(ParseMapping(content - _lineStart, content));
            }
            else
            {
                items.Add(ParseValue(dash + 1, indent, indentlessSequence: false));
            }

            if (_lineStart >= _text.Length || _indent < indent)
            {
                break;
            }

            if (_indent > indent)
            {
                Decline();
            }

            if (!IsEntry(_lineStart + indent))
            {
                // A key of the mapping this list is the (indentless) value of.
                break;
            }
        }

        _depth--;
        return new YamlSequence(items, mark);
    }

    /// <summary>
    /// The value after a key's ':' or a list's '-' at <paramref name="p"/>, in a collection at
    /// <paramref name="indent"/>. Leaves the reader on the next content line (or at the end).
    /// </summary>
    private YamlNode ParseValue(int p, int indent, bool indentlessSequence)
    {
        var emptyMark = Mark(p);
        var q = SkipSpaces(p);
        if (q < _lineEnd && _text[q] != '#')
        {
            var node = ParseInline(q, indent);
            SkipToContent();
            return node;
        }

        NextLine();
        if (!SkipToContent())
        {
            return EmptyScalar(emptyMark);
        }

        if (_indent > indent)
        {
            return ParseCollection();
        }

        if (indentlessSequence && _indent == indent && IsEntry(_lineStart + indent))
        {
            return ParseSequence(indent);
        }

        return EmptyScalar(emptyMark);
    }

    private static YamlScalar EmptyScalar(YamlMark mark) => new(string.Empty, YamlScalarKind.Null, true, mark);

    /// <summary>A value written on the line of its key or '-': a scalar, a block scalar or a one-line flow collection.</summary>
    private YamlNode ParseInline(int p, int indent)
    {
        var mark = Mark(p);
        switch (_text[p])
        {
            case (byte)'"' or (byte)'\'':
            {
                var end = ScanQuoted(p, out var value);
                if (end < 0)
                {
                    Decline();
                }

                FinishLine(end);
                return new YamlScalar(value!, YamlScalarKind.String, false, mark);
            }

            case (byte)'|' or (byte)'>':
                return new YamlScalar(ParseBlockScalar(p, indent), YamlScalarKind.String, false, mark);

            case (byte)'[' or (byte)'{':
            {
                var node = ParseFlow(p, out var end);
                FinishLine(end);
                return node;
            }

            default:
            {
                if (!CanStartPlain(p))
                {
                    Decline();
                }

                var end = p;
                for (var i = p; i < _lineEnd; i++)
                {
                    var c = _text[i];
                    if (c == '#' && _text[i - 1] == ' ')
                    {
                        break;
                    }

                    if (c == '\t' || (c == ':' && (i + 1 == _lineEnd || _text[i + 1] == ' ')))
                    {
                        Decline();
                    }

                    if (c != ' ')
                    {
                        end = i + 1;
                    }
                }

                NextLine();
                return Plain(p, end, mark);
            }
        }
    }

    private YamlScalar Plain(int from, int to, YamlMark mark)
    {
        var value = Shared(from, to);
        return new YamlScalar(value, YamlScalarTyping.Classify(value), true, mark);
    }

    /// <summary>A plain scalar may not start with an indicator; "-" may when a non-space follows ("-1").</summary>
    private bool CanStartPlain(int p, bool inFlow = false) => _text[p] switch
    {
        (byte)'-' => p + 1 < _lineEnd && _text[p + 1] is not ((byte)' ' or (byte)'\t')
            && !(inFlow && _text[p + 1] is (byte)',' or (byte)'[' or (byte)']' or (byte)'{' or (byte)'}'),
        (byte)'?' or (byte)':' or (byte)',' or (byte)'[' or (byte)']' or (byte)'{' or (byte)'}' or (byte)'#' or (byte)'&' or (byte)'*'
            or (byte)'!' or (byte)'|' or (byte)'>' or (byte)'\'' or (byte)'"' or (byte)'%' or (byte)'@' or (byte)'`' or (byte)' ' or (byte)'\t' => false,
        _ => true,
    };

    /// <summary>
    /// A simple key at <paramref name="p"/>: a one-line plain or quoted scalar followed by ':' and a
    /// space or the end of the line. Returns the position of the ':' or -1 when this is not a key.
    /// </summary>
    private int ScanKey(int p, out string? key, out bool plain)
    {
        key = null;
        plain = false;
        if (_text[p] is (byte)'"' or (byte)'\'')
        {
            var end = ScanQuoted(p, out key);
            return end > 0 && end < _lineEnd && _text[end] == ':' && (end + 1 == _lineEnd || _text[end + 1] == ' ') && end - p <= MaxKeyBytes ? end : -1;
        }

        if (!CanStartPlain(p))
        {
            return -1;
        }

        var last = p;
        for (var i = p; i < _lineEnd && i - p <= MaxKeyBytes; i++)
        {
            var c = _text[i];
            if (c == ':' && (i + 1 == _lineEnd || _text[i + 1] == ' '))
            {
                key = Shared(p, last);
                plain = true;
                return i;
            }

            // YamlDotNet does not always see a key in "a *b: c" (it reads one scalar); leave those to it.
            if (c == '\t' || (c is (byte)'#' or (byte)'*' && _text[i - 1] == ' '))
            {
                return -1;
            }

            if (c != ' ')
            {
                last = i + 1;
            }
        }

        return -1;
    }

    /// <summary>Thrown (one shared instance) to leave a file to the full parser; never escapes <see cref="TryRead"/>.</summary>
    private sealed class DeclinedException : Exception
    {
    }
}
