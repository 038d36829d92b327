namespace StackPack.Engine.Tests.Support;

/// <summary>Writes small but real packs for tests.</summary>
public static class TestPacks
{
    public static string ManifestYaml(string name, string version = "0.1.0", string? reference = null, string extra = "") =>
        (reference is null ? string.Empty : $"ref: {reference}\n") +
        $"name: {name}\ndescription: The {name} pack\nversion: {version}\nauthor: Test Author\nemail: test@example.com\n" + extra;

    /// <summary>Creates &lt;basePath&gt;/&lt;folder&gt; with a pack.yaml and returns the pack folder.</summary>
    public static string WritePack(string basePath, string folder, string? manifest = null)
    {
        var path = System.IO.Path.Combine(basePath, folder);
        Directory.CreateDirectory(path);
        File.WriteAllText(System.IO.Path.Combine(path, "pack.yaml"), manifest ?? ManifestYaml(folder));
        return path;
    }
}
