using StackPack.Engine.Config;
using StackPack.Engine.Packs;
using StackPack.Engine.Yaml;

namespace StackPack.Engine.Testing;

/// <summary>
/// Validates the example config the Exchange convention asks for (&lt;ref&gt;.yaml.example beside
/// pack.yaml) against config.schema.yaml, as st2-check-validate-pack-example-config does:
/// with the schema's defaults filled in, and Jinja expressions ("{{ st2kv.system.x }}")
/// accepted for any type, because StackStorm renders them at run time. Each problem points at
/// the line of the value at fault (secret values are masked).
/// </summary>
public static class ExampleConfigCheck
{
    public static string FileName(string packRef) => packRef + ".yaml.example";

    public static IEnumerable<PackTestProblem> Run(string packPath, string packRef, ConfigSchema? schema, SyntaxCheck parsed)
    {
        var file = FileName(packRef);
        var path = Path.Combine(packPath, file);
        if (schema is null)
        {
            yield break;
        }

        if (!File.Exists(path))
        {
            yield return Problem(ProblemSeverity.Warning, file, "ExampleConfigMissing", default,
                "is missing: the pack has a config.schema.yaml but no example config (the Exchange convention).",
                $"Add {file} with example values for every attribute (Jinja such as '{{{{ st2kv.system.x }}}}' is fine).");
            yield break;
        }

        // A syntax error or an unreadable file was reported by the syntax check.
        if (parsed.Parsed(path) is not { } document)
        {
            yield break;
        }

        if (document.Root is not (null or YamlMapping))
        {
            yield return Problem(ProblemSeverity.Error, file, "InvalidExampleConfig", document.Root.Mark, "must be a mapping of attribute names to values.", "Write 'name: value' lines.");
            yield break;
        }

        var values = document.Root is YamlMapping mapping
            ? (Dictionary<string, object?>)YamlPlainValues.ToPlain(mapping)!
            : new Dictionary<string, object?>(StringComparer.Ordinal);
        IReadOnlyList<ConfigProblem> problems;
        try
        {
            problems = ConfigValidator.Validate(values, schema);
        }
        catch (InvalidConfigSchemaException)
        {
            yield break; // the schema check reports it
        }

        foreach (var problem in problems)
        {
            yield return Problem(ProblemSeverity.Error, file, "InvalidExampleConfig", MarkOf(document.Root, problem.Path),
                $"does not validate against config.schema.yaml: {problem}",
                problem.Kind == ConfigProblemKind.Required ? $"Give '{problem.Path}' an example value." : $"Correct '{problem.Path}' (see its spec in config.schema.yaml).");
        }
    }

    /// <summary>The deepest node of the path that the example has (a missing value points at its parent).</summary>
    private static YamlMark MarkOf(YamlNode? root, string path)
    {
        var node = root;
        var mark = root?.Mark ?? default;
        foreach (var segment in ConfigPath.Parse(path))
        {
            node = (segment, node) switch
            {
                (ConfigPath.Key key, YamlMapping map) => map[key.Name],
                (ConfigPath.Index index, YamlSequence list) when index.Position < list.Items.Count => list.Items[index.Position],
                _ => null,
            };
            if (node is null)
            {
                break;
            }

            mark = node.Mark;
        }

        return mark;
    }

    private static PackTestProblem Problem(ProblemSeverity severity, string file, string errorId, YamlMark at, string message, string fix) =>
        PackFileWalker.Problem(severity, file, errorId, message, fix, PackCheck.ExampleConfig, at.Line, at.Column);
}
