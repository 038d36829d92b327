namespace StackPack.Engine.IO;

/// <summary>
/// Owners, groups and modes as a StackStorm host expects them, so the st2 services (running as
/// the st2 user) can read what StackPack writes as root.
/// </summary>
public static class St2Permissions
{
    private const UnixFileMode GroupWritableFolder = (UnixFileMode)0b111_111_101; // 0775, as st2's chmod
    private const UnixFileMode GroupWritableFile = (UnixFileMode)0b110_110_100; // 0664; execute bits are kept

    /// <summary>
    /// st2's install does `chgrp -R &lt;pack_group&gt;` and `chmod 0775` on the pack: the pack's
    /// folders become 0775 and its files group-writable (0664, or 0775 when executable: unlike
    /// st2, a data file is not made executable), all in <paramref name="groupId"/>. Walked
    /// without following links; a link itself gets the group but no mode (Linux has none).
    /// A chgrp the process may not do is skipped, as st2 does (its failure is only debug-logged).
    /// </summary>
    public static void ApplyPackGroup(string packFolder, uint groupId)
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        Apply(packFolder, FileKind.Directory, groupId);
        foreach (var entry in SafeTree.Walk(packFolder))
        {
            Apply(entry.FullPath, entry.Kind, groupId);
        }
    }

    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    private static void Apply(string path, FileKind kind, uint groupId)
    {
        try
        {
            UnixOwnership.Change(path, owner: null, groupId);
        }
        catch (UnauthorizedAccessException)
        {
            // Not root and not a member of the group: st2 goes on too; the modes still apply.
        }

        if (kind == FileKind.Directory)
        {
            File.SetUnixFileMode(path, GroupWritableFolder);
        }
        else if (kind == FileKind.RegularFile)
        {
            var mode = File.GetUnixFileMode(path);
            var executable = (mode & UnixFileMode.UserExecute) != 0;
            File.SetUnixFileMode(path, executable ? GroupWritableFolder : GroupWritableFile);
        }
    }

    /// <summary>
    /// Who a config file written now should belong to. A rewritten config keeps its owner, group
    /// and mode; a new one gets the configs folder's owner and group, and 0660 when that group is
    /// st2's (the services read it through the group), else 0600 (configs hold secrets).
    /// </summary>
    public static (UnixFileMode Mode, uint? Owner, uint? Group) ForConfig(string path, string st2GroupName)
    {
        const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        if (OperatingSystem.IsWindows())
        {
            return (OwnerOnly, null, null);
        }

        var existing = FileSystemProbe.Lstat(path);
        if (existing.Kind == FileKind.RegularFile)
        {
            return ((UnixFileMode)(existing.Mode & 0xFFF), existing.OwnerId, existing.GroupId);
        }

        var folder = FileSystemProbe.Lstat(Path.GetDirectoryName(Path.GetFullPath(path))!);
        if (folder.Kind != FileKind.Directory)
        {
            return (OwnerOnly, null, null);
        }

        var st2Group = UnixOwnership.GroupId(st2GroupName);
        var mode = st2Group is { } gid && folder.GroupId == gid ? OwnerOnly | UnixFileMode.GroupRead | UnixFileMode.GroupWrite : OwnerOnly;
        return (mode, folder.OwnerId, folder.GroupId);
    }
}
