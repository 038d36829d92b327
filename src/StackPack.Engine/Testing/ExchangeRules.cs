using System.Text;
using StackPack.Engine.IO;
using StackPack.Engine.Packs;
using StackPack.Engine.Yaml;

namespace StackPack.Engine.Testing;

/// <summary>
/// What the StackStorm Exchange asks of a pack before it publishes it, beyond what st2 itself
/// checks: a README.md, a LICENSE with the Apache 2.0 text, keywords, python_versions that
/// include 3, an icon.png, and a CHANGES.md that mentions the pack's version. Files are read
/// only when they are regular files, never through a link, and never more than 1 MiB of them.
/// </summary>
public static class ExchangeRules
{
    private const long MaxTextBytes = 1024 * 1024;
    private static readonly byte[] s_pngSignature = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    /// <param name="manifest">Null when pack.yaml is invalid: its rules are then the metadata check's to report.</param>
    /// <param name="packYaml">The parsed pack.yaml, for the lines of its fields.</param>
    public static IEnumerable<PackTestProblem> Run(string packPath, PackManifest? manifest, YamlDocument? packYaml)
    {
        if (Text(packPath, "README.md", out var problem) is null)
        {
            yield return problem ?? Problem("README.md", "ExchangeReadmeMissing", "is missing: the Exchange shows it as the pack's page.", "Add a README.md that says what the pack does and how to configure it.");
        }

        var license = Text(packPath, "LICENSE", out problem);
        if (license is null)
        {
            yield return problem ?? Problem("LICENSE", "ExchangeLicenseMissing", "is missing: Exchange packs are published under the Apache License 2.0.", "Add the Apache 2.0 licence text as LICENSE.");
        }
        else if (!(license.Contains("Apache License", StringComparison.Ordinal) && license.Contains("Version 2.0", StringComparison.Ordinal)))
        {
            yield return Problem("LICENSE", "ExchangeLicenseNotApache", "does not hold the Apache License 2.0 text ('Apache License', 'Version 2.0').", "Replace it with the text of https://www.apache.org/licenses/LICENSE-2.0.txt.");
        }

        var icon = Path.Combine(packPath, "icon.png");
        if (FileSystemProbe.Lstat(icon).Kind != FileKind.RegularFile)
        {
            yield return Problem("icon.png", "ExchangeIconMissing", "is missing (or not a regular file): the Exchange shows it beside the pack.", "Add a square PNG icon as icon.png.");
        }
        else if (!StartsWithPngSignature(icon))
        {
            yield return Problem("icon.png", "ExchangeIconNotPng", "is not a PNG image.", "Save the icon as PNG.");
        }

        if (manifest is null)
        {
            yield break;
        }

        var root = packYaml?.Root as YamlMapping;
        if (manifest.Keywords.Count == 0)
        {
            yield return Problem(PackManifestReader.FileName, "ExchangeKeywordsMissing", "has no keywords: Exchange searches match them.", "Add e.g. keywords: [monitoring, alerts].", root?["keywords"]?.Mark ?? default);
        }

        if (!manifest.PythonVersions.Contains("3"))
        {
            yield return Problem(PackManifestReader.FileName, "ExchangePython3Missing", "does not list python_versions with \"3\": the Exchange publishes only packs that run on Python 3.",
                "Add python_versions: [\"3\"] (after making the pack's code run on Python 3).", root?["python_versions"]?.Mark ?? default);
        }

        var changes = Text(packPath, "CHANGES.md", out problem);
        if (changes is null)
        {
            yield return problem ?? Problem("CHANGES.md", "ExchangeChangesMissing", "is missing: the Exchange asks for a change log.", $"Add a CHANGES.md with a section for {manifest.Version}.");
        }
        else if (!changes.Contains(manifest.Version, StringComparison.Ordinal))
        {
            yield return Problem("CHANGES.md", "ExchangeChangesVersionMissing", $"does not mention the pack's version {manifest.Version}.", $"Add a section for {manifest.Version} that says what changed.");
        }
    }

    /// <summary>The text of a regular file at the pack's root; null when it is missing (problem null) or cannot be read (problem set).</summary>
    private static string? Text(string packPath, string name, out PackTestProblem? problem)
    {
        problem = null;
        var path = Path.Combine(packPath, name);
        if (FileSystemProbe.Lstat(path).Kind == FileKind.Missing)
        {
            return null;
        }

        try
        {
            return Encoding.UTF8.GetString(SafeFile.ReadAllBytes(path, MaxTextBytes, followLinks: false));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            problem = Problem(name, "PackFileUnreadable", $"cannot be read: {Yaml.StructuredFile.Reason(e)}.", "Make it a regular, readable file.");
            return null;
        }
    }

    private static bool StartsWithPngSignature(string path)
    {
        try
        {
            using var stream = SafeFile.OpenRead(path, long.MaxValue, followLinks: false);
            var head = new byte[s_pngSignature.Length];
            return stream.ReadAtLeast(head, head.Length, throwOnEndOfStream: false) == head.Length && head.AsSpan().SequenceEqual(s_pngSignature);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    private static PackTestProblem Problem(string file, string errorId, string message, string fix, YamlMark at = default) =>
        PackFileWalker.Problem(ProblemSeverity.Error, file, errorId, message, fix, PackCheck.Exchange, at.Line, at.Column);
}
