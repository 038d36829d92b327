using LibGit2Sharp;

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

/// <summary>Packs as real git repositories: one commit and one v-tag per version.</summary>
public static class TestRepos
{
    /// <param name="files">Files (relative path → content) written with every version.</param>
    public static string Create(TempFolder temp, string name, string[] versions, string extra = "", IReadOnlyDictionary<string, string>? files = null)
    {
        var path = temp.Combine("src", "stackstorm-" + name);
        Repository.Init(path);
        using var repository = new Repository(path);
        var signature = new Signature("Test", "t@example.com", DateTimeOffset.UnixEpoch);
        foreach (var version in versions)
        {
            File.WriteAllText(System.IO.Path.Combine(path, "pack.yaml"), TestPacks.ManifestYaml(name, version, name, extra));
            foreach (var (relative, content) in files ?? new Dictionary<string, string>())
            {
                Directory.CreateDirectory(System.IO.Path.GetDirectoryName(System.IO.Path.Combine(path, relative))!);
                File.WriteAllText(System.IO.Path.Combine(path, relative), content);
            }

            LibGit2Sharp.Commands.Stage(repository, "*");
            repository.Commit($"release {version}", signature, signature);
            repository.ApplyTag("v" + version);
        }

        return path;
    }
}

/// <summary>Index files on disk, so that a git pack's dependencies can be index names (a fetched pack may not name a local folder).</summary>
public static class TestIndexes
{
    /// <summary>index.json listing each repository under its pack name; no version, so a dependency gets the default branch or its own pin.</summary>
    public static string Write(TempFolder temp, params (string Name, string Repo)[] packs) =>
        temp.Write("index.json", System.Text.Json.JsonSerializer.Serialize(new
        {
            packs = packs.ToDictionary(p => p.Name, p => new { name = p.Name, @ref = p.Name, repo_url = p.Repo, description = "d", author = "a", email = "a@example.com" }),
        }));
}
