namespace StackPack.Engine.IO;

/// <summary>A file that StackPack will not read: not a regular file, or larger than allowed.</summary>
public sealed class UnsafeFileException(string path, string reason)
    : IOException($"'{path}' {reason}")
{
    public string Path { get; } = path;

    /// <summary>Why, without the path: "is a FIFO, not a regular file", "is larger than 64 MiB".</summary>
    public string Reason { get; } = reason;
}

/// <summary>
/// Reads files from places other people control (packs, indexes, configs): only regular files
/// (a FIFO would block for ever, /dev/zero would never end), with a size cap that holds even if
/// the file grows while it is read.
/// </summary>
public static class SafeFile
{
    /// <summary>Far more than any real pack file, index or config; a bigger one is a mistake or an attack.</summary>
    public const long DefaultMaxBytes = 64L * 1024 * 1024;

    /// <summary>Opens a regular file for reading.</summary>
    /// <param name="followLinks">Read through a symbolic link (its final target must be a regular file); false refuses links.</param>
    /// <exception cref="UnsafeFileException">Not a regular file, or larger than <paramref name="maxBytes"/>.</exception>
    /// <exception cref="FileNotFoundException">Nothing there.</exception>
    public static Stream OpenRead(string path, long maxBytes = DefaultMaxBytes, bool followLinks = true)
    {
        var facts = Check(path, maxBytes, followLinks);
        return Open(path, facts, maxBytes);
    }

    private static CappedStream Open(string path, FileFacts facts, long maxBytes)
    {
        var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1, FileOptions.SequentialScan);
        return new CappedStream(stream, path, Math.Max(maxBytes, facts.Size));
    }

    /// <exception cref="UnsafeFileException">Not a regular file, or larger than <paramref name="maxBytes"/>.</exception>
    /// <exception cref="FileNotFoundException">Nothing there.</exception>
    public static byte[] ReadAllBytes(string path, long maxBytes = DefaultMaxBytes, bool followLinks = true)
    {
        var facts = Check(path, maxBytes, followLinks);
        using var stream = Open(path, facts, maxBytes);

        // The size the check saw, read straight into the array returned (thousands of pack files
        // are read this way); a file that shrank since ends where it ends, one that grew is read on, to the cap.
        var content = new byte[facts.Size];
        var filled = stream.ReadAtLeast(content, content.Length, throwOnEndOfStream: false);
        if (filled < content.Length)
        {
            return content[..filled];
        }

        Span<byte> probe = stackalloc byte[1];
        if (stream.Read(probe) == 0)
        {
            return content;
        }

        using var grown = new MemoryStream();
        grown.Write(content);
        grown.Write(probe);
        stream.CopyTo(grown);
        return grown.ToArray();
    }

    /// <summary>The text of a regular file (UTF-8, or UTF-16/32 with a byte order mark; the mark is dropped).</summary>
    public static string ReadAllText(string path, long maxBytes = DefaultMaxBytes, bool followLinks = true)
    {
        using var stream = OpenRead(path, maxBytes, followLinks);
        using var reader = new StreamReader(stream, System.Text.Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
        return reader.ReadToEnd();
    }

    /// <summary>Whether <paramref name="path"/> is a regular file StackPack may read (false for missing, links when not followed, FIFOs, devices).</summary>
    public static bool IsRegularFile(string path, bool followLinks = true) =>
        (followLinks ? FileSystemProbe.Stat(path) : FileSystemProbe.Lstat(path)).Kind == FileKind.RegularFile;

    private static FileFacts Check(string path, long maxBytes, bool followLinks)
    {
        var own = FileSystemProbe.Lstat(path);
        if (own.Kind == FileKind.SymbolicLink && !followLinks)
        {
            throw new UnsafeFileException(path, "is a symbolic link; StackPack reads only regular files here");
        }

        var facts = own.Kind == FileKind.SymbolicLink ? FileSystemProbe.Stat(path) : own;
        switch (facts.Kind)
        {
            case FileKind.Missing when own.Kind == FileKind.SymbolicLink:
                throw new UnsafeFileException(path, "is a symbolic link to something that does not exist");
            case FileKind.Missing:
                throw new FileNotFoundException($"Could not find file '{path}'.", path);
            case FileKind.Directory:
                throw new UnsafeFileException(path, "is a folder, not a file");
            case FileKind.Special:
                throw new UnsafeFileException(path, "is a FIFO, socket or device, not a regular file");
        }

        if (facts.Size > maxBytes)
        {
            throw new UnsafeFileException(path, $"is {Megabytes(facts.Size)}, larger than the {Megabytes(maxBytes)} StackPack reads");
        }

        return facts;
    }

    internal static string Megabytes(long bytes) => bytes >= 1024 * 1024 ? $"{bytes / (1024.0 * 1024):0.#} MiB" : $"{bytes} bytes";

    /// <summary>Stops a file that grows while it is read at the cap.</summary>
    private sealed class CappedStream(Stream inner, string path, long maxBytes) : Stream
    {
        private long _read;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => _read; set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => Count(inner.Read(buffer, offset, count));

        public override int Read(Span<byte> buffer) => Count(inner.Read(buffer));

        private int Count(int read)
        {
            _read += read;
            if (_read > maxBytes)
            {
                throw new UnsafeFileException(path, $"grew beyond the {Megabytes(maxBytes)} StackPack reads while it was read");
            }

            return read;
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                inner.Dispose();
            }

            base.Dispose(disposing);
        }
    }
}
