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
    /// <summary>
    /// 8 MiB, for every pack file, config, schema and pack set, in Register-Pack and Test-Pack
    /// alike: real ones are kilobytes, and a 50 MB YAML file would take minutes to parse for
    /// nothing. The registry's own records and the index have their own limits.
    /// </summary>
    public const long MaxBytes = 8L * 1024 * 1024;

    /// <summary>The deepest nesting a JSON file may have, as for YAML.</summary>
    public const int MaxJsonDepth = YamlDocumentReader.MaxDepth;

    /// <exception cref="UnsafeFileException">Not a regular file, or larger than the limit (the message names the file).</exception>
    /// <exception cref="IOException">Missing or unreadable.</exception>
    public static byte[] ReadAllBytes(string path, long maxBytes = MaxBytes) => SafeFile.ReadAllBytes(path, maxBytes);

    /// <summary>Why a read failed, without repeating the path when the exception already says it apart.</summary>
    public static string Reason(Exception e) => e switch
    {
        UnsafeFileException unsafeFile => unsafeFile.Reason,
        // .NET shows a name that is not valid UTF-8 with U+FFFD and then cannot find it again.
        FileNotFoundException { FileName: { } name } when Path.GetFileName(name).Contains('\uFFFD') => "its name is not valid UTF-8, so it cannot be opened",
        _ => e.Message,
    };
}
