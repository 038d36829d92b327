using System.Globalization;
using System.Text.Json;

namespace StackPack.Engine.Config;

/// <summary>One question of the interactive config form.</summary>
public sealed record ConfigQuestion
{
    /// <summary>Dotted path: "sensor.token", "repositories[0].name".</summary>
    public required string Path { get; init; }

    public string? Type { get; init; }

    /// <summary>For lists: the type of their items.</summary>
    public string? ItemType { get; init; }

    public string? Description { get; init; }

    public bool HasDefault { get; init; }

    public object? Default { get; init; }

    public bool HasCurrent { get; init; }

    /// <summary>The current value (the caller masks it for secrets).</summary>
    public object? Current { get; init; }

    public IReadOnlyList<object?>? Choices { get; init; }

    public bool Secret { get; init; }

    public bool Required { get; init; }
}

/// <summary>How the questionnaire talks to a person; the cmdlet implements it over the PowerShell host.</summary>
public interface IConfigPrompter
{
    /// <summary>Returns what was typed; an empty string means Enter (keep the current value or the default).</summary>
    string Ask(ConfigQuestion question);

    /// <summary>Like <see cref="Ask"/>, read without echoing.</summary>
    string AskSecret(ConfigQuestion question);

    bool Confirm(string question, bool defaultAnswer);

    void Say(string message);
}

/// <summary>
/// The interactive form of Set-PackConfig: every attribute in schema order, showing its
/// description, type, default and current value (Enter keeps it). Secrets of any type are read
/// masked, enums offer their choices (by number or value), booleans take y/n/true/false, numbers
/// are asked again until they parse, nested objects are asked by dotted name, lists of scalars
/// take a comma-separated line, and lists of objects repeat a sub-form ("add another?").
/// A Jinja expression is accepted for any type.
/// </summary>
public sealed class ConfigQuestionnaire
{
    private readonly ConfigSchema _schema;
    private readonly IConfigPrompter _prompter;

    public ConfigQuestionnaire(ConfigSchema schema, IConfigPrompter prompter)
    {
        _schema = schema;
        _prompter = prompter;
    }

    /// <summary>Asks every question and returns the whole new config (unknown keys of the current one are kept).</summary>
    public Dictionary<string, object?> Run(IDictionary<string, object?> current) =>
        Walk(_schema.Attributes, current, string.Empty);

    private Dictionary<string, object?> Walk(IReadOnlyList<KeyValuePair<string, SchemaNode>> properties, IDictionary<string, object?> current, string prefix)
    {
        var result = (Dictionary<string, object?>)ConfigValues.Clone(current)!;
        foreach (var (name, declared) in properties)
        {
            var spec = declared.Ref is { } reference && _schema.ResolveRef(reference) is { } target ? target : declared;
            var path = ConfigPath.Join(prefix, name);
            var hasCurrent = current.TryGetValue(name, out var currentValue) && currentValue is not null;

            if (!spec.Secret && spec.Properties.Count > 0 && (spec.Type is null or "object") && !ConfigValues.IsJinja(currentValue))
            {
                Describe(path, declared);
                var nested = Walk(spec.Properties, currentValue as IDictionary<string, object?> ?? new Dictionary<string, object?>(), path);
                if (nested.Count > 0 || hasCurrent)
                {
                    result[name] = nested;
                }

                continue;
            }

            if (!spec.Secret && spec.Type == "array" && spec.Items is { Properties.Count: > 0 } itemSpec && !ConfigValues.IsJinja(currentValue))
            {
                var items = AskObjectList(path, declared, itemSpec, currentValue as IList<object?> ?? []);
                if (items.Count > 0 || hasCurrent)
                {
                    result[name] = items;
                }

                continue;
            }

            var question = new ConfigQuestion
            {
                Path = path,
                Type = spec.Type,
                ItemType = spec.Items?.Type,
                Description = declared.Description ?? spec.Description,
                HasDefault = spec.HasDefault,
                Default = spec.HasDefault ? spec.Default : null,
                HasCurrent = hasCurrent,
                Current = currentValue,
                Choices = spec.Enum,
                Secret = declared.Secret || spec.Secret,
                Required = declared.Required,
            };
            if (AskValue(question, spec) is { } answer)
            {
                result[name] = answer.Value;
            }
        }

        return result;
    }

    private void Describe(string path, SchemaNode spec)
    {
        if (spec.Description is { Length: > 0 } description)
        {
            _prompter.Say($"{path}: {description}");
        }
    }

    private List<object?> AskObjectList(string path, SchemaNode declared, SchemaNode itemSpec, IList<object?> current)
    {
        Describe(path, declared);
        var items = new List<object?>();
        for (var i = 0; i < current.Count; i++)
        {
            if (_prompter.Confirm($"Keep {path}[{i}]?", true))
            {
                items.Add(ConfigValues.Clone(current[i]));
            }
        }

        while (_prompter.Confirm(items.Count == 0 ? $"Add an item to '{path}'?" : $"Add another item to '{path}'?", items.Count == 0 && declared.Required))
        {
            items.Add(Walk(itemSpec.Properties, new Dictionary<string, object?>(), $"{path}[{items.Count}]"));
        }

        return items;
    }

    /// <summary>Null: keep whatever is there (or leave it unset so the default applies).</summary>
    private Answer? AskValue(ConfigQuestion question, SchemaNode spec)
    {
        while (true)
        {
            var text = (question.Secret ? _prompter.AskSecret(question) : _prompter.Ask(question)).Trim();
            if (text.Length == 0)
            {
                if (question.HasCurrent || question.HasDefault || !question.Required)
                {
                    return null;
                }

                _prompter.Say($"'{question.Path}' is required: enter a value.");
                continue;
            }

            if (ConfigValues.IsJinja(text))
            {
                return new Answer(text);
            }

            if (Parse(text, question, spec, out var value, out var problem))
            {
                return new Answer(value);
            }

            _prompter.Say(problem);
        }
    }

    private static bool Parse(string text, ConfigQuestion question, SchemaNode spec, out object? value, out string problem)
    {
        problem = string.Empty;
        if (spec.Enum is { Count: > 0 } choices)
        {
            var match = choices.FirstOrDefault(c => string.Equals(Convert.ToString(c, CultureInfo.InvariantCulture), text, StringComparison.OrdinalIgnoreCase));
            if (match is not null)
            {
                value = match;
                return true;
            }

            if (int.TryParse(text, out var index) && index >= 0 && index < choices.Count)
            {
                value = choices[index];
                return true;
            }

            value = null;
            problem = $"Choose one of {string.Join(", ", choices.Select((c, i) => $"{i} ({c})"))}.";
            return false;
        }

        if (spec.Type == "array")
        {
            var parts = text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
            var list = new List<object?>();
            foreach (var part in parts)
            {
                if (!ParseScalar(part, question.ItemType, out var item))
                {
                    value = null;
                    problem = $"'{part}' is not a valid {question.ItemType}; enter a comma-separated list of {question.ItemType} values.";
                    return false;
                }

                list.Add(item);
            }

            value = list;
            return true;
        }

        if (spec.Type == "object")
        {
            try
            {
                using var document = JsonDocument.Parse(text);
                value = ConfigFileStore.FromJson(document.RootElement);
                if (value is Dictionary<string, object?>)
                {
                    return true;
                }
            }
            catch (JsonException)
            {
            }

            value = null;
            problem = $"Enter '{question.Path}' as a JSON object, e.g. {{\"key\": \"value\"}}.";
            return false;
        }

        if (ParseScalar(text, spec.Type, out value))
        {
            return true;
        }

        problem = spec.Type switch
        {
            "boolean" => "Answer y or n (yes/no, true/false).",
            "integer" => $"'{text}' is not a whole number; try again.",
            "number" => $"'{text}' is not a number; try again.",
            _ => $"'{text}' is not a valid {spec.Type}.",
        };
        return false;
    }

    private static bool ParseScalar(string text, string? type, out object? value)
    {
        switch (type)
        {
            case "boolean":
                var lowered = text.ToLowerInvariant();
                value = lowered is "y" or "yes" or "true" or "1" ? true : lowered is "n" or "no" or "false" or "0" ? false : null;
                return value is not null;
            case "integer":
                var isWhole = long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var whole);
                value = isWhole ? whole : null;
                return isWhole;
            case "number":
                var isNumber = double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var number);
                value = isNumber ? (number == Math.Floor(number) && Math.Abs(number) < 1e15 && !text.Contains('.') ? (object)(long)number : number) : null;
                return isNumber;
            case "null":
                value = null;
                return text is "null" or "~";
            default:
                value = text;
                return true;
        }
    }

    private sealed record Answer(object? Value);
}
