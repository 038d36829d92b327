namespace StackPack.Engine.PackSets;

/// <summary>
/// The packs of a node, described in one file (packs.yaml) that Install-Pack -PackSet applies:
/// what configuration management keeps identical across a fleet.
/// </summary>
public sealed record PackSet(IReadOnlyList<PackSetEntry> Packs)
{
    /// <summary>The only format version so far; a reader refuses any other, so an old StackPack never misreads a newer file.</summary>
    public const string ApiVersion = "stackpack/v1";

    public const string Kind = "PackSet";
}

/// <summary>One pack of a set.</summary>
/// <param name="Ref">The pack's ref (its folder under the packs path).</param>
/// <param name="Source">An index name, a git URL or a folder, never with credentials (they come from -Credential).</param>
/// <param name="IndexUrl">The index the name was found in (credentials removed), or null for the configured indexes.</param>
/// <param name="Version">The version asked for (a tag, branch or commit), or null for the default.</param>
/// <param name="Commit">The exact commit; when given it wins over <paramref name="Version"/>, so every node gets the same bytes.</param>
public sealed record PackSetEntry(string Ref, string Source, string? IndexUrl = null, string? Version = null, string? Commit = null)
{
    /// <summary>What to check out: the commit when known, else the version asked for.</summary>
    public string? Wanted => Commit ?? Version;
}
