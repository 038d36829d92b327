using System.Globalization;
using System.Text.Json;
using StackPack.Engine.IO;
using StackPack.Engine.Yaml;
using YamlDotNet.Serialization;

namespace StackPack.Engine.Config;

/// <summary>Reads and writes pack config files (&lt;configs&gt;/&lt;ref&gt;.yaml) and value files given with -Path.</summary>
public static class ConfigFileStore
{
    // YAML 1.1 quoting: a string such as "yes", "on" or "0.1" is written quoted, so
    // StackStorm (PyYAML) reads back exactly the string that was set.
    private static readonly ISerializer s_serializer = new SerializerBuilder()
        .WithQuotingNecessaryStrings(true)
        .Build();

    /// <summary>Reads a config file; a missing file is an empty config. A broken one is ConfigUnreadable.</summary>
    public static Dictionary<string, object?> Read(string path) =>
        File.Exists(path) ? ReadValues(path, "ConfigUnreadable", "the pack config") : new Dictionary<string, object?>(StringComparer.Ordinal);

    /// <summary>Reads a file of values for Set-PackConfig -Path: JSON by extension, else YAML.</summary>
    public static Dictionary<string, object?> ReadInput(string path)
    {
        if (!File.Exists(path))
        {
            throw new StackPackException("ConfigInputNotFound", $"The values file '{path}' does not exist.", path, "Check the -Path argument.");
        }

        if (!path.EndsWith(".json", StringComparison.OrdinalIgnoreCase))
        {
            return ReadValues(path, "InvalidConfigInput", "the values file");
        }

        try
        {
            using var document = JsonDocument.Parse(StructuredFile.ReadAllBytes(path), new JsonDocumentOptions { MaxDepth = StructuredFile.MaxJsonDepth });
            return FromJson(document.RootElement) as Dictionary<string, object?>
                ?? throw new StackPackException("InvalidConfigInput", $"The values file '{path}' must hold a JSON object.", path, "Write the values as {\"name\": value, …}.");
        }
        catch (IOException e)
        {
            throw new StackPackException("InvalidConfigInput", $"The values file '{path}' cannot be read: {StructuredFile.Reason(e)}.", path, "Give a regular JSON file.", e);
        }
        catch (JsonException e)
        {
            throw new StackPackException("InvalidConfigInput", $"The values file '{path}' is not valid JSON (line {(e.LineNumber ?? 0) + 1}): {e.Message.Split(" Path:", 2)[0]}", path, "Fix the JSON.", e);
        }
    }

    private static Dictionary<string, object?> ReadValues(string path, string errorId, string what)
    {
        YamlDocument document;
        try
        {
            document = YamlDocumentReader.ReadFile(path);
        }
        catch (YamlSyntaxException e)
        {
            throw new StackPackException(errorId, e.Unreadable ? $"{char.ToUpperInvariant(what[0])}{what[1..]} '{path}' {e.Reason}." : $"{char.ToUpperInvariant(what[0])}{what[1..]} '{path}' is not valid YAML at line {e.Mark.Line}: {e.Reason}.", path,
                "Fix the file (or replace it with Set-PackConfig -Replace).", e);
        }

        return document.Root switch
        {
            null => new Dictionary<string, object?>(StringComparer.Ordinal),
            YamlMapping mapping => (Dictionary<string, object?>)YamlPlainValues.ToPlain(mapping)!,
            _ => throw new StackPackException(errorId, $"{char.ToUpperInvariant(what[0])}{what[1..]} '{path}' must be a mapping of names to values.", path,
                "Write 'name: value' lines."),
        };
    }

    /// <summary>The YAML a config is written as, keys in schema order first.</summary>
    public static string ToYaml(IDictionary<string, object?> values, ConfigSchema? schema)
    {
        var ordered = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var (name, _) in schema?.Attributes ?? [])
        {
            if (values.TryGetValue(name, out var value))
            {
                ordered[name] = value;
            }
        }

        foreach (var (name, value) in values)
        {
            ordered.TryAdd(name, value);
        }

        return ordered.Count == 0 ? "--- {}\n" : "---\n" + s_serializer.Serialize(ordered);
    }

    /// <summary>
    /// Writes atomically. A config that is a symbolic link is written through to its target (the
    /// link stays) when the target is a regular file in the configs folder; any other link is
    /// refused (see <see cref="ConfigLink"/>). A rewritten config keeps its owner, group and mode
    /// (st2 reads it as the st2 user); a new one gets the configs folder's owner and group, and
    /// 0660 when that group is st2's, else 0600 (configs hold secrets). The temporary file is
    /// created 0600 and gets its owner and mode before it replaces the config, so the config never
    /// has the wrong ones.
    /// </summary>
    /// <exception cref="StackPackException">ConfigLinkRefused; PermissionDenied (the owner or group cannot be kept: not root); ConfigWriteFailed (a read-only folder, a full disk). The config is then unchanged.</exception>
    public static void Write(string path, string yaml, string st2Group = StackPack.Engine.Settings.StackPackSettings.DefaultSt2Group)
    {
        var target = ConfigLink.WriteTarget(path);
        var (mode, owner, group) = St2Permissions.ForConfig(target, st2Group);
        var ownershipFailed = false;
        try
        {
            AtomicFile.WriteAllText(target, yaml, UnixFileMode.UserRead | UnixFileMode.UserWrite, temporary =>
            {
                if (!OperatingSystem.IsWindows())
                {
                    ownershipFailed = true;
                    UnixOwnership.Change(temporary, owner, group);
                    File.SetUnixFileMode(temporary, mode); // after chown, which may clear setgid bits
                    ownershipFailed = false;
                }
            });
        }
        catch (UnauthorizedAccessException e) when (ownershipFailed)
        {
            throw new StackPackException("PermissionDenied",
                $"Cannot write the config '{path}' with its owner {owner?.ToString(CultureInfo.InvariantCulture) ?? "-"}, group {group?.ToString(CultureInfo.InvariantCulture) ?? "-"} and mode {Convert.ToString((int)mode, 8)}: {e.Message} The config is unchanged.", path,
                "Run as root (or as the config's owner), or change the config's owner first.", e);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            var shown = target == path ? $"'{path}'" : $"'{path}' (a link to '{target}')";
            throw new StackPackException("ConfigWriteFailed", $"Cannot write the config {shown}: {e.Message} The config was not changed.", path,
                "Run as a user who may write the configs folder, and check that its file system is writable and not full; then try again.", e);
        }
    }

    public static object? FromJson(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Object => element.EnumerateObject().ToDictionary(p => p.Name, p => FromJson(p.Value), StringComparer.Ordinal),
        JsonValueKind.Array => element.EnumerateArray().Select(FromJson).ToList(),
        JsonValueKind.String => element.GetString(),
        JsonValueKind.Number => element.TryGetInt64(out var whole) ? (object)whole : element.GetDouble(),
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        _ => null,
    };
}
