using StackPack.Engine.Config;
using StackPack.Engine.Packs;
using StackPack.Engine.Yaml;

namespace StackPack.Engine.Registration;

/// <summary>
/// Checks one content metadata file with the rules of StackStorm's own schemas (action, sensor,
/// rule, alias, policy) and registrars, and turns it into a <see cref="RegisteredItem"/>. Errors
/// are what st2 would refuse; warnings are what st2 registers but would fail later (a missing
/// entry point) or silently get wrong (a default of the wrong type).
/// </summary>
public sealed class ContentValidator
{
    /// <summary>The runners StackStorm ships.</summary>
    public static readonly IReadOnlySet<string> Runners = new HashSet<string>(StringComparer.Ordinal)
    {
        "action-chain", "announcement", "http-request", "inquirer", "local-shell-cmd", "local-shell-script", "noop",
        "orquesta", "python-script", "remote-shell-cmd", "remote-shell-script", "winrm-cmd", "winrm-ps-cmd", "winrm-ps-script",
    };

    private static readonly Dictionary<ContentType, HashSet<string>> s_allowed = new()
    {
        [ContentType.Action] = ["id", "ref", "uid", "name", "description", "enabled", "runner_type", "entry_point", "pack", "parameters", "output_schema", "tags", "notify", "metadata_file"],
        [ContentType.Sensor] = ["id", "ref", "uid", "class_name", "pack", "description", "artifact_uri", "entry_point", "enabled", "trigger_types", "poll_interval", "metadata_file"],
        [ContentType.Rule] = ["id", "ref", "uid", "name", "pack", "description", "type", "trigger", "criteria", "action", "enabled", "context", "tags", "metadata_file"],
        [ContentType.Alias] = ["id", "ref", "uid", "name", "pack", "description", "enabled", "action_ref", "formats", "ack", "result", "extra", "immutable_parameters", "metadata_file"],
        [ContentType.Policy] = ["id", "uid", "name", "pack", "ref", "description", "enabled", "resource_ref", "policy_type", "parameters", "metadata_file"],
        [ContentType.Trigger] = ["id", "ref", "uid", "name", "pack", "description", "payload_schema", "parameters_schema", "tags", "metadata_file"],
    };

    private static readonly Dictionary<string, Type?> s_defaultTypes = new(StringComparer.Ordinal)
    {
        ["string"] = typeof(string), ["integer"] = typeof(long), ["number"] = typeof(double), ["boolean"] = typeof(bool),
        ["array"] = typeof(List<object?>), ["object"] = typeof(Dictionary<string, object?>),
    };

    private readonly string _packPath;
    private readonly string _pack;
    private readonly Func<string, YamlDocument>? _read;

    /// <param name="read">
    /// Reads one file; Test-Pack passes the documents its syntax check already parsed (so each file
    /// is parsed once). Without it the file is read here, and a file validated before in this
    /// process with the same bytes is not parsed again (<see cref="ValidatedFileCache"/>).
    /// </param>
    public ContentValidator(string packPath, string pack, Func<string, YamlDocument>? read = null)
    {
        _packPath = packPath;
        _pack = pack;
        _read = read;
    }

    /// <summary>Validates one file; the items (a sensor also yields its trigger types) or nothing, with the problems found.</summary>
    public (IReadOnlyList<RegisteredItem> Items, IReadOnlyList<PackProblem> Problems) Validate(ContentType type, string file)
    {
        var relative = Path.GetRelativePath(_packPath, file);
        try
        {
            FileOutcome outcome;
            if (_read is not null)
            {
                outcome = Check(type, relative, _read(file));
            }
            else
            {
                var bytes = YamlDocumentReader.ReadFileBytes(file);
                outcome = ValidatedFileCache.GetOrValidate(new(type, _pack, _packPath, file), bytes,
                    () => Check(type, relative, YamlDocumentReader.ReadBytes(bytes, file)));
            }

            return (outcome.Items, outcome.Problems);
        }
        catch (YamlSyntaxException e)
        {
            return ([], [Error(relative, string.Empty, e.Mark, $"{e.Problem}.",
                e.Unreadable ? "Make it a regular, readable file with a UTF-8 name." : "Fix the YAML syntax at that line.")]);
        }
    }

    private FileOutcome Check(ContentType type, string relative, YamlDocument document)
    {
        var problems = new List<PackProblem>();
        var entryPoint = new EntryPointFact();
        foreach (var warning in document.Warnings)
        {
            problems.Add(new PackProblem(relative, string.Empty, warning.Mark.Line, warning.Message, string.Empty, ProblemSeverity.Warning, warning.Mark.Column));
        }

        if (document.Root is not YamlMapping root)
        {
            problems.Add(Error(relative, string.Empty, document.Root?.Mark ?? default, document.Root is null ? "is empty." : "must be a mapping of fields.", $"Write the {Noun(type)}'s fields as a mapping."));
            return new FileOutcome([], problems);
        }

        foreach (var (key, node) in root.Entries)
        {
            if (!s_allowed[type].Contains(key))
            {
                problems.Add(Error(relative, key, node.Mark, $"is not a field of a {Noun(type)} (Additional properties are not allowed ('{key}' was unexpected)).", $"Remove '{key}'."));
            }
        }

        if (root["pack"] is YamlScalar { IsNull: false } packField && packField.Value != _pack)
        {
            problems.Add(Error(relative, "pack", packField.Mark, $"Model is in pack \"{_pack}\" but field \"pack\" is different: {packField.Value}.", $"Set 'pack: {_pack}' or remove the field."));
        }

        var enabled = Boolean(relative, root, "enabled", type != ContentType.Rule, problems);
        var items = type switch
        {
            ContentType.Action => Action(relative, root, enabled, problems, entryPoint),
            ContentType.Sensor => Sensor(relative, root, enabled, problems),
            ContentType.Rule => Rule(relative, root, enabled, problems),
            ContentType.Alias => Named(relative, root, type, enabled, problems, ("action_ref", true)),
            ContentType.Policy => Named(relative, root, type, enabled, problems, ("resource_ref", true), ("policy_type", true)),
            _ => Named(relative, root, type, enabled, problems),
        };

        return new FileOutcome(problems.Any(p => p.Severity == ProblemSeverity.Error) ? [] : items, problems, entryPoint.Path, entryPoint.Exists);
    }

    private List<RegisteredItem> Action(string file, YamlMapping root, bool enabled, List<PackProblem> problems, EntryPointFact entryPointFact)
    {
        var items = Named(file, root, ContentType.Action, enabled, problems, ("runner_type", true), ("entry_point", false));
        var runner = Text(root, "runner_type");
        if (runner is not null && !Runners.Contains(runner))
        {
            problems.Add(Error(file, "runner_type", root["runner_type"]!.Mark, $"uses an unknown runner type \"{runner}\".",
                $"Use one of the runners StackStorm ships: {string.Join(", ", Runners.Order())}."));
        }

        var entryPoint = Text(root, "entry_point");
        if (!string.IsNullOrEmpty(entryPoint) && runner is not (null or "local-shell-cmd" or "remote-shell-cmd" or "http-request" or "noop" or "inquirer" or "announcement" or "winrm-cmd" or "winrm-ps-cmd"))
        {
            var full = Path.GetFullPath(Path.Combine(_packPath, "actions", entryPoint));
            if (!IO.PathRules.IsUnder(full, Path.GetFullPath(_packPath)))
            {
                problems.Add(Error(file, "entry_point", root["entry_point"]!.Mark, $"'{entryPoint}' points outside the pack.", "Point it at a file under actions/."));
            }
            else if (!entryPointFact.Probe(full))
            {
                // st2 registers the action anyway; it fails when it runs.
                problems.Add(new PackProblem(file, "entry_point", root["entry_point"]!.Mark.Line,
                    $"'{entryPoint}' does not exist under actions/ (StackStorm registers the action, but running it fails).",
                    entryPoint.StartsWith("workflows/", StringComparison.Ordinal) ? "Add the workflow under actions/workflows/." : "Add the file, or fix the path.", ProblemSeverity.Warning, root["entry_point"]!.Mark.Column));
            }
        }

        if (root["parameters"] is YamlMapping parameters)
        {
            var specs = ConfigSchemaReader.ReadAttributes(file, parameters, "parameters.", problems);
            CheckParameters(file, specs, parameters, problems);
            if (items.Count == 1 && specs.Count > 0)
            {
                items[0].Fields["parameters"] = string.Join(",", specs.Select(s => s.Key));
            }
        }
        else if (root["parameters"] is { } notMapping && notMapping is not YamlScalar { IsNull: true })
        {
            problems.Add(Error(file, "parameters", notMapping.Mark, "must be a mapping of parameter names to specs.", "Write 'parameters:' as a mapping."));
        }

        return items;
    }

    private static void CheckParameters(string file, List<KeyValuePair<string, SchemaNode>> specs, YamlMapping parameters, List<PackProblem> problems)
    {
        var positions = new Dictionary<int, string>();
        foreach (var (name, spec) in specs)
        {
            var at = parameters[name]?.Mark ?? default;
            if (spec.Position is { } position && !positions.TryAdd(position, name))
            {
                problems.Add(Error(file, $"parameters.{name}", at, $"has position {position}, which '{positions[position]}' already has.", "Give each positional parameter its own position."));
            }

            if (spec.HasDefault && spec.Default is not null && spec.Type is { } type && s_defaultTypes.TryGetValue(type, out var expected) && expected is not null
                && !ConfigValues.IsJinja(spec.Default) && !(expected == typeof(double) && spec.Default is long) && spec.Default.GetType() != expected)
            {
                problems.Add(new PackProblem(file, $"parameters.{name}", at.Line,
                    $"has default {System.Text.Json.JsonSerializer.Serialize(spec.Default, YamlPlainValues.Json)}, which is not {Article(type)} {type} (StackStorm registers it, but the default is used as it is).",
                    $"Make the default {Article(type)} {type}, or change the type.", ProblemSeverity.Warning, at.Column));
            }
        }
    }

    private List<RegisteredItem> Sensor(string file, YamlMapping root, bool enabled, List<PackProblem> problems)
    {
        var className = RequiredText(file, root, "class_name", problems);
        if (root["poll_interval"] is YamlScalar { Kind: not (YamlScalarKind.Int or YamlScalarKind.Float or YamlScalarKind.Null) } poll)
        {
            problems.Add(Error(file, "poll_interval", poll.Mark, $"'{poll.Value}' is not a number of seconds.", "Write e.g. poll_interval: 30."));
        }

        var items = new List<RegisteredItem>();
        if (className is not null)
        {
            items.Add(Item(ContentType.Sensor, className, file, enabled, ("class_name", className), ("entry_point", Text(root, "entry_point")), ("poll_interval", Text(root, "poll_interval"))));
        }

        // st2 registers the trigger types a sensor declares as triggers of the pack.
        if (root["trigger_types"] is YamlSequence triggers)
        {
            foreach (var trigger in triggers.Items)
            {
                if (trigger is YamlMapping mapping && RequiredText(file, mapping, "name", problems, "trigger_types[].name") is { } name)
                {
                    items.Add(Item(ContentType.Trigger, name, file, true));
                }
            }

            if (items.Count > 0)
            {
                items[0].Fields["trigger_types"] = string.Join(",", items.Skip(1).Select(i => i.Ref));
            }
        }

        return items;
    }

    private List<RegisteredItem> Rule(string file, YamlMapping root, bool enabled, List<PackProblem> problems)
    {
        var items = Named(file, root, ContentType.Rule, enabled, problems);
        var trigger = root["trigger"] as YamlMapping;
        var action = root["action"] as YamlMapping;
        if (trigger is null)
        {
            problems.Add(Error(file, "trigger", root["trigger"]?.Mark ?? default, "is required: the trigger the rule listens to.", "Add 'trigger: {type: pack.trigger_name}'."));
        }

        if (action is null)
        {
            problems.Add(Error(file, "action", root["action"]?.Mark ?? default, "is required: the action the rule runs.", "Add 'action: {ref: pack.action_name}'."));
        }

        var triggerType = trigger is null ? null : RequiredText(file, trigger, "type", problems, "trigger.type");
        var actionRef = action is null ? null : RequiredText(file, action, "ref", problems, "action.ref");
        if (items.Count == 1)
        {
            items[0].Fields["trigger"] = triggerType ?? string.Empty;
            items[0].Fields["action"] = actionRef ?? string.Empty;
        }

        return items;
    }

    private List<RegisteredItem> Named(string file, YamlMapping root, ContentType type, bool enabled, List<PackProblem> problems, params (string Field, bool Required)[] fields)
    {
        var name = RequiredText(file, root, "name", problems);
        var values = new List<(string, string?)>();
        foreach (var (field, required) in fields)
        {
            values.Add((field, required ? RequiredText(file, root, field, problems) : Text(root, field)));
        }

        return name is null ? [] : [Item(type, name, file, enabled, values.ToArray())];
    }

    private RegisteredItem Item(ContentType type, string name, string file, bool enabled, params (string Field, string? Value)[] fields) => new()
    {
        Type = type,
        Ref = $"{_pack}.{name}",
        Name = name,
        File = file,
        Enabled = enabled,
        Fields = fields.Where(f => f.Value is not null).ToDictionary(f => f.Field, f => f.Value!, StringComparer.Ordinal),
    };

    private static string? RequiredText(string file, YamlMapping root, string field, List<PackProblem> problems, string? shown = null)
    {
        var node = root[field];
        if (node is YamlScalar { IsNull: false } scalar && scalar.Value.Length > 0)
        {
            return scalar.Value;
        }

        problems.Add(Error(file, shown ?? field, node?.Mark ?? root.Mark,
            node is null or YamlScalar { IsNull: true } ? "is required but missing." : "must be a text value.", $"Add '{field}:'."));
        return null;
    }

    private static bool Boolean(string file, YamlMapping root, string field, bool fallback, List<PackProblem> problems)
    {
        switch (root[field])
        {
            case null or YamlScalar { IsNull: true }:
                return fallback;
            case YamlScalar { Kind: YamlScalarKind.Bool } flag:
                return YamlScalarTyping.IsTrue(flag.Value);
            case var other:
                problems.Add(Error(file, field, other.Mark, "must be true or false.", $"Write {field}: true or {field}: false."));
                return fallback;
        }
    }

    private static string? Text(YamlMapping root, string field) => root[field] is YamlScalar { IsNull: false } scalar ? scalar.Value : null;

    private static PackProblem Error(string file, string field, YamlMark at, string message, string fix) =>
        new(file, field, at.Line, message, fix, ProblemSeverity.Error, at.Column);

    public static string Noun(ContentType type) => type.ToString().ToLowerInvariant();

    /// <summary>The one fact from outside the file a result depends on: whether the action's entry point exists.</summary>
    private sealed class EntryPointFact
    {
        public string? Path { get; private set; }

        public bool Exists { get; private set; }

        public bool Probe(string path)
        {
            Path = path;
            Exists = File.Exists(path);
            return Exists;
        }
    }

    private static string Article(string word) => "aeiou".Contains(word[0]) ? "an" : "a";
}
