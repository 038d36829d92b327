using StackPack.Engine.Git;

namespace StackPack.Engine.Packs;

/// <summary>A pack found in one of the packs base paths.</summary>
public sealed record InstalledPack
{
    public required PackManifest Manifest { get; init; }

    /// <summary>The pack folder.</summary>
    public required string Path { get; init; }

    /// <summary>The packs base path it was found in.</summary>
    public required string BasePath { get; init; }

    public string Ref => Manifest.Ref;

    /// <summary>One of the packs that ship with StackStorm (core, packs, linux, chatops).</summary>
    public bool IsSystem => PackRules.IsSystemPack(Manifest.Ref);

    public required PackContentCounts Content { get; init; }

    public bool HasConfigSchema { get; init; }

    /// <summary>&lt;configs&gt;/&lt;ref&gt;.yaml when it exists, else null.</summary>
    public string? ConfigFile { get; init; }

    /// <summary>Where the pack came from when it is a git checkout, else null.</summary>
    public GitCheckoutInfo? Git { get; init; }

    /// <summary>When the pack was last registered, if ever.</summary>
    public DateTimeOffset? RegisteredAt { get; init; }

    /// <summary>Registered, but its files changed since.</summary>
    public bool RegistrationStale { get; init; }
}

/// <summary>A folder that looks like a pack (it has a pack.yaml) but cannot be read as one.</summary>
public sealed record BrokenPack(string Path, string DirectoryName, StackPackException Error);
