using System.Text.RegularExpressions;

namespace StackPack.Engine.Sources;

public enum PackSourceKind
{
    /// <summary>A short name looked up in the pack index ("sensu").</summary>
    IndexName,

    /// <summary>A git URL (https, http, ssh, git@host:path, file://), or owner/repo on GitHub.</summary>
    GitUrl,

    /// <summary>A local folder: cloned when it is a git repository (committed content only), else copied as it is.</summary>
    LocalFolder,
}

/// <summary>What the user asked to install, parsed the way st2 parses it ("name=version", URLs, owner/repo, folders).</summary>
public sealed partial record PackSource
{
    public required string Raw { get; init; }

    public required PackSourceKind Kind { get; init; }

    /// <summary>The index name, for <see cref="PackSourceKind.IndexName"/>.</summary>
    public string? Name { get; init; }

    /// <summary>The URL or the folder's full path; may hold credentials (never show it: use <see cref="Display"/>).</summary>
    public string? Location { get; init; }

    /// <summary>A tag (with or without v), a branch or a commit; null for the default.</summary>
    public string? Version { get; init; }

    /// <summary>The source without credentials, for messages.</summary>
    public string Display => Kind == PackSourceKind.IndexName ? Name! : Git.CredentialRedactor.RedactUrl(Location!);

    /// <summary>
    /// Parses "name", "name=version", a URL (optionally "=ref"), "owner/repo" (GitHub) or a
    /// folder. <paramref name="version"/> (-Version) applies when the text has none; when both
    /// are given and differ, that is an error.
    /// </summary>
    public static PackSource Parse(string text, string? version, string baseDirectory)
    {
        var raw = text.Trim();
        if (raw.Length == 0)
        {
            throw Invalid(text, "is empty");
        }

        var (body, pinned) = SourceText.SplitVersion(raw);
        if (pinned is "")
        {
            throw Invalid(text, "ends with '=' but gives no version");
        }

        if (pinned is not null && version is not null && !VersionsEqual(pinned, version))
        {
            throw Invalid(text, $"pins version '{pinned}' but -Version says '{version}'");
        }

        var chosenVersion = pinned ?? version;
        if (body.StartsWith("file://", StringComparison.OrdinalIgnoreCase))
        {
            if (!Uri.TryCreate(body, UriKind.Absolute, out var fileUri))
            {
                throw Invalid(text, "is not a valid file:// URL");
            }

            var path = fileUri.LocalPath;
            return new PackSource { Raw = raw, Kind = PackSourceKind.LocalFolder, Location = path, Version = chosenVersion };
        }

        if (body.Contains("://", StringComparison.Ordinal) || ScpLike().IsMatch(body))
        {
            return new PackSource { Raw = raw, Kind = PackSourceKind.GitUrl, Location = body, Version = chosenVersion };
        }

        var looksLikePath = body.StartsWith('/') || body.StartsWith('.') || body.StartsWith('~') || body.Contains('\\') || DriveLetter().IsMatch(body);
        var fullPath = Path.GetFullPath(body.StartsWith('~') ? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), body.TrimStart('~', '/')) : body, baseDirectory);
        if (looksLikePath || (body.Contains('/') && Directory.Exists(fullPath)))
        {
            return new PackSource { Raw = raw, Kind = PackSourceKind.LocalFolder, Location = fullPath, Version = chosenVersion };
        }

        if (OwnerRepo().IsMatch(body))
        {
            // st2's shorthand: owner/repo is a GitHub repository.
            return new PackSource { Raw = raw, Kind = PackSourceKind.GitUrl, Location = $"https://github.com/{body}", Version = chosenVersion };
        }

        if (!IndexName().IsMatch(body))
        {
            throw Invalid(text, "is not a pack name, a git URL, owner/repo or a folder");
        }

        return new PackSource { Raw = raw, Kind = PackSourceKind.IndexName, Name = body, Version = chosenVersion };
    }

    private static bool VersionsEqual(string a, string b) => Versions.PackVersion.Same(a, b);

    private static StackPackException Invalid(string text, string reason) =>
        new("InvalidPackSource", $"'{Git.CredentialRedactor.RedactUrl(text)}' {reason}.", Git.CredentialRedactor.RedactUrl(text),
            "Give a pack name (sensu), name=version (sensu=1.0.2), a git URL (https://…, git@host:owner/repo.git), owner/repo, or a folder.");

    [GeneratedRegex(@"^[\w.\-]+@[\w.\-]+:(?!//)")]
    private static partial Regex ScpLike();

    [GeneratedRegex(@"^[A-Za-z]:[\\/]")]
    private static partial Regex DriveLetter();

    [GeneratedRegex(@"^[\w.\-]+/[\w.\-]+\z")]
    private static partial Regex OwnerRepo();

    [GeneratedRegex(@"^[\w.\-]+\z")]
    private static partial Regex IndexName();
}
