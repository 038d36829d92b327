using System.Runtime.InteropServices;

namespace StackPack.Engine.IO;

/// <summary>
/// Puts a folder in place of another. On Linux with renameat2(RENAME_EXCHANGE), which swaps two
/// paths atomically: readers and a killed process see the old or the new folder, never neither.
/// Elsewhere (macOS, Windows, file systems without RENAME_EXCHANGE) with two renames through a
/// fixed "aside" name the caller chooses and records before the call: a process killed between
/// the two leaves the target missing and the old copy at <c>aside</c>, and
/// <see cref="RestoreAside"/> (run by the next process, under the same lock) puts it back. The
/// aside name must be outside anything a stale-folder cleanup deletes: it may hold the only copy.
/// </summary>
public static partial class DirectoryExchange
{
    /// <summary>Test-only: set to 1 to use the two-rename path on Linux too (the kill tests run against both).</summary>
    public const string ForceFallbackVariable = "STACKPACK_FORCE_RENAME_FALLBACK";

    private const int AtFdCwd = -100;
    private const uint RenameExchange = 2;

    /// <summary>
    /// Swaps <paramref name="replacement"/> into <paramref name="target"/>. The old content ends up
    /// at <paramref name="replacement"/> (renameat2) or at <paramref name="aside"/> (two renames):
    /// the caller deletes both afterwards. On a failure the target is whole again before this throws.
    /// </summary>
    /// <param name="aside">A path that does not exist, on the same file system, where the old copy waits between the two renames.</param>
    public static void Exchange(string target, string replacement, string aside) =>
        Exchange(target, replacement, aside, twoRenames: FallbackForced());

    /// <param name="twoRenames">Use the two-rename path even where renameat2 works (tests of that path).</param>
    internal static void Exchange(string target, string replacement, string aside, bool twoRenames)
    {
        if (OperatingSystem.IsLinux() && !twoRenames && TryRenameExchange(target, replacement))
        {
            return;
        }

        Directory.Move(target, aside);
        Diagnostics.TestPause.At(Diagnostics.TestPause.BetweenMoves);
        try
        {
            Directory.Move(replacement, target);
        }
        catch
        {
            Directory.Move(aside, target);
            throw;
        }
    }

    /// <summary>
    /// After a process was killed between the two renames: the target is missing and its old copy
    /// waits at <paramref name="aside"/>, so it goes back. Does nothing otherwise (never deletes).
    /// </summary>
    /// <returns>True when the old copy was put back.</returns>
    public static bool RestoreAside(string target, string aside)
    {
        if (FileSystemProbe.Lstat(target).Exists || FileSystemProbe.Lstat(aside).Kind != FileKind.Directory)
        {
            return false;
        }

        Directory.Move(aside, target);
        return true;
    }

    private static bool FallbackForced() => Environment.GetEnvironmentVariable(ForceFallbackVariable) == "1";

    private static bool TryRenameExchange(string a, string b)
    {
        try
        {
            // Fails (EINVAL, ENOSYS) on file systems or kernels without RENAME_EXCHANGE: then two renames.
            return RenameAt2(AtFdCwd, a, AtFdCwd, b, RenameExchange) == 0;
        }
        catch (Exception e) when (e is EntryPointNotFoundException or DllNotFoundException)
        {
            return false; // a libc older than glibc 2.28, or musl without it: two renames
        }
    }

    [LibraryImport("libc", EntryPoint = "renameat2", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int RenameAt2(int oldDirectory, string oldPath, int newDirectory, string newPath, uint flags);
}
