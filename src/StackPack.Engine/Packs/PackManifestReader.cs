using StackPack.Engine.Yaml;

namespace StackPack.Engine.Packs;

/// <summary>
/// Reads and checks a pack.yaml with StackStorm's rules (st2 PackAPI): required name,
/// description, version (strict semver) and author; ref pattern and fallbacks; typed optional
/// fields; unknown keys kept. Collects every problem before failing, each with the file,
/// the field, the line and the fix.
/// </summary>
public static class PackManifestReader
{
    public const string FileName = "pack.yaml";

    private static readonly HashSet<string> s_knownFields = new(StringComparer.Ordinal)
    {
        "name", "ref", "description", "version", "author", "email", "keywords", "stackstorm_version",
        "python_versions", "contributors", "dependencies", "system", "files", "path", "id", "uid",
    };

    /// <summary>Reads &lt;packDir&gt;/pack.yaml, resolving the ref as registration does (ref, folder name, name).</summary>
    public static PackManifest ReadPack(string packDirectory) =>
        Read(Path.Combine(packDirectory, FileName), Path.GetFileName(Path.TrimEndingDirectorySeparator(packDirectory)));

    /// <param name="file">The pack.yaml.</param>
    /// <param name="directoryName">The folder name to fall back on for the ref; null at install time, as st2 does.</param>
    /// <exception cref="InvalidPackMetadataException">StackStorm would refuse this pack.yaml.</exception>
    public static PackManifest Read(string file, string? directoryName)
    {
        if (!File.Exists(file))
        {
            throw new InvalidPackMetadataException(file, [
                new PackProblem(file, string.Empty, 0, "is missing: a pack needs a pack.yaml manifest.",
                    "Add a pack.yaml with name, description, version, author and email.", ProblemSeverity.Error),
            ]);
        }

        YamlDocument document;
        try
        {
            document = YamlDocumentReader.ReadFile(file);
        }
        catch (YamlSyntaxException e)
        {
            throw new InvalidPackMetadataException(file, [
                new PackProblem(file, string.Empty, e.Mark.Line, $"{e.Problem}.",
                    "Fix the YAML syntax at that line.", ProblemSeverity.Error),
            ]);
        }

        return new Checker(file, directoryName, document).Check();
    }

    private sealed class Checker
    {
        private readonly string _file;
        private readonly string? _directoryName;
        private readonly YamlDocument _document;
        private readonly List<PackProblem> _problems = new();

        public Checker(string file, string? directoryName, YamlDocument document)
        {
            _file = file;
            _directoryName = directoryName;
            _document = document;
        }

        public PackManifest Check()
        {
            foreach (var warning in _document.Warnings)
            {
                _problems.Add(new PackProblem(_file, string.Empty, warning.Mark.Line, warning.Message, string.Empty, ProblemSeverity.Warning));
            }

            if (_document.Root is not YamlMapping root)
            {
                var what = _document.Root is null ? "is empty" : "is not a mapping of fields";
                Error(string.Empty, _document.Root?.Mark.Line ?? 0, $"{what}.",
                    "A pack.yaml is a YAML mapping with at least name, description, version, author and email.");
                throw Fail();
            }

            var name = RequiredString(root, "name", "a display name, e.g. name: my_pack");
            var description = RequiredString(root, "description", "a one-line description of the pack");
            var version = ReadVersion(root);
            var author = RequiredString(root, "author", "the author's or organisation's name");
            var email = ReadEmail(root);
            var explicitRef = ReadExplicitRef(root);
            var keywords = StringList(root, "keywords");
            var dependencies = StringList(root, "dependencies");
            var contributors = StringList(root, "contributors");
            foreach (var (contributor, index) in contributors.Select((c, i) => (c, i)).Where(x => x.c.Length > 100))
            {
                Error("contributors", LineOf(root, "contributors"), $"entry {index} is {contributor.Length} characters long; StackStorm allows 100.",
                    "Shorten it to 'Name <email>'.");
            }

            var stackstormVersion = ReadStackStormVersion(root);
            var pythonVersions = ReadPythonVersions(root);
            if (root["system"] is { } system && system is not YamlMapping && system is not YamlScalar { IsNull: true })
            {
                Error("system", system.Mark.Line, "must be a mapping.", "Write it as a mapping, or remove it.");
            }

            var (reference, refSource) = ResolveRef(explicitRef, name);
            if (_problems.Any(p => p.Severity == ProblemSeverity.Error))
            {
                throw Fail();
            }

            return new PackManifest
            {
                File = _file,
                Ref = reference!,
                RefSource = refSource,
                Name = name!,
                Description = description!,
                Version = version!,
                Author = author!,
                Email = email,
                Keywords = keywords,
                Dependencies = dependencies,
                Contributors = contributors,
                StackStormVersion = stackstormVersion,
                PythonVersions = pythonVersions,
                UnknownFields = root.Entries.Where(e => !s_knownFields.Contains(e.Key))
                    .ToDictionary(e => e.Key, e => YamlPlainValues.ToPlain(e.Value), StringComparer.Ordinal),
                Warnings = _problems,
            };
        }

        private InvalidPackMetadataException Fail() => new(_file, _problems, _directoryName ?? _file);

        private void Error(string field, int line, string message, string fix) =>
            _problems.Add(new PackProblem(_file, field, line, message, fix, ProblemSeverity.Error));

        private void Warn(string field, int line, string message, string fix) =>
            _problems.Add(new PackProblem(_file, field, line, message, fix, ProblemSeverity.Warning));

        private static int LineOf(YamlMapping root, string key) => root[key]?.Mark.Line ?? root.Mark.Line;

        private string? RequiredString(YamlMapping root, string key, string hint)
        {
            var node = root[key];
            if (node is null || node is YamlScalar { IsNull: true })
            {
                Error(key, node?.Mark.Line ?? 0, "is required but missing.", $"Add '{key}:' with {hint}.");
                return null;
            }

            if (node is not YamlScalar scalar)
            {
                Error(key, node.Mark.Line, "must be a text value, not a list or a mapping.", $"Give '{key}' a single text value.");
                return null;
            }

            if (scalar.Kind != YamlScalarKind.String)
            {
                Error(key, node.Mark.Line, $"must be text, but '{scalar.Value}' is read as a {KindName(scalar.Kind)}.",
                    $"Quote it: {key}: \"{scalar.Value}\".");
                return null;
            }

            if (scalar.Value.Trim().Length == 0)
            {
                Error(key, node.Mark.Line, "is empty.", $"Give '{key}' {hint}.");
                return null;
            }

            return scalar.Value;
        }

        private string? ReadVersion(YamlMapping root)
        {
            var node = root["version"];
            if (node is null || node is YamlScalar { IsNull: true })
            {
                Error("version", node?.Mark.Line ?? 0, "is required but missing.", "Add a semantic version, e.g. version: 0.1.0.");
                return null;
            }

            if (node is not YamlScalar scalar)
            {
                Error("version", node.Mark.Line, "must be a version string, not a list or a mapping.", "Write e.g. version: 0.1.0.");
                return null;
            }

            // st2 does str(version) before checking it, so an unquoted 0.1 (a YAML float) becomes "0.1".
            var text = scalar.Kind == YamlScalarKind.String ? scalar.Value : YamlPlainValues.PythonText(scalar);
            if (PackRules.IsValidVersion(text))
            {
                return text;
            }

            var fix = scalar.Kind is YamlScalarKind.Float or YamlScalarKind.Int
                ? $"YAML reads the unquoted {scalar.Value} as a number; use three parts, quoted, e.g. version: \"{SuggestVersion(scalar.Value)}\"."
                : $"Use major.minor.patch, e.g. {SuggestVersion(scalar.Value)} (pre-release and build parts in lowercase).";
            Error("version", node.Mark.Line, $"'{scalar.Value}' is not a valid semantic version (StackStorm requires e.g. 0.1.0, 1.2.3).", fix);
            return null;
        }

        private static string SuggestVersion(string value)
        {
            var parts = value.TrimStart('v', 'V').Split('.', '-', '+')
                .Select(p => int.TryParse(p, out var n) ? n : (int?)null).TakeWhile(n => n is not null).Select(n => n!.Value).ToList();
            while (parts.Count < 3)
            {
                parts.Add(0);
            }

            return string.Join('.', parts.Take(3));
        }

        private string? ReadEmail(YamlMapping root)
        {
            var node = root["email"];
            if (node is null || node is YamlScalar { IsNull: true })
            {
                Warn("email", node?.Mark.Line ?? 0, "is missing; StackStorm fails to register a pack without one.", "Add 'email:' with a contact address.");
                return null;
            }

            if (node is not YamlScalar { Kind: YamlScalarKind.String } scalar)
            {
                Error("email", node.Mark.Line, "must be an email address.", "Write e.g. email: you@example.com.");
                return null;
            }

            var at = scalar.Value.IndexOf('@');
            if (at <= 0 || at == scalar.Value.Length - 1 || scalar.Value.Any(char.IsWhiteSpace))
            {
                Warn("email", node.Mark.Line, $"'{scalar.Value}' is not a valid email address; StackStorm refuses it at registration.",
                    "Write e.g. email: you@example.com.");
            }

            return scalar.Value;
        }

        private string? ReadExplicitRef(YamlMapping root)
        {
            var node = root["ref"];
            if (node is null || node is YamlScalar { IsNull: true } || node is YamlScalar { Value: "" })
            {
                return null;
            }

            if (node is not YamlScalar scalar)
            {
                Error("ref", node.Mark.Line, "must be a single value.", "Write e.g. ref: my_pack.");
                return null;
            }

            if (!PackRules.IsValidRef(scalar.Value))
            {
                Error("ref", node.Mark.Line, $"'{scalar.Value}' may only contain lowercase letters, digits and underscores (no dashes).",
                    $"Use e.g. ref: {SuggestRef(scalar.Value)}.");
                return null;
            }

            return scalar.Value;
        }

        private (string? Ref, RefSource Source) ResolveRef(string? explicitRef, string? name)
        {
            var (reference, source) = explicitRef is not null ? (explicitRef, RefSource.RefField)
                : PackRules.IsValidRef(_directoryName) ? (_directoryName, RefSource.DirectoryName)
                : PackRules.IsValidRef(name) ? (name, RefSource.NameField)
                : ((string?)null, RefSource.RefField);

            if (reference is null)
            {
                if (name is not null && _problems.All(p => p.Field != "ref"))
                {
                    Error("ref", 0, $"is missing, and the name '{name}' is not a valid ref (only lowercase letters, digits and underscores).",
                        $"Add 'ref: {SuggestRef(name)}' to pack.yaml.");
                }

                return (null, source);
            }

            if (PackRules.ReservedRefs.Contains(reference))
            {
                Error("ref", 0, $"'{reference}' is reserved by StackStorm and cannot name a pack.", "Choose another ref.");
            }

            return (reference, source);
        }

        private static string SuggestRef(string value)
        {
            var chars = value.ToLowerInvariant().Select(c => char.IsAsciiLetterOrDigit(c) ? c : '_').ToArray();
            var suggestion = new string(chars).Trim('_');
            return suggestion.Length == 0 ? "my_pack" : suggestion;
        }

        private List<string> StringList(YamlMapping root, string key)
        {
            var node = root[key];
            if (node is null || node is YamlScalar { IsNull: true })
            {
                return [];
            }

            if (node is not YamlSequence sequence)
            {
                Error(key, node.Mark.Line, "must be a list.", $"Write each entry on its own '- ' line under '{key}:'.");
                return [];
            }

            var values = new List<string>(sequence.Items.Count);
            for (var i = 0; i < sequence.Items.Count; i++)
            {
                if (sequence.Items[i] is YamlScalar { Kind: YamlScalarKind.String } item)
                {
                    values.Add(item.Value);
                }
                else
                {
                    var shown = sequence.Items[i] is YamlScalar s ? $"'{s.Value}' is read as a {KindName(s.Kind)}" : "is not a single value";
                    Error(key, sequence.Items[i].Mark.Line, $"entry {i} {shown}; StackStorm requires text.", "Quote the entry.");
                }
            }

            return values;
        }

        private string? ReadStackStormVersion(YamlMapping root)
        {
            var node = root["stackstorm_version"];
            if (node is null || node is YamlScalar { IsNull: true })
            {
                return null;
            }

            if (node is YamlScalar { Kind: YamlScalarKind.String } scalar && PackRules.IsValidStackStormVersionSpec(scalar.Value))
            {
                return scalar.Value;
            }

            var shown = node is YamlScalar s ? s.Value : "(not a single value)";
            Error("stackstorm_version", node.Mark.Line, $"'{shown}' is not a StackStorm version spec.",
                "Use comparisons separated by commas, e.g. stackstorm_version: \">=3.0.0, <4.0.0\".");
            return null;
        }

        private List<string> ReadPythonVersions(YamlMapping root)
        {
            var node = root["python_versions"];
            if (node is null || node is YamlScalar { IsNull: true })
            {
                return [];
            }

            const string fix = "Write python_versions as a list of quoted \"2\" and/or \"3\".";
            if (node is not YamlSequence sequence || sequence.Items.Count is 0 or > 2)
            {
                Error("python_versions", node.Mark.Line, "must be a list of one or two entries.", fix);
                return [];
            }

            var values = new List<string>();
            foreach (var item in sequence.Items)
            {
                if (item is YamlScalar { Kind: YamlScalarKind.String, Value: "2" or "3" } scalar && !values.Contains(scalar.Value))
                {
                    values.Add(scalar.Value);
                }
                else
                {
                    var shown = item is YamlScalar s ? (s.Kind == YamlScalarKind.String ? $"'{s.Value}'" : $"unquoted {s.Value} (a {KindName(s.Kind)})") : "a nested value";
                    Error("python_versions", item.Mark.Line, $"has {shown}; only the texts \"2\" and \"3\", once each, are allowed.", fix);
                }
            }

            return values;
        }

        private static string KindName(YamlScalarKind kind) => kind switch
        {
            YamlScalarKind.Bool => "boolean",
            YamlScalarKind.Int => "integer",
            YamlScalarKind.Float => "number",
            YamlScalarKind.Null => "null",
            _ => "string",
        };
    }
}
