namespace StackPack;

/// <summary>Whether the registry has a pack's current content.</summary>
public enum PackRegistrationState
{
    NotRegistered,
    Registered,
    Stale,
}

/// <summary>An installed pack, as Get-Pack shows it.</summary>
public sealed class PackInfo
{
    /// <summary>The pack's ref: its identity in StackStorm and its folder name.</summary>
    public string Ref { get; init; } = string.Empty;

    /// <summary>The display name from pack.yaml.</summary>
    public string Name { get; init; } = string.Empty;

    public string Version { get; init; } = string.Empty;

    public string Description { get; init; } = string.Empty;

    public string Author { get; init; } = string.Empty;

    public string? Email { get; init; }

    public string[] Keywords { get; init; } = [];

    /// <summary>Dependencies as written in pack.yaml ("name", "name=version", a URL).</summary>
    public string[] Dependencies { get; init; } = [];

    public string[] Contributors { get; init; } = [];

    /// <summary>The StackStorm versions the pack supports, e.g. "&gt;=3.0.0".</summary>
    public string? StackStormVersion { get; init; }

    /// <summary>"2" and/or "3"; empty means both.</summary>
    public string[] PythonVersions { get; init; } = [];

    /// <summary>The pack folder.</summary>
    public string Path { get; init; } = string.Empty;

    /// <summary>The packs base path the pack was found in.</summary>
    public string BasePath { get; init; } = string.Empty;

    /// <summary>True for the packs that ship with StackStorm: core, packs, linux, chatops.</summary>
    public bool IsSystem { get; init; }

    public int Actions { get; init; }

    public int Sensors { get; init; }

    public int Rules { get; init; }

    public int Aliases { get; init; }

    public int Policies { get; init; }

    public int Triggers { get; init; }

    /// <summary>The pack has a config.schema.yaml.</summary>
    public bool HasConfigSchema { get; init; }

    /// <summary>A configs/&lt;ref&gt;.yaml exists for the pack.</summary>
    public bool HasConfig { get; init; }

    /// <summary>The config file's path when it exists.</summary>
    public string? ConfigPath { get; init; }

    /// <summary>The git origin the pack was installed from, without credentials.</summary>
    public string? RepoUrl { get; init; }

    /// <summary>The checked-out commit when the pack is a git checkout.</summary>
    public string? Commit { get; init; }

    /// <summary>The checked-out branch, or null when detached (e.g. a tag).</summary>
    public string? Branch { get; init; }

    /// <summary>A tag pointing at the checked-out commit, if any.</summary>
    public string? Tag { get; init; }

    /// <summary>A <see cref="PackRegistrationState"/> name: Registered, Stale (files changed since it was registered) or NotRegistered.</summary>
    public string RegistrationState { get; init; } = nameof(PackRegistrationState.NotRegistered);

    /// <summary>When the pack was last registered by Register-Pack or Install-Pack.</summary>
    public DateTimeOffset? RegisteredAt { get; init; }

    /// <summary>The newest version its index offers; filled only by Get-Pack -Outdated (null otherwise).</summary>
    public string? LatestVersion { get; init; }

    public override string ToString() => $"{Ref} {Version}";
}
