namespace StackPack.Engine.Settings;

/// <summary>Where the settings in force came from, in order of precedence.</summary>
public enum SettingsSource
{
    /// <summary>The -ConfigFile parameter.</summary>
    ConfigFileParameter,

    /// <summary>The ST2_CONFIG_PATH environment variable.</summary>
    St2ConfigPathVariable,

    /// <summary>The system st2.conf (/etc/st2/st2.conf, or %ProgramData%\StackStorm\st2.conf).</summary>
    SystemConfigFile,

    /// <summary>The STACKPACK_HOME environment variable (a StackPack home, when there is no st2.conf).</summary>
    StackPackHomeVariable,

    /// <summary>The per-user StackPack home, used when nothing else is configured.</summary>
    UserHome,
}

/// <summary>
/// Every path and URL the cmdlets share, resolved once per command. A StackPack home is
/// laid out like a StackStorm base path (packs/, configs/, virtualenvs/), so the rest of
/// the engine never needs to know which of the two it is working on.
/// </summary>
public sealed record StackPackSettings
{
    public required SettingsSource Source { get; init; }

    /// <summary>The st2.conf in force, or null for a StackPack home.</summary>
    public string? ConfigFile { get; init; }

    /// <summary>StackStorm's [system] base_path, or the StackPack home.</summary>
    public required string BasePath { get; init; }

    /// <summary>[content] system_packs_base_path: where installs go; always first in <see cref="PacksBasePaths"/>.</summary>
    public required string SystemPacksPath { get; init; }

    /// <summary>Every pack folder, system path first, duplicates and empty entries dropped.</summary>
    public required IReadOnlyList<string> PacksBasePaths { get; init; }

    /// <summary>&lt;base&gt;/configs, where &lt;ref&gt;.yaml pack configs live.</summary>
    public required string ConfigsPath { get; init; }

    /// <summary>&lt;base&gt;/virtualenvs, one virtualenv per pack.</summary>
    public required string VirtualEnvsPath { get; init; }

    /// <summary>StackPack's own state (index cache, registry, locks).</summary>
    public required string StatePath { get; init; }

    /// <summary>[content] index_url, in priority order (leftmost wins).</summary>
    public required IReadOnlyList<string> IndexUrls { get; init; }

    /// <summary>[actionrunner] python_binary, when set.</summary>
    public string? PythonBinary { get; init; }

    /// <summary>[api] base_url / ST2_API_URL, when set.</summary>
    public string? ApiUrl { get; init; }

    /// <summary>Within this age a cached index is used without a request (STACKPACK_INDEX_MAX_AGE, seconds; default 1 h).</summary>
    public TimeSpan IndexMaxAge { get; init; } = TimeSpan.FromHours(1);

    /// <summary>The limit for one index request (STACKPACK_INDEX_TIMEOUT, seconds; default 30 s).</summary>
    public TimeSpan IndexTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>A git fetch that receives nothing for this long is given up (STACKPACK_FETCH_TIMEOUT, seconds; default 60 s).</summary>
    public TimeSpan FetchTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>A git fetch that takes longer than this in all is given up (STACKPACK_FETCH_MAX_TIME, seconds; default 30 min).</summary>
    public TimeSpan FetchMaxTime { get; init; } = TimeSpan.FromMinutes(30);

    /// <summary>The largest index accepted (STACKPACK_INDEX_MAX_MB; default 256 MB).</summary>
    public long IndexMaxBytes { get; init; } = 256L * 1024 * 1024;

    /// <summary>Where downloaded indexes are cached.</summary>
    public string IndexCachePath => Path.Combine(StatePath, "cache", "index");

    /// <summary>The per-pack locks (and the install journal beside them) that every StackPack process shares.</summary>
    public string LocksPath => Path.Combine(StatePath, "locks");

    public bool IsStackPackHome => ConfigFile is null;

    public const string DefaultSt2Group = "st2";

    /// <summary>[content] pack_group (default st2packs) for an st2 layout: installed packs get this group and group-writable modes, as st2's install. Null for a StackPack home.</summary>
    public string? PackGroup { get; init; }

    /// <summary>The st2 services' group (STACKPACK_ST2_GROUP or [stackpack] st2_group; default st2): a new config in a configs folder of this group is 0660.</summary>
    public string St2Group { get; init; } = DefaultSt2Group;

    /// <summary>Things about the settings a user should know (shown as warnings).</summary>
    public IReadOnlyList<string> Notes { get; init; } = [];
}
