namespace StackPack.Engine.Tests.Support;

/// <summary>A real folder under the system temp path, deleted when the test ends.</summary>
public sealed class TempFolder : IDisposable
{
    public TempFolder()
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "stackpack-tests", Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    public string Combine(params string[] parts) => System.IO.Path.Combine([Path, .. parts]);

    /// <summary>Writes a file (creating folders) and returns its full path.</summary>
    public string Write(string relativePath, string content)
    {
        var full = Combine(relativePath);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(full)!);
        File.WriteAllText(full, content);
        return full;
    }

    public void Dispose()
    {
        // Never follows links: hostile-input tests put links to victim folders in here.
        StackPack.Engine.IO.SafeTree.TryDelete(Path);
    }
}

/// <summary>Settings for a StackPack home inside a test's temp folder, resolved the way the module resolves them.</summary>
public static class TestSettings
{
    public static StackPack.Engine.Settings.StackPackSettings Home(TempFolder temp) => StackPack.Engine.Settings.SettingsResolver.Resolve(null, new StackPack.Engine.Settings.SettingsEnvironment
    {
        GetVariable = n => n == "STACKPACK_HOME" ? temp.Combine("home") : null,
        SystemConfigFile = temp.Combine("none.conf"),
        UserHome = temp.Combine("user"),
    });
}
