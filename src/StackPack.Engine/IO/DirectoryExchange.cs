using System.Runtime.InteropServices;

namespace StackPack.Engine.IO;

/// <summary>
/// Puts a folder in place of another so that readers see either the old or the new one, never
/// neither: on Linux with renameat2(RENAME_EXCHANGE), which swaps two paths atomically; elsewhere
/// with two renames (the old folder moves aside, the new one moves in, a gap of microseconds).
/// </summary>
public static class DirectoryExchange
{
    private const int AtFdCwd = -100;
    private const uint RenameExchange = 2;

    /// <summary>Swaps <paramref name="replacement"/> into <paramref name="target"/>; the old content ends up at <paramref name="replacement"/>.</summary>
    public static void Exchange(string target, string replacement)
    {
        if (OperatingSystem.IsLinux() && TryRenameExchange(target, replacement))
        {
            return;
        }

        var aside = replacement + ".old";
        Directory.Move(target, aside);
        try
        {
            Directory.Move(replacement, target);
        }
        catch
        {
            Directory.Move(aside, target);
            throw;
        }

        Directory.Move(aside, replacement);
    }

    private static bool TryRenameExchange(string a, string b)
    {
        try
        {
            return RenameAt2(AtFdCwd, a, AtFdCwd, b, RenameExchange) == 0;
        }
        catch (Exception e) when (e is EntryPointNotFoundException or DllNotFoundException)
        {
            return false; // an old libc: fall back to two renames
        }
    }

    [DllImport("libc", EntryPoint = "renameat2", SetLastError = true)]
    private static extern int RenameAt2(int oldDirectory, [MarshalAs(UnmanagedType.LPUTF8Str)] string oldPath,
        int newDirectory, [MarshalAs(UnmanagedType.LPUTF8Str)] string newPath, uint flags);
}
