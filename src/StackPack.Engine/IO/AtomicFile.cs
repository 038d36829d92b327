namespace StackPack.Engine.IO;

/// <summary>
/// Writes files so that a reader (or a crash) never sees half of one: the content goes to a
/// temporary file in the same folder, is flushed to disk, then renamed over the target.
/// </summary>
public static class AtomicFile
{
    /// <param name="prepare">Called with the temporary file before it replaces the target (to set its owner): the target never has the wrong one.</param>
    /// <param name="flushToDisk">
    /// False only where losing the new content in a power cut costs nothing that matters (the
    /// rename is still atomic for every reader; a crash may leave the old file or, rarely, an empty one).
    /// </param>
    public static void WriteAllBytes(string path, ReadOnlySpan<byte> content, UnixFileMode? mode = null, Action<string>? prepare = null, bool flushToDisk = true)
    {
        var folder = Path.GetDirectoryName(Path.GetFullPath(path))!;
        Directory.CreateDirectory(folder);
        var temporary = Path.Combine(folder, $".{Path.GetFileName(path)}.{Guid.NewGuid():N}.tmp");
        try
        {
            var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, Share = FileShare.None };
            if (mode is { } unixMode && !OperatingSystem.IsWindows())
            {
                // Set at creation so the content is never readable with wider permissions.
                options.UnixCreateMode = unixMode;
            }

            using (var stream = new FileStream(temporary, options))
            {
                stream.Write(content);
                stream.Flush(flushToDisk);
            }

            prepare?.Invoke(temporary);
            File.Move(temporary, path, overwrite: true);
        }
        catch
        {
            TryDelete(temporary);
            throw;
        }
    }

    public static void WriteAllText(string path, string content, UnixFileMode? mode = null, Action<string>? prepare = null) =>
        WriteAllBytes(path, System.Text.Encoding.UTF8.GetBytes(content), mode, prepare);

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
            // Left for the next run's cleanup; the target itself is untouched.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
