namespace StackPack.Engine.Packs;

/// <summary>A pack.yaml that passed StackStorm's rules (warnings aside).</summary>
public sealed record PackManifest
{
    /// <summary>The pack.yaml this came from.</summary>
    public required string File { get; init; }

    /// <summary>The resolved ref: 'ref', else the folder name, else 'name' (see <see cref="RefSource"/>).</summary>
    public required string Ref { get; init; }

    public required RefSource RefSource { get; init; }

    public required string Name { get; init; }

    public required string Description { get; init; }

    /// <summary>A strict semver string, as st2 requires.</summary>
    public required string Version { get; init; }

    public required string Author { get; init; }

    public string? Email { get; init; }

    public IReadOnlyList<string> Keywords { get; init; } = [];

    /// <summary>Entries as written: "name", "name=version", "url" or "url=ref".</summary>
    public IReadOnlyList<string> Dependencies { get; init; } = [];

    public IReadOnlyList<string> Contributors { get; init; } = [];

    /// <summary>A StackStorm version spec such as "&gt;=3.0.0, &lt;4.0.0", or null.</summary>
    public string? StackStormVersion { get; init; }

    /// <summary>"2" and/or "3"; empty means both (st2's rule).</summary>
    public IReadOnlyList<string> PythonVersions { get; init; } = [];

    /// <summary>Keys StackStorm does not know: kept (as plain values) but otherwise ignored.</summary>
    public IReadOnlyDictionary<string, object?> UnknownFields { get; init; } = new Dictionary<string, object?>();

    /// <summary>Legal but suspicious things (duplicate keys, a missing email).</summary>
    public IReadOnlyList<PackProblem> Warnings { get; init; } = [];
}

/// <summary>Which field the ref came from.</summary>
public enum RefSource
{
    RefField,
    DirectoryName,
    NameField,
}
