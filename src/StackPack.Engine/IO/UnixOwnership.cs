using System.Globalization;
using System.Runtime.InteropServices;

namespace StackPack.Engine.IO;

/// <summary>
/// Groups and owners on Unix, which .NET has no API for: getgrnam (through NSS, so LDAP and sssd
/// groups count, not only /etc/group) and lchown (never follows a link). On Windows every call
/// is a no-op: ownership there is ACLs, which StackPack leaves alone.
/// </summary>
public static partial class UnixOwnership
{
    /// <summary>The id of a group by name, or null when no such group exists (or on Windows).</summary>
    public static uint? GroupId(string name)
    {
        if (OperatingSystem.IsWindows() || string.IsNullOrWhiteSpace(name))
        {
            return null;
        }

        var entry = GetGroupByName(name);
        // struct group { char *gr_name; char *gr_passwd; gid_t gr_gid; char **gr_mem; }
        return entry == IntPtr.Zero ? null : (uint)Marshal.ReadInt32(entry, 2 * IntPtr.Size);
    }

    /// <summary>Sets the owner and/or group of the entry itself (a link is changed, never its target); null leaves that id as it is.</summary>
    /// <exception cref="UnauthorizedAccessException">The process may not give the entry that owner or group.</exception>
    public static void Change(string path, uint? owner, uint? group)
    {
        if (OperatingSystem.IsWindows() || owner is null && group is null)
        {
            return;
        }

        if (LChown(path, owner ?? uint.MaxValue, group ?? uint.MaxValue) != 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            var message = $"Cannot set the owner/group of '{path}' to {owner?.ToString(CultureInfo.InvariantCulture) ?? "-"}:{group?.ToString(CultureInfo.InvariantCulture) ?? "-"} (errno {errno}).";
            throw errno is 1 or 13 ? new UnauthorizedAccessException(message) : new IOException(message);
        }
    }

    [LibraryImport("libc", EntryPoint = "getgrnam", StringMarshalling = StringMarshalling.Utf8)]
    private static partial IntPtr GetGroupByName(string name);

    [LibraryImport("libc", EntryPoint = "lchown", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int LChown(string path, uint owner, uint group);
}
