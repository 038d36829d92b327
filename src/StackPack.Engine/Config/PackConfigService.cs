using StackPack.Engine.Packs;
using StackPack.Engine.Settings;

namespace StackPack.Engine.Config;

/// <summary>A pack's config as it is on disk, with its schema and how it validates.</summary>
public sealed record PackConfigState
{
    public required InstalledPack Pack { get; init; }

    /// <summary>&lt;configs&gt;/&lt;ref&gt;.yaml.</summary>
    public required string Path { get; init; }

    public required bool Exists { get; init; }

    public ConfigSchema? Schema { get; init; }

    /// <summary>The values in the file (no defaults applied).</summary>
    public required Dictionary<string, object?> Values { get; init; }

    /// <summary>
    /// Why the file does not validate (empty when it does, or when there is no schema). Worked out
    /// in <see cref="PackConfigService.Load"/> even when there is no file: building the validator is
    /// what finds a schema it cannot use (too deep, a reference cycle), and that must fail the load.
    /// </summary>
    public required IReadOnlyList<ConfigProblem> Problems { get; init; }
}

/// <summary>What Set-PackConfig would write.</summary>
public sealed record ConfigChange(Dictionary<string, object?> Values, string Yaml, bool Changed, IReadOnlyList<ConfigProblem> Problems);

/// <summary>Config values that do not validate: ConfigValueRequired when only required values are missing, else ConfigInvalid.</summary>
public sealed class ConfigValidationException : StackPackException
{
    public ConfigValidationException(string pack, string path, IReadOnlyList<ConfigProblem> problems)
        : base(problems.All(p => p.Kind == ConfigProblemKind.Required) ? "ConfigValueRequired" : "ConfigInvalid",
            BuildMessage(pack, path, problems), pack, BuildAction(problems))
    {
        Problems = problems;
    }

    public IReadOnlyList<ConfigProblem> Problems { get; }

    private static string BuildMessage(string pack, string path, IReadOnlyList<ConfigProblem> problems)
    {
        if (problems.All(p => p.Kind == ConfigProblemKind.Required))
        {
            return $"The config of pack '{pack}' ({path}) is missing required values: {string.Join(", ", problems.Select(p => p.Path))}. Nothing was written.";
        }

        return $"The config of pack '{pack}' ({path}) does not validate; nothing was written:" + string.Concat(problems.Select(p => "\n  - " + p));
    }

    private static string BuildAction(IReadOnlyList<ConfigProblem> problems)
    {
        var required = problems.Where(p => p.Kind == ConfigProblemKind.Required).Select(p => p.Path).ToList();
        return required.Count > 0
            ? $"Give the missing values, e.g. Set-PackConfig -Value @{{ {string.Join("; ", required.Take(3).Select(r => $"'{r}' = …"))} }} (nested paths as nested hashtables)."
            : "Correct the values listed, or see Get-PackConfig for the schema's rules.";
    }
}

/// <summary>Loads, plans and writes pack configs. Never writes a config that does not validate.</summary>
public static class PackConfigService
{
    /// <summary>&lt;configs&gt;/&lt;ref&gt;.yaml, where the pack's config is.</summary>
    public static string ConfigPath(StackPackSettings settings, InstalledPack pack) => Path.Combine(settings.ConfigsPath, pack.Ref + ".yaml");

    /// <param name="tolerateUnreadable">Treat a config file that is not valid YAML as empty (Set-PackConfig -Replace rewrites it whole).</param>
    public static PackConfigState Load(StackPackSettings settings, InstalledPack pack, bool tolerateUnreadable = false)
    {
        var schemaFile = Path.Combine(pack.Path, ConfigSchemaReader.FileName);
        var schema = File.Exists(schemaFile) ? ConfigSchemaReader.Read(schemaFile) : null;
        var path = ConfigPath(settings, pack);
        Dictionary<string, object?> values;
        try
        {
            values = ConfigFileStore.Read(path);
        }
        catch (StackPackException e) when (tolerateUnreadable && e.ErrorId == "ConfigUnreadable")
        {
            values = new Dictionary<string, object?>(StringComparer.Ordinal);
        }

        return new PackConfigState
        {
            Pack = pack,
            Path = path,
            Exists = File.Exists(path),
            Schema = schema,
            Values = values,
            Problems = schema is null ? [] : ConfigValidator.Validate(values, schema),
        };
    }

    /// <summary>Works out the new config: merged into the current one (or replacing it), validated, rendered.</summary>
    public static ConfigChange Plan(PackConfigState state, IDictionary<string, object?> values, bool replace)
    {
        var result = replace ? (Dictionary<string, object?>)ConfigValues.Clone(values)! : ConfigValues.Merge(state.Values, values);
        var problems = state.Schema is null ? [] : ConfigValidator.Validate(result, state.Schema);
        var yaml = ConfigFileStore.ToYaml(result, state.Schema);
        var changed = !state.Exists || !SameContent(state.Path, yaml);
        return new ConfigChange(result, yaml, changed, problems);
    }

    /// <summary>Writes the change (atomically, keeping owner, group and mode; see ConfigFileStore.Write) after checking it again; the file is untouched when it fails.</summary>
    public static void Apply(PackConfigState state, ConfigChange change, string st2Group = Settings.StackPackSettings.DefaultSt2Group)
    {
        if (change.Problems.Count > 0)
        {
            throw new ConfigValidationException(state.Pack.Ref, state.Path, change.Problems);
        }

        if (change.Changed)
        {
            ConfigFileStore.Write(state.Path, change.Yaml, st2Group);
        }
    }

    private static bool SameContent(string path, string yaml)
    {
        try
        {
            return StackPack.Engine.IO.SafeFile.ReadAllText(path) == yaml; // never a FIFO or a huge file (-Replace skips the read check)
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }
}
