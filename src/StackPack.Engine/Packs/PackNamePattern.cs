namespace StackPack.Engine.Packs;

/// <summary>
/// A PowerShell-style wildcard for pack names, without System.Management.Automation (the engine
/// has no PowerShell types): `*` any run, `?` one character, `[abc]` and `[a-z]` one of a set, a
/// backtick makes the next character literal; case-insensitive. A `[` with no closing `]` is a
/// literal `[`. Matching walks the pattern with one remembered `*` (no regex, so no pattern a
/// pack name or a user can make slow).
/// </summary>
public sealed class PackNamePattern
{
    private readonly Token[] _tokens;

    public PackNamePattern(string pattern)
    {
        _tokens = Parse(pattern);
    }

    public bool IsMatch(string text)
    {
        int t = 0, p = 0, starToken = -1, starText = 0;
        while (t < text.Length)
        {
            if (p < _tokens.Length && _tokens[p].Kind != TokenKind.Star && _tokens[p].Matches(text[t]))
            {
                t++;
                p++;
            }
            else if (p < _tokens.Length && _tokens[p].Kind == TokenKind.Star)
            {
                starToken = p++;
                starText = t;
            }
            else if (starToken >= 0)
            {
                // The last * takes one more character, and the rest of the pattern tries again.
                p = starToken + 1;
                t = ++starText;
            }
            else
            {
                return false;
            }
        }

        while (p < _tokens.Length && _tokens[p].Kind == TokenKind.Star)
        {
            p++;
        }

        return p == _tokens.Length;
    }

    private enum TokenKind
    {
        Literal,
        AnyOne,
        Star,
        Set,
    }

    private readonly record struct Token(TokenKind Kind, char Literal = default, (char From, char To)[]? Ranges = null)
    {
        public bool Matches(char c) => Kind switch
        {
            TokenKind.AnyOne => true,
            TokenKind.Literal => char.ToUpperInvariant(c) == char.ToUpperInvariant(Literal),
            TokenKind.Set => InSet(c) || InSet(char.ToUpperInvariant(c)) || InSet(char.ToLowerInvariant(c)),
            _ => false,
        };

        private bool InSet(char c) => Ranges!.Any(r => c >= r.From && c <= r.To);
    }

    private static Token[] Parse(string pattern)
    {
        var tokens = new List<Token>();
        for (var i = 0; i < pattern.Length; i++)
        {
            var c = pattern[i];
            switch (c)
            {
                case '`' when i + 1 < pattern.Length:
                    tokens.Add(new Token(TokenKind.Literal, pattern[++i]));
                    break;
                case '*':
                    tokens.Add(new Token(TokenKind.Star));
                    break;
                case '?':
                    tokens.Add(new Token(TokenKind.AnyOne));
                    break;
                case '[' when ParseSet(pattern, i) is { } set:
                    tokens.Add(new Token(TokenKind.Set, Ranges: set.Ranges));
                    i = set.End;
                    break;
                default:
                    tokens.Add(new Token(TokenKind.Literal, c));
                    break;
            }
        }

        return tokens.ToArray();
    }

    /// <summary>The set that opens at <paramref name="open"/>: its ranges and the index of its `]`; null when it never closes or is empty.</summary>
    private static ((char From, char To)[] Ranges, int End)? ParseSet(string pattern, int open)
    {
        char? previous = null; // the single member a following dash would start a range from
        var ranges = new List<(char From, char To)>();
        for (var i = open + 1; i < pattern.Length; i++)
        {
            var c = pattern[i];
            if (c == ']')
            {
                return ranges.Count == 0 ? null : (ranges.ToArray(), i);
            }

            if (c == '`' && i + 1 < pattern.Length)
            {
                c = pattern[++i];
            }
            else if (c == '-' && previous is { } from && i + 1 < pattern.Length && pattern[i + 1] != ']')
            {
                // a-z: the range runs from the member before the dash to the next character.
                var to = pattern[++i] == '`' && i + 1 < pattern.Length ? pattern[++i] : pattern[i];
                ranges[^1] = from <= to ? (from, to) : (to, from);
                previous = null;
                continue;
            }

            previous = c;
            ranges.Add((c, c));
        }

        return null;
    }
}
