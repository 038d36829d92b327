using System.Globalization;
using System.Management.Automation.Host;
using StackPack.Commands.Output;
using StackPack.Engine.Config;

namespace StackPack.Commands.Hosting;

/// <summary>The interactive config form over the PowerShell host: shows each question and reads the answer.</summary>
internal sealed class HostConfigPrompter : IConfigPrompter
{
    private readonly PSHostUserInterface _ui;

    public HostConfigPrompter(PSHostUserInterface ui) => _ui = ui;

    public string Ask(ConfigQuestion question)
    {
        Show(question);
        _ui.Write(Label(question));
        return _ui.ReadLine() ?? string.Empty;
    }

    public string AskSecret(ConfigQuestion question)
    {
        Show(question);
        _ui.Write(Label(question));
        using var secure = _ui.ReadLineAsSecureString();
        return secure is null ? string.Empty : PlainValues.ToText(secure);
    }

    public bool Confirm(string question, bool defaultAnswer)
    {
        while (true)
        {
            _ui.Write($"{question} [{(defaultAnswer ? "Y/n" : "y/N")}]: ");
            var answer = (_ui.ReadLine() ?? string.Empty).Trim().ToLowerInvariant();
            if (answer.Length == 0)
            {
                return defaultAnswer;
            }

            if (answer is "y" or "yes")
            {
                return true;
            }

            if (answer is "n" or "no")
            {
                return false;
            }

            _ui.WriteLine("Answer y or n.");
        }
    }

    public void Say(string message) => _ui.WriteLine(message);

    private void Show(ConfigQuestion question)
    {
        var kind = question.Type is null ? "any" : question.Type == "array" && question.ItemType is not null ? $"list of {question.ItemType}, comma-separated" : question.Type;
        var flags = string.Concat(question.Required ? ", required" : string.Empty, question.Secret ? ", secret" : string.Empty);
        _ui.WriteLine();
        _ui.WriteLine($"{question.Path} ({kind}{flags}){(question.Description is { Length: > 0 } d ? ": " + d : string.Empty)}");
        if (question.Choices is { Count: > 0 } choices)
        {
            for (var i = 0; i < choices.Count; i++)
            {
                _ui.WriteLine($"  {i} - {Format(choices[i])}");
            }
        }

        if (question.HasDefault)
        {
            _ui.WriteLine($"  default: {(question.Secret ? ConfigValues.Mask : Format(question.Default))}");
        }
    }

    private static string Label(ConfigQuestion question)
    {
        var keep = question.HasCurrent ? (question.Secret ? ConfigValues.Mask : Format(question.Current)) : null;
        return keep is null ? $"{question.Path}: " : $"{question.Path} [{keep}]: ";
    }

    private static string Format(object? value) => value switch
    {
        null => "null",
        bool b => b ? "true" : "false",
        IEnumerable<object?> list when value is not string => string.Join(", ", list.Select(Format)),
        IDictionary<string, object?> map => System.Text.Json.JsonSerializer.Serialize(map, StackPack.Engine.Yaml.YamlPlainValues.Json),
        _ => Convert.ToString(value, CultureInfo.InvariantCulture) ?? string.Empty,
    };
}
