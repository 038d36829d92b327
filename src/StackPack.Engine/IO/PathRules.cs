namespace StackPack.Engine.IO;

/// <summary>
/// How this operating system compares paths: case-sensitively on Linux, case-insensitively on
/// Windows and macOS (their default file systems, NTFS and APFS, ignore case). Every "is this the
/// same folder" or "is this inside the pack" check uses these, never a bare Ordinal comparison.
/// </summary>
public static class PathRules
{
    public static bool IgnoreCase { get; } = OperatingSystem.IsWindows() || OperatingSystem.IsMacOS();

    public static StringComparer Comparer { get; } = IgnoreCase ? StringComparer.OrdinalIgnoreCase : StringComparer.Ordinal;

    public static StringComparison Comparison { get; } = IgnoreCase ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;

    /// <summary>True when <paramref name="path"/> is <paramref name="folder"/> or lies under it (both full paths).</summary>
    public static bool IsUnder(string path, string folder)
    {
        var root = Path.TrimEndingDirectorySeparator(folder);
        return path.Equals(root, Comparison)
            || (path.StartsWith(root, Comparison) && path.Length > root.Length && (path[root.Length] == Path.DirectorySeparatorChar || path[root.Length] == Path.AltDirectorySeparatorChar));
    }
}
