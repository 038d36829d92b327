using System.Runtime.InteropServices;

namespace StackPack.Engine.IO;

/// <summary>What a path is, as lstat/stat tell it (not what its name suggests).</summary>
public enum FileKind
{
    /// <summary>Nothing there (or a link whose target is missing, when links are followed).</summary>
    Missing,
    RegularFile,
    Directory,
    SymbolicLink,

    /// <summary>A FIFO, socket or device: never read, copied or installed (opening a FIFO blocks).</summary>
    Special,
}

/// <summary>The facts of one file system entry that decisions about hostile trees need.</summary>
public readonly record struct FileFacts(FileKind Kind, long Size, int Mode, uint OwnerId, uint GroupId, DateTime ModifiedUtc = default)
{
    public static readonly FileFacts Missing = new(FileKind.Missing, 0, 0, 0, 0);

    public bool Exists => Kind != FileKind.Missing;
}

/// <summary>
/// lstat/stat for .NET, which has no public API that tells a FIFO or a device from a regular
/// file (FileSystemInfo reports both as files, and opening a FIFO blocks for ever). On Unix this
/// calls the runtime's own native shim (libSystem.Native, shipped with every .NET since Core 2),
/// whose FileStatus starts with Flags, Mode, Uid, Gid, Size on every Unix it supports. On
/// Windows, where FIFOs and devices cannot appear in a folder, the managed attributes suffice.
/// </summary>
public static partial class FileSystemProbe
{
    private const int TypeMask = 0xF000;
    private const int TypeFifo = 0x1000;
    private const int TypeCharDevice = 0x2000;
    private const int TypeDirectory = 0x4000;
    private const int TypeBlockDevice = 0x6000;
    private const int TypeRegular = 0x8000;
    private const int TypeLink = 0xA000;
    private const int TypeSocket = 0xC000;

    private static bool s_nativeMissing;

    /// <summary>The entry itself: a symbolic link is reported as a link, never followed.</summary>
    public static FileFacts Lstat(string path) => Probe(path, followLinks: false);

    /// <summary>What a path leads to, following links (a dangling link is <see cref="FileKind.Missing"/>).</summary>
    public static FileFacts Stat(string path) => Probe(path, followLinks: true);

    public static FileKind KindOf(string path, bool followLinks = false) => Probe(path, followLinks).Kind;

    private static FileFacts Probe(string path, bool followLinks)
    {
        if (!OperatingSystem.IsWindows() && !s_nativeMissing)
        {
            try
            {
                return NativeProbe(path, followLinks);
            }
            catch (Exception e) when (e is EntryPointNotFoundException or DllNotFoundException)
            {
                s_nativeMissing = true; // a runtime without the shim: fall back (FIFOs then look like files)
            }
        }

        return ManagedProbe(path, followLinks);
    }

    private static unsafe FileFacts NativeProbe(string path, bool followLinks)
    {
        // Generously sized: only the leading fields are read, and later runtimes may append more.
        var buffer = stackalloc byte[512];
        var result = followLinks ? SystemStat(path, buffer) : SystemLstat(path, buffer);
        if (result != 0)
        {
            return FileFacts.Missing;
        }

        var mode = *(int*)(buffer + 4);
        var kind = (mode & TypeMask) switch
        {
            TypeRegular => FileKind.RegularFile,
            TypeDirectory => FileKind.Directory,
            TypeLink => FileKind.SymbolicLink,
            TypeFifo or TypeCharDevice or TypeBlockDevice or TypeSocket => FileKind.Special,
            _ => FileKind.Special,
        };
        // FileStatus: Flags, Mode, Uid, Gid, Size, ATime, ATimeNsec, MTime (40), MTimeNsec (48), ...
        var modified = DateTime.UnixEpoch.AddSeconds(*(long*)(buffer + 40)).AddTicks(*(long*)(buffer + 48) / 100);
        return new FileFacts(kind, *(long*)(buffer + 16), mode & 0xFFF, *(uint*)(buffer + 8), *(uint*)(buffer + 12), modified);
    }

    private static FileFacts ManagedProbe(string path, bool followLinks)
    {
        FileSystemInfo info = new FileInfo(path);
        if (!info.Exists)
        {
            info = new DirectoryInfo(path);
            if (!info.Exists && info.LinkTarget is null)
            {
                return FileFacts.Missing;
            }
        }

        if (info.LinkTarget is not null)
        {
            if (!followLinks)
            {
                return new FileFacts(FileKind.SymbolicLink, 0, 0, 0, 0);
            }

            info = info.ResolveLinkTarget(returnFinalTarget: true) ?? info;
            if (!info.Exists)
            {
                return FileFacts.Missing;
            }
        }

        return info is DirectoryInfo || info.Attributes.HasFlag(FileAttributes.Directory)
            ? new FileFacts(FileKind.Directory, 0, 0, 0, 0)
            : new FileFacts(FileKind.RegularFile, ((FileInfo)info).Length, 0, 0, 0, info.LastWriteTimeUtc);
    }

    [LibraryImport("libSystem.Native", EntryPoint = "SystemNative_LStat", StringMarshalling = StringMarshalling.Utf8)]
    private static unsafe partial int SystemLstat(string path, byte* status);

    [LibraryImport("libSystem.Native", EntryPoint = "SystemNative_Stat", StringMarshalling = StringMarshalling.Utf8)]
    private static unsafe partial int SystemStat(string path, byte* status);
}
