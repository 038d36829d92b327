using System.Diagnostics;
using System.Security.Cryptography;
using StackPack.Engine.IO;

namespace StackPack.Engine.Tests.Support;

/// <summary>
/// A folder outside the tree under test, with files of telling modes (as in issue 9: 0400, 0444,
/// 4555), and a listing of it (kind, mode, SHA-256 of every entry) to compare before and after:
/// an equal listing means nothing there was read-written, chmodded or deleted.
/// </summary>
public static class Victim
{
    public static string Create(string folder)
    {
        Directory.CreateDirectory(Path.Combine(folder, "sub"));
        foreach (var (name, mode) in new[] { ("a", "400"), ("b", "444"), ("sub/c", "4555") })
        {
            File.WriteAllText(Path.Combine(folder, name), name);
            Run("chmod", mode, Path.Combine(folder, name));
        }

        return folder;
    }

    /// <summary>Checksums and modes of every entry (links not followed).</summary>
    public static string Listing(string folder) => string.Join("\n",
        SafeTree.Walk(folder).Select(e => $"{e.RelativePath} {e.Kind} {Convert.ToString(FileSystemProbe.Lstat(e.FullPath).Mode, 8)} " +
            (e.Kind == FileKind.RegularFile ? Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(e.FullPath))) : "")));

    public static void Run(string program, params string[] arguments)
    {
        using var process = Process.Start(new ProcessStartInfo(program, arguments) { RedirectStandardError = true, RedirectStandardOutput = true })!;
        var error = process.StandardError.ReadToEndAsync();
        _ = process.StandardOutput.ReadToEndAsync();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"{program} {string.Join(' ', arguments)}: {error.Result}");
    }
}
