using System.Collections.Concurrent;
using System.Security.Cryptography;
using StackPack.Engine.Packs;

namespace StackPack.Engine.Registration;

/// <summary>What validating one content file found, and the entry point it looked for (null when none).</summary>
internal sealed record FileOutcome(IReadOnlyList<RegisteredItem> Items, IReadOnlyList<PackProblem> Problems, string? EntryPoint = null, bool EntryPointExisted = false)
{
    /// <summary>Whether the one fact from outside the file is still as it was.</summary>
    public bool StillHolds() => EntryPoint is null || File.Exists(EntryPoint) == EntryPointExisted;
}

/// <summary>
/// Content files validated in this process, by their bytes: registering the same packs again in a
/// session (after an install, or in a loop) hashes each file instead of parsing it again. A result
/// is reused only for the same type, pack ref, pack folder, file and SHA-256 of the bytes just read
/// (never by size or time, which a writer can keep), and only while the action's entry point is
/// still there or still missing. Files that fail to parse are not kept; they are read again.
/// </summary>
internal static class ValidatedFileCache
{
    /// <summary>Far more than the whole Exchange (about 11,000 files); past it the cache starts over rather than grow.</summary>
    private const int MaxEntries = 100_000;

    // Striped over more locks than cores, and sized for the Exchange from the start: every file of
    // every pack comes through here from both cores, and growing the table takes every lock.
    private static readonly ConcurrentDictionary<Key, Entry> s_entries = new(concurrencyLevel: 64, capacity: 16_384);
    private static int s_count;

    public static FileOutcome GetOrValidate(Key key, byte[] bytes, Func<FileOutcome> validate)
    {
        var hash = SHA256.HashData(bytes);
        if (s_entries.TryGetValue(key, out var known) && known.Hash.AsSpan().SequenceEqual(hash) && known.Outcome.StillHolds())
        {
            return known.Outcome;
        }

        var outcome = validate();

        // A count of our own: ConcurrentDictionary.Count takes every lock, and both cores come through here for every file.
        if (known is null && Interlocked.Increment(ref s_count) > MaxEntries)
        {
            s_entries.Clear();
            Interlocked.Exchange(ref s_count, 0);
        }

        s_entries[key] = new Entry(hash, outcome);
        return outcome;
    }

    // A class, not a struct: ConcurrentDictionary over a struct of ours is not in any precompiled image, so it would be JIT-compiled in every process.
    internal sealed record Key(ContentType Type, string Pack, string PackPath, string File);

    private sealed record Entry(byte[] Hash, FileOutcome Outcome);
}
