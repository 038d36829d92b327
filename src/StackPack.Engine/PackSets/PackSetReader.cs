using System.Text.RegularExpressions;
using StackPack.Engine.Git;
using StackPack.Engine.Packs;
using StackPack.Engine.Yaml;

namespace StackPack.Engine.PackSets;

/// <summary>
/// Reads a pack set file strictly: an unknown key, a missing field or a duplicate pack is an
/// InvalidPackSet error naming the file and line, because a typo in a fleet's desired state must
/// stop the run, not silently install something else. Read through the YAML reader with its
/// size, depth and alias limits (the file may come from anywhere).
/// </summary>
public static partial class PackSetReader
{
    private static readonly string[] s_topKeys = ["apiVersion", "kind", "packs"];
    private static readonly string[] s_entryKeys = ["ref", "source", "indexUrl", "version", "commit"];

    /// <exception cref="StackPackException">PackSetNotFound, InvalidPackSet.</exception>
    public static PackSet ReadFile(string path)
    {
        if (!File.Exists(path) && !Directory.Exists(path))
        {
            throw new StackPackException("PackSetNotFound", $"The pack set file '{path}' does not exist.", path,
                "Check the -PackSet path, or write one with Export-PackSet.");
        }

        YamlDocument document;
        try
        {
            document = YamlDocumentReader.ReadFile(path);
        }
        catch (YamlSyntaxException e)
        {
            throw Invalid(path, e.Unreadable ? null : e.Mark, e.Unreadable ? $"cannot be read: {e.Reason}" : $"is not valid YAML: {e.Reason}", e);
        }

        return Parse(document);
    }

    /// <summary>Reads pack set text (tests, and files already in memory).</summary>
    public static PackSet ReadText(string text, string path)
    {
        try
        {
            return Parse(YamlDocumentReader.ReadText(text, path));
        }
        catch (YamlSyntaxException e)
        {
            throw Invalid(path, e.Mark, $"is not valid YAML: {e.Reason}", e);
        }
    }

    private static PackSet Parse(YamlDocument document)
    {
        var path = document.Path;
        if (document.Root is not YamlMapping root)
        {
            throw Invalid(path, document.Root?.Mark, $"must be a mapping with apiVersion: {PackSet.ApiVersion}, kind: {PackSet.Kind} and packs:");
        }

        RefuseUnknownKeys(path, root, s_topKeys, "the pack set");
        var apiVersion = Text(path, root, "apiVersion", required: true)!;
        if (apiVersion != PackSet.ApiVersion)
        {
            throw Invalid(path, root["apiVersion"]!.Mark, $"has apiVersion '{apiVersion}', which this StackPack does not know (it reads {PackSet.ApiVersion})");
        }

        var kind = Text(path, root, "kind", required: true)!;
        if (kind != PackSet.Kind)
        {
            throw Invalid(path, root["kind"]!.Mark, $"has kind '{kind}' where '{PackSet.Kind}' was expected");
        }

        var packs = root["packs"] switch
        {
            null => throw Invalid(path, root.Mark, "has no 'packs:' list"),
            YamlScalar { IsNull: true } => [],
            YamlSequence sequence => sequence.Items,
            var other => throw Invalid(path, other.Mark, "has a 'packs' that is not a list"),
        };

        var entries = new List<PackSetEntry>();
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var item in packs)
        {
            var entry = ReadEntry(path, item);
            if (seen.TryGetValue(entry.Ref, out var firstLine))
            {
                throw Invalid(path, item.Mark, $"names pack '{entry.Ref}' twice (first at line {firstLine})");
            }

            seen[entry.Ref] = item.Mark.Line;
            entries.Add(entry);
        }

        return new PackSet(entries);
    }

    private static PackSetEntry ReadEntry(string path, YamlNode item)
    {
        if (item is not YamlMapping map)
        {
            throw Invalid(path, item.Mark, "has a pack that is not a mapping (write '- ref: name' and 'source: …' under it)");
        }

        RefuseUnknownKeys(path, map, s_entryKeys, "a pack");
        var reference = Text(path, map, "ref", required: true)!;
        if (!PackRules.IsValidRef(reference))
        {
            throw Invalid(path, map["ref"]!.Mark, $"has ref '{reference}', which is not a valid pack ref (letters, digits, '_' and '-')");
        }

        var source = Text(path, map, "source", required: false) ?? reference;
        if (CredentialRedactor.RedactUrl(source) != source || source.Contains("***", StringComparison.Ordinal))
        {
            throw Invalid(path, map["source"]!.Mark, $"has credentials (or *** where they were) in the source of '{reference}'; a pack set never holds secrets: give the URL without user-info and query, and the credentials with -Credential");
        }

        var indexUrl = Text(path, map, "indexUrl", required: false);
        if (indexUrl is not null && CredentialRedactor.RedactUrl(indexUrl) != indexUrl) // *** left by redaction is fine: the configured index of that address is used
        {
            throw Invalid(path, map["indexUrl"]!.Mark, $"has credentials in the indexUrl of '{reference}'; a pack set never holds secrets (configure the index in st2.conf)");
        }

        var commit = Text(path, map, "commit", required: false);
        if (commit is not null && !CommitPattern().IsMatch(commit))
        {
            throw Invalid(path, map["commit"]!.Mark, $"has commit '{commit}' for '{reference}', which is not a git commit (7 to 40 hexadecimal digits)");
        }

        return new PackSetEntry(reference, source, indexUrl, Text(path, map, "version", required: false), commit);
    }

    private static void RefuseUnknownKeys(string path, YamlMapping map, string[] known, string what)
    {
        foreach (var (key, value) in map.Entries)
        {
            if (!known.Contains(key, StringComparer.Ordinal))
            {
                throw Invalid(path, value.Mark, $"has an unknown key '{key}' in {what} (known: {string.Join(", ", known)})");
            }
        }
    }

    private static string? Text(string path, YamlMapping map, string key, bool required)
    {
        switch (map[key])
        {
            case null or YamlScalar { IsNull: true } when required:
                throw Invalid(path, map[key]?.Mark ?? map.Mark, $"is missing '{key}'");
            case null or YamlScalar { IsNull: true }:
                return null;
            case YamlScalar { Value.Length: > 0 } scalar:
                return scalar.Value.Trim();
            case var other:
                throw Invalid(path, other.Mark, $"has a '{key}' that is not a single value");
        }
    }

    private static StackPackException Invalid(string path, YamlMark? mark, string problem, Exception? inner = null)
    {
        var where = mark is { } at ? $" (line {at.Line})" : string.Empty;
        return new StackPackException("InvalidPackSet", $"The pack set '{path}'{where} {problem}.", path,
            "Fix the file (see 'Pack sets' in the README for the format), or write a new one with Export-PackSet.", inner);
    }

    [GeneratedRegex("^[0-9a-fA-F]{7,40}$")]
    private static partial Regex CommitPattern();
}
