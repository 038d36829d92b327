namespace StackPack.Engine.Yaml;

/// <summary>
/// The one way YAML and JSON files (pack.yaml, actions, schemas, configs, the registry, cached
/// indexes) are read: only regular files, never more than <see cref="MaxBytes"/>. A pack can
/// make pack.yaml a link to /dev/zero or a FIFO; reading it must fail at once, naming the file.
/// </summary>
public static class StructuredFile
{
    /// <summary>64 MiB: real pack files are kilobytes; an index cache has its own limit.</summary>
    public const long MaxBytes = 64L * 1024 * 1024;

    /// <exception cref="IOException">Not a readable regular file, or larger than the limit (the message names the file).</exception>
    public static byte[] ReadAllBytes(string path, long maxBytes = MaxBytes)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan);
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = stream.Read(chunk, 0, chunk.Length)) > 0)
        {
            if (buffer.Length + read > maxBytes)
            {
                throw TooLarge(path, maxBytes);
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }

    private static IOException TooLarge(string path, long maxBytes) =>
        new($"'{path}' is larger than the {maxBytes / (1024 * 1024)} MiB limit for YAML and JSON files.");
}
