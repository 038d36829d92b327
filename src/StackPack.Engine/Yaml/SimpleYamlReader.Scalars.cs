using System.Text;

namespace StackPack.Engine.Yaml;

/// <summary>The scalars and one-line flow collections <see cref="SimpleYamlReader"/> reads; its other half reads the lines and block collections.</summary>
internal sealed partial class SimpleYamlReader
{
    // ---- Scalars ----

    /// <summary>A quoted scalar that ends on its line: the position after its closing quote, or -1.</summary>
    private int ScanQuoted(int p, out string? value)
    {
        value = null;
        var quote = _text[p];
        var body = p + 1;
        var close = body;
        while (close < _lineEnd && _text[close] != quote && !(quote == '"' && _text[close] == '\\'))
        {
            close++;
        }

        if (close == _lineEnd)
        {
            return -1;
        }

        if (_text[close] == quote && (quote == '"' || close + 1 == _lineEnd || _text[close + 1] != '\''))
        {
            value = Text(body, close);
            return close + 1;
        }

        return quote == '"' ? ScanEscaped(body, close, out value) : ScanSingleQuoted(body, out value);
    }

    private int ScanSingleQuoted(int body, out string? value)
    {
        // Runs between quotes are copied whole ('' is the only escape; no UTF-8 sequence holds a quote byte).
        value = null;
        var builder = new StringBuilder();
        var run = body;
        for (var i = body; i < _lineEnd; i++)
        {
            if (_text[i] != '\'')
            {
                continue;
            }

            builder.Append(Text(run, i));
            if (i + 1 < _lineEnd && _text[i + 1] == '\'')
            {
                builder.Append('\'');
                run = ++i + 1;
                continue;
            }

            value = builder.ToString();
            return i + 1;
        }

        return -1;
    }

    /// <summary>A double-quoted scalar with escapes, the first at <paramref name="escape"/>; escapes YAML 1.1 has but real files do not use are declined.</summary>
    private int ScanEscaped(int body, int escape, out string? value)
    {
        value = null;
        var builder = new StringBuilder(Text(body, escape));
        var i = escape;
        while (i < _lineEnd)
        {
            var c = _text[i];
            if (c == '"')
            {
                value = builder.ToString();
                return i + 1;
            }

            if (c != '\\')
            {
                var run = i;
                while (i < _lineEnd && _text[i] != '"' && _text[i] != '\\')
                {
                    i++;
                }

                builder.Append(Text(run, i));
                continue;
            }

            if (i + 1 >= _lineEnd)
            {
                return -1;
            }

            var code = _text[i + 1];
            i += 2;
            switch (code)
            {
                case (byte)'0': builder.Append('\0'); break;
                case (byte)'a': builder.Append('\a'); break;
                case (byte)'b': builder.Append('\b'); break;
                case (byte)'t': builder.Append('\t'); break;
                case (byte)'n': builder.Append('\n'); break;
                case (byte)'v': builder.Append('\v'); break;
                case (byte)'f': builder.Append('\f'); break;
                case (byte)'r': builder.Append('\r'); break;
                case (byte)'e': builder.Append('\x1B'); break;
                case (byte)' ': builder.Append(' '); break;
                case (byte)'"': builder.Append('"'); break;
                case (byte)'/': builder.Append('/'); break;
                case (byte)'\\': builder.Append('\\'); break;
                case (byte)'x' or (byte)'u':
                {
                    var digits = code == 'x' ? 2 : 4;
                    if (i + digits > _lineEnd || !int.TryParse(_text.AsSpan(i, digits), System.Globalization.NumberStyles.AllowHexSpecifier, null, out var unit)
                        || unit is >= 0xD800 and <= 0xDFFF)
                    {
                        return -1;
                    }

                    builder.Append((char)unit);
                    i += digits;
                    break;
                }

                default:
                    return -1;
            }
        }

        return -1;
    }

    /// <summary>
    /// A literal (|) or folded (>) block scalar whose header is at <paramref name="p"/>, in a collection
    /// at <paramref name="indent"/>; leaves the reader on the first line after it. Explicit indentation,
    /// more-indented folded lines and all-space lines longer than the indentation are declined.
    /// </summary>
    private string ParseBlockScalar(int p, int indent)
    {
        var literal = _text[p] == '|';
        var chomp = p + 1 < _lineEnd ? _text[p + 1] : (byte)' ';
        var header = chomp is (byte)'-' or (byte)'+' ? p + 2 : p + 1;
        if (header < _lineEnd && _text[header] != ' ')
        {
            Decline();
        }

        FinishLine(header);

        // Lines as (start, end) of their content after the indentation; blank lines are empty.
        var lines = new List<(int From, int To)>();
        var width = -1;
        var blankRun = 0;
        var longestBlank = 0;
        while (_lineStart < _text.Length)
        {
            var spaces = SkipSpaces(_lineStart) - _lineStart;
            if (_lineStart + spaces == _lineEnd)
            {
                longestBlank = Math.Max(longestBlank, spaces);
                if (width >= 0 && spaces > width)
                {
                    Decline();
                }

                lines.Add((0, 0));
                blankRun++;
                NextLine();
                continue;
            }

            if (width < 0)
            {
                // YamlDotNet refuses some all-space lines before the first text line; leave any to it.
                if (spaces <= indent || longestBlank > 0)
                {
                    Decline();
                }

                width = spaces;
            }

            if (spaces < width)
            {
                if (_text[_lineStart + spaces] == '\t')
                {
                    Decline();
                }

                break;
            }

            var from = _lineStart + width;
            if (!literal && _text[from] is (byte)' ' or (byte)'\t')
            {
                Decline();
            }

            lines.Add((from, _lineEnd));
            blankRun = 0;
            NextLine();
        }

        // A scalar running to the end of a file without a final line break, or with no text at all, is left to the full parser.
        if (width < 0 || (_lineStart >= _text.Length && _text[^1] != '\n'))
        {
            Decline();
        }

        // Literal keeps every line break. Folded turns the break between two text lines into a space,
        // and keeps only the empty lines between text lines that have some.
        var content = lines.Count - blankRun;
        var builder = new StringBuilder();
        var blanks = 0;
        var seenText = false;
        for (var i = 0; i < content; i++)
        {
            var (from, to) = lines[i];
            if (literal && i > 0)
            {
                builder.Append('\n');
            }

            if (from == to)
            {
                blanks++;
                continue;
            }

            if (!literal)
            {
                if (seenText && blanks == 0)
                {
                    builder.Append(' ');
                }
                else
                {
                    builder.Append('\n', blanks);
                }
            }

            builder.Append(Encoding.UTF8.GetString(_text, from, to - from));
            seenText = true;
            blanks = 0;
        }

        if (chomp != '-')
        {
            builder.Append('\n');
        }

        if (chomp == '+')
        {
            builder.Append('\n', blankRun);
        }

        return builder.ToString();
    }

    // ---- Flow collections ----

    /// <summary>A one-line flow list or mapping of scalars; <paramref name="end"/> is the position after its closing bracket.</summary>
    private YamlNode ParseFlow(int p, out int end)
    {
        Enter();
        var mapping = _text[p] == '{';
        var close = mapping ? (byte)'}' : (byte)']';
        var mark = Mark(p);
        var items = new List<YamlNode>();
        var entries = new YamlMappingEntries();
        var i = SkipSpaces(p + 1);
        if (i < _lineEnd && _text[i] == close)
        {
            end = i + 1;
        }
        else
        {
            while (true)
            {
                var first = FlowScalar(ref i, mapping);
                if (mapping)
                {
                    if (i + 1 >= _lineEnd || _text[i] != ':' || _text[i + 1] != ' ' || (first.IsPlain && first.Value == "<<"))
                    {
                        Decline();
                    }

                    i = SkipSpaces(i + 1);
                    entries.Add(first.Value, first.Mark, FlowScalar(ref i, mapping), ref _warnings);
                }
                else
                {
                    items.Add(first);
                }

                if (i < _lineEnd && _text[i] == ',')
                {
                    i = SkipSpaces(i + 1);
                    continue;
                }

                if (i < _lineEnd && _text[i] == close)
                {
                    end = i + 1;
                    break;
                }

                Decline();
            }
        }

        _depth--;
        return mapping ? new YamlMapping(entries.Entries, mark) : new YamlSequence(items, mark);
    }

    /// <summary>A quoted or plain scalar in a flow collection; leaves <paramref name="i"/> on what follows it (spaces skipped).</summary>
    private YamlScalar FlowScalar(ref int i, bool inMapping)
    {
        if (i >= _lineEnd)
        {
            Decline();
        }

        var mark = Mark(i);
        if (_text[i] is (byte)'"' or (byte)'\'')
        {
            var after = ScanQuoted(i, out var value);
            if (after < 0)
            {
                Decline();
            }

            i = SkipSpaces(after);
            return new YamlScalar(value!, YamlScalarKind.String, false, mark);
        }

        if (!CanStartPlain(i, inFlow: true))
        {
            Decline();
        }

        var from = i;
        var last = i;
        for (; i < _lineEnd; i++)
        {
            var c = _text[i];
            if (c is (byte)',' || c == (inMapping ? '}' : ']') || (inMapping && c == ':' && i + 1 < _lineEnd && _text[i + 1] == ' '))
            {
                break;
            }

            // YamlDotNet reads a word starting with '*' as an alias, even inside a flow key ("{b *c: d}"); leave those to it.
            if (c is (byte)'[' or (byte)']' or (byte)'{' or (byte)'}' or (byte)'#' or (byte)':' or (byte)'\t' || (c == '*' && _text[i - 1] == ' '))
            {
                Decline();
            }

            if (c != ' ')
            {
                last = i + 1;
            }
        }

        return Plain(from, last, mark);
    }
}
