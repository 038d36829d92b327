using StackPack.Engine.IO;

namespace StackPack.Engine.Yaml;

/// <summary>
/// The one way YAML and JSON files (pack.yaml, actions, schemas, configs, the registry, cached
/// indexes) are read: only regular files (a link is followed only to a regular file), never
/// more than <see cref="MaxBytes"/>. A pack can make pack.yaml a link to /dev/zero or a FIFO;
/// reading it must fail at once, naming the file.
/// </summary>
public static class StructuredFile
{
    /// <summary>64 MiB: real pack files are kilobytes; an index has its own limit (index_max_mb).</summary>
    public const long MaxBytes = SafeFile.DefaultMaxBytes;

    /// <summary>The deepest nesting a JSON file may have, as for YAML.</summary>
    public const int MaxJsonDepth = YamlDocumentReader.MaxDepth;

    /// <exception cref="UnsafeFileException">Not a regular file, or larger than the limit (the message names the file).</exception>
    /// <exception cref="IOException">Missing or unreadable.</exception>
    public static byte[] ReadAllBytes(string path, long maxBytes = MaxBytes) => SafeFile.ReadAllBytes(path, maxBytes);

    /// <summary>Why a read failed, without repeating the path when the exception already says it apart.</summary>
    public static string Reason(Exception e) => e is UnsafeFileException unsafeFile ? unsafeFile.Reason : e.Message;
}
