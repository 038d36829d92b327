namespace StackPack.Engine.Sources;

/// <summary>How "source=version" texts are split, for requests and pack.yaml dependencies alike.</summary>
public static class SourceText
{
    /// <summary>
    /// "name=1.0", "https://host/o/repo.git=v1.0", "/folder=main": the version follows the last
    /// '=' of the last path segment. For a URL only the part before its query counts: in
    /// "…/repo.git?private_token=abc=def" every '=' belongs to the query (a token, never a
    /// version); "…/repo.git=v1?token=x" is the URL "…/repo.git?token=x" at v1. An '=' followed by
    /// '/', '\' or ':' is part of a path. Version is "" when the text ends with '='.
    /// </summary>
    public static (string Body, string? Version) SplitVersion(string text)
    {
        var scheme = text.IndexOf("://", StringComparison.Ordinal);
        var queryStart = scheme < 0 ? -1 : text.IndexOfAny(['?', '#'], scheme + 3);
        var head = queryStart < 0 ? text : text[..queryStart];
        var query = queryStart < 0 ? string.Empty : text[queryStart..];
        var equals = head.LastIndexOf('=');
        if (equals <= 0 || head.IndexOfAny(['/', '\\', ':'], equals) >= 0)
        {
            return (text, null);
        }

        return (head[..equals] + query, head[(equals + 1)..]);
    }

    /// <summary>The URL or path without its query and fragment (for names taken from its last segment).</summary>
    public static string WithoutQuery(string text)
    {
        var scheme = text.IndexOf("://", StringComparison.Ordinal);
        var queryStart = scheme < 0 ? -1 : text.IndexOfAny(['?', '#'], scheme + 3);
        return queryStart < 0 ? text : text[..queryStart];
    }
}
