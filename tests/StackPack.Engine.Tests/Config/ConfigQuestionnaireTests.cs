using StackPack.Engine.Config;
using StackPack.Engine.Tests.Support;

namespace StackPack.Engine.Tests.Config;

public class ConfigQuestionnaireTests : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    private sealed class ScriptedPrompter(params string[] answers) : IConfigPrompter
    {
        private readonly Queue<string> _answers = new(answers);

        public List<string> Asked { get; } = new();

        public List<string> AskedSecretly { get; } = new();

        public List<string> Said { get; } = new();

        public string Ask(ConfigQuestion question)
        {
            Asked.Add(question.Path);
            return _answers.Dequeue();
        }

        public string AskSecret(ConfigQuestion question)
        {
            AskedSecretly.Add(question.Path);
            return _answers.Dequeue();
        }

        public bool Confirm(string question, bool defaultAnswer)
        {
            Asked.Add(question);
            var answer = _answers.Dequeue();
            return answer.Length == 0 ? defaultAnswer : answer.StartsWith('y');
        }

        public void Say(string message) => Said.Add(message);
    }

    private ConfigSchema Schema(string yaml) => ConfigSchemaReader.Read(_temp.Write($"{Guid.NewGuid():N}.yaml", yaml));

    [Fact]
    public void Asks_in_schema_order_keeps_current_values_on_Enter_and_reads_secrets_masked()
    {
        var schema = Schema("url: {type: string, required: true}\npin: {type: integer, secret: true}\nverify: {type: boolean, default: true}\n");
        var prompter = new ScriptedPrompter("", "1234", "");

        var result = new ConfigQuestionnaire(schema, prompter).Run(new Dictionary<string, object?> { ["url"] = "https://kept", ["extra"] = "kept too" });

        Assert.Equal(["url", "verify"], prompter.Asked);
        Assert.Equal(["pin"], prompter.AskedSecretly);
        Assert.Equal("https://kept", result["url"]);
        Assert.Equal(1234L, result["pin"]);
        Assert.False(result.ContainsKey("verify")); // Enter on a default leaves it to the default
        Assert.Equal("kept too", result["extra"]);
    }

    [Fact]
    public void Enums_take_a_number_or_a_value_and_ask_again_otherwise()
    {
        var schema = Schema("mode: {type: string, enum: [oauth, basic, pat]}\nother: {type: string, enum: [a, b]}\n");
        var prompter = new ScriptedPrompter("9", "1", "B");
        var result = new ConfigQuestionnaire(schema, prompter).Run(new Dictionary<string, object?>());
        Assert.Equal("basic", result["mode"]);
        Assert.Equal("b", result["other"]);
        Assert.Contains(prompter.Said, s => s.Contains("Choose one of"));
    }

    [Fact]
    public void Booleans_and_numbers_are_asked_again_until_they_parse()
    {
        var schema = Schema("flag: {type: boolean}\ncount: {type: integer}\nratio: {type: number}\n");
        var prompter = new ScriptedPrompter("maybe", "Y", "ten", "10", "x", "0.5");
        var result = new ConfigQuestionnaire(schema, prompter).Run(new Dictionary<string, object?>());
        Assert.Equal(true, result["flag"]);
        Assert.Equal(10L, result["count"]);
        Assert.Equal(0.5, result["ratio"]);
        Assert.Equal(3, prompter.Said.Count);
    }

    [Fact]
    public void Required_values_without_a_default_cannot_be_skipped()
    {
        var schema = Schema("host: {type: string, required: true}\n");
        var prompter = new ScriptedPrompter("", "db1");
        Assert.Equal("db1", new ConfigQuestionnaire(schema, prompter).Run(new Dictionary<string, object?>())["host"]);
        Assert.Contains(prompter.Said, s => s.Contains("required"));
    }

    [Fact]
    public void Nested_objects_are_asked_by_dotted_name_and_lists_take_comma_separated_values()
    {
        var schema = Schema("sensor:\n  type: object\n  properties:\n    token: {type: string, secret: true}\n    ports: {type: array, items: {type: integer}}\n");
        var prompter = new ScriptedPrompter("tok", "80, 443");
        var result = new ConfigQuestionnaire(schema, prompter).Run(new Dictionary<string, object?>());
        Assert.Equal(["sensor.token"], prompter.AskedSecretly);
        Assert.Equal(["sensor.ports"], prompter.Asked);
        var sensor = (Dictionary<string, object?>)result["sensor"]!;
        Assert.Equal("tok", sensor["token"]);
        Assert.Equal(new List<object?> { 80L, 443L }, sensor["ports"]);
    }

    [Fact]
    public void Arrays_of_objects_repeat_a_sub_form_and_read_their_secrets_masked()
    {
        var schema = Schema("accounts:\n  type: array\n  items:\n    type: object\n    properties:\n      name: {type: string, required: true}\n      password: {type: string, secret: true}\n");
        var prompter = new ScriptedPrompter("y", "alice", "pw1", "y", "bob", "pw2", "n");
        var result = new ConfigQuestionnaire(schema, prompter).Run(new Dictionary<string, object?>());
        var accounts = (List<object?>)result["accounts"]!;
        Assert.Equal(2, accounts.Count);
        Assert.Equal("bob", ((Dictionary<string, object?>)accounts[1]!)["name"]);
        Assert.Equal(["accounts[0].password", "accounts[1].password"], prompter.AskedSecretly);
    }

    [Fact]
    public void Jinja_expressions_are_accepted_for_any_type()
    {
        var schema = Schema("port: {type: integer}\n");
        var result = new ConfigQuestionnaire(schema, new ScriptedPrompter("{{ st2kv.system.port }}")).Run(new Dictionary<string, object?>());
        Assert.Equal("{{ st2kv.system.port }}", result["port"]);
    }
}
