using System.Text.RegularExpressions;
using StackPack.Engine.Packs;
using StackPack.Engine.Versions;

namespace StackPack.Engine.Install;

/// <summary>st2's install-time checks of stackstorm_version and python_versions (skipped with -Force).</summary>
public static partial class CompatibilityCheck
{
    /// <summary>The StackStorm version of this host, when it can be known: $env:STACKPACK_ST2_VERSION, else st2common's __version__ under the base path.</summary>
    public static string? HostStackStormVersion(string basePath, Func<string, string?> getVariable)
    {
        if (getVariable("STACKPACK_ST2_VERSION") is { Length: > 0 } fromEnvironment)
        {
            return fromEnvironment.Trim();
        }

        var lib = Path.Combine(basePath, "st2", "lib");
        if (!Directory.Exists(lib))
        {
            return null;
        }

        // Probe the one place it lives (lib/python3.x/site-packages/st2common), not all of site-packages.
        var candidates = Directory.EnumerateDirectories(lib, "python*")
            .Select(d => Path.Combine(d, "site-packages", "st2common", "__init__.py"))
            .Where(File.Exists);
        foreach (var init in candidates)
        {
            if (VersionLine().Match(File.ReadAllText(init)) is { Success: true } match)
            {
                // st2 normalises "3.9dev" to "3.9.0".
                var text = match.Groups[1].Value.Replace("dev", string.Empty, StringComparison.Ordinal);
                return text.Count(c => c == '.') == 1 ? text + ".0" : text;
            }
        }

        return null;
    }

    /// <exception cref="StackPackException">IncompatibleStackStormVersion or IncompatiblePythonVersion.</exception>
    public static void Check(PackManifest manifest, string? hostVersion)
    {
        if (manifest.StackStormVersion is { } spec && hostVersion is not null && !Satisfies(hostVersion, spec))
        {
            throw new StackPackException("IncompatibleStackStormVersion", $"Pack \"{manifest.Ref}\" requires StackStorm \"{spec}\", but current version is \"{hostVersion}\".", manifest.Ref,
                "Install a version of the pack made for this StackStorm, or override with -Force (the pack is then not guaranteed to work).");
        }

        if (manifest.PythonVersions.Count == 1 && manifest.PythonVersions[0] == "2")
        {
            throw new StackPackException("IncompatiblePythonVersion", $"Pack \"{manifest.Ref}\" requires Python 2.x, which StackStorm no longer supports (since 3.4).", manifest.Ref,
                "Install a newer version of the pack, or override with -Force.");
        }
    }

    /// <summary>st2's spec: comma-separated comparisons, all of which must hold ("all" matches anything).</summary>
    public static bool Satisfies(string version, string spec)
    {
        if (spec.Trim() == "all" || !PackVersion.TryParseSemantic(version, out var current))
        {
            return true;
        }

        foreach (var part in spec.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var match = Comparison().Match(part);
            if (!match.Success || !PackVersion.TryParseSemantic(match.Groups[2].Value, out var bound))
            {
                continue;
            }

            var compared = current.CompareTo(bound);
            var holds = match.Groups[1].Value switch
            {
                ">" or ">>" => compared > 0,
                ">=" => compared >= 0,
                "<" or "<<" => compared < 0,
                "<=" => compared <= 0,
                "!=" => compared != 0,
                _ => compared == 0,
            };
            if (!holds)
            {
                return false;
            }
        }

        return true;
    }

    [GeneratedRegex(@"^(>>|<<|>=|<=|==|!=|>|<|=)?\s*(\d+\.\d+\.\d+)\z")]
    private static partial Regex Comparison();

    [GeneratedRegex(@"__version__\s*=\s*[""']([^""']+)[""']")]
    private static partial Regex VersionLine();
}
