using System.Text.RegularExpressions;

namespace StackPack.Engine.Git;

/// <summary>
/// Removes credentials from repository URLs and from any text that may quote them
/// (git error messages do). Everything StackPack shows or stores passes through here.
/// </summary>
public static partial class CredentialRedactor
{
    /// <summary>
    /// The URL without secrets: for http(s) the whole user-info part goes (a token is often
    /// the "user"); for ssh:// only a password goes (the user, e.g. git@, is not a secret);
    /// every query value is masked (?private_token=***: any of them may be a token);
    /// scp-like "git@host:owner/repo" and local paths are returned as they are.
    /// </summary>
    public static string RedactUrl(string url)
    {
        if (string.IsNullOrEmpty(url) || !url.Contains("://", StringComparison.Ordinal))
        {
            return url;
        }

        return UserInfoPattern().Replace(url, m =>
        {
            var scheme = m.Groups["scheme"].Value;
            var user = m.Groups["user"].Value;
            var keepUser = scheme.StartsWith("ssh", StringComparison.OrdinalIgnoreCase) || scheme.StartsWith("git+ssh", StringComparison.OrdinalIgnoreCase);
            if (keepUser)
            {
                var colon = user.IndexOf(':');
                return $"{scheme}://{(colon >= 0 ? user[..colon] : user)}@";
            }

            return $"{scheme}://";
        }).Let(MaskQueryValues).Let(MaskQuerySecrets);
    }

    /// <summary>"?a=1&amp;b" → "?a=***&amp;***": the names stay (they tell what was given), no value does.</summary>
    private static string MaskQueryValues(string url)
    {
        var query = url.IndexOf('?', url.IndexOf("://", StringComparison.Ordinal) + 3);
        if (query < 0)
        {
            return url;
        }

        var fragment = url.IndexOf('#', query);
        var end = fragment < 0 ? url.Length : fragment;
        var masked = url[(query + 1)..end].Split('&').Select(part =>
            part.Length == 0 ? part : part.IndexOf('=') is var equals and > 0 ? part[..equals] + "=***" : "***");
        return url[..(query + 1)] + string.Join('&', masked) + url[end..];
    }

    /// <summary>Redacts every URL inside free text, e.g. an error message from git.</summary>
    public static string RedactText(string text, IEnumerable<string>? knownSecrets = null)
    {
        if (string.IsNullOrEmpty(text))
        {
            return text;
        }

        var result = UrlInTextPattern().Replace(text, m => RedactUrl(m.Value));
        if (knownSecrets is not null)
        {
            foreach (var secret in knownSecrets.Where(s => !string.IsNullOrEmpty(s) && s.Length >= 4))
            {
                result = result.Replace(secret, "***", StringComparison.Ordinal);
                var escaped = Uri.EscapeDataString(secret);
                if (escaped != secret)
                {
                    result = result.Replace(escaped, "***", StringComparison.Ordinal);
                }
            }
        }

        return result;
    }

    private static string MaskQuerySecrets(string url) =>
        QuerySecretPattern().Replace(url, m => m.Groups["key"].Value + "=***");

    private static T Let<T>(this T value, Func<T, T> next) => next(value);

    // The user-info runs to the LAST '@' of the authority (a raw '@' in a password is common:
    // "user:Pass@Word@host" must not leave "Word@host"); the authority ends at '/', '?', '#'.
    [GeneratedRegex(@"(?<scheme>[a-zA-Z][a-zA-Z0-9+.\-]*)://(?<user>[^/?#\s]+)@")]
    private static partial Regex UserInfoPattern();

    [GeneratedRegex(@"[a-zA-Z][a-zA-Z0-9+.\-]*://[^\s'""<>]+")]
    private static partial Regex UrlInTextPattern();

    [GeneratedRegex(@"(?<key>(?:access_token|private_token|token|password|passwd|secret|api_key|apikey))=[^&#\s]+", RegexOptions.IgnoreCase)]
    private static partial Regex QuerySecretPattern();
}
