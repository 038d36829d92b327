namespace StackPack.Engine.Settings;

/// <summary>What the resolver may look at; the real machine by default, a temp folder in tests.</summary>
public sealed record SettingsEnvironment
{
    public required Func<string, string?> GetVariable { get; init; }

    /// <summary>The system st2.conf to use when it exists.</summary>
    public required string SystemConfigFile { get; init; }

    /// <summary>The per-user StackPack home used when nothing else is configured.</summary>
    public required string UserHome { get; init; }

    public static SettingsEnvironment FromMachine()
    {
        var windows = OperatingSystem.IsWindows();
        string Special(Environment.SpecialFolder f) => Environment.GetFolderPath(f, Environment.SpecialFolderOption.DoNotVerify);
        // STACKPACK_SYSTEM_CONFIG moves the system st2.conf (a packaged StackStorm elsewhere, or
        // tests and demos that must not see this machine's /etc).
        var systemConfig = Environment.GetEnvironmentVariable("STACKPACK_SYSTEM_CONFIG") is { Length: > 0 } moved ? moved
            : windows ? Path.Combine(Special(Environment.SpecialFolder.CommonApplicationData), "StackStorm", "st2.conf")
            : "/etc/st2/st2.conf";
        string userHome;
        if (windows)
        {
            userHome = Path.Combine(Special(Environment.SpecialFolder.LocalApplicationData), "StackPack");
        }
        else
        {
            var xdg = Environment.GetEnvironmentVariable("XDG_DATA_HOME");
            var dataHome = string.IsNullOrEmpty(xdg) ? Path.Combine(Special(Environment.SpecialFolder.UserProfile), ".local", "share") : xdg;
            userHome = Path.Combine(dataHome, "stackpack");
        }

        return new SettingsEnvironment
        {
            GetVariable = Environment.GetEnvironmentVariable,
            SystemConfigFile = systemConfig,
            UserHome = userHome,
        };
    }
}

/// <summary>
/// Decides which settings are in force: -ConfigFile, then $env:ST2_CONFIG_PATH, then the system
/// st2.conf when it exists; with no st2.conf at all, $env:STACKPACK_HOME, then the per-user home.
/// A STACKPACK_HOME that an st2.conf overrides is noted, so the cmdlets can warn about it.
/// </summary>
public static class SettingsResolver
{
    public const string DefaultIndexUrl = "https://index.stackstorm.org/v1/index.json";
    public const string DefaultBasePath = "/opt/stackstorm";

    public static StackPackSettings Resolve(string? configFile, SettingsEnvironment environment)
    {
        var (settings, conf) = ResolvePaths(configFile, environment);
        return WithTuning(settings, conf, environment);
    }

    private static (StackPackSettings Settings, St2ConfFile? Conf) ResolvePaths(string? configFile, SettingsEnvironment environment)
    {
        if (!string.IsNullOrWhiteSpace(configFile))
        {
            return FromConfigFile(RequireFile(configFile, "-ConfigFile"), SettingsSource.ConfigFileParameter, environment);
        }

        var st2ConfigPath = environment.GetVariable("ST2_CONFIG_PATH");
        if (!string.IsNullOrWhiteSpace(st2ConfigPath))
        {
            return FromConfigFile(RequireFile(st2ConfigPath, "ST2_CONFIG_PATH"), SettingsSource.St2ConfigPathVariable, environment);
        }

        var home = environment.GetVariable("STACKPACK_HOME");
        if (File.Exists(environment.SystemConfigFile))
        {
            var (settings, conf) = FromConfigFile(environment.SystemConfigFile, SettingsSource.SystemConfigFile, environment);
            var notes = string.IsNullOrWhiteSpace(home) ? settings.Notes
                : [$"STACKPACK_HOME ('{home}') is ignored because {environment.SystemConfigFile} exists; unset it, or use -ConfigFile or ST2_CONFIG_PATH."];
            return (settings with { Notes = notes }, conf);
        }

        if (!string.IsNullOrWhiteSpace(home))
        {
            return (FromHome(Path.GetFullPath(home), SettingsSource.StackPackHomeVariable, environment), null);
        }

        return (FromHome(environment.UserHome, SettingsSource.UserHome, environment), null);
    }

    private static string RequireFile(string path, string origin)
    {
        var full = Path.GetFullPath(path);
        if (Directory.Exists(full))
        {
            throw new StackPackException("InvalidSettings", $"The StackStorm configuration file given by {origin} is a folder, not a file: '{full}'.", full,
                "Point it at the st2.conf file itself.");
        }

        if (!File.Exists(full))
        {
            throw new StackPackException("ConfigFileNotFound", $"The StackStorm configuration file given by {origin} does not exist: '{full}'.", full,
                "Check the path, or leave it unset to use the StackPack home.");
        }

        return full;
    }

    private static StackPackSettings FromHome(string home, SettingsSource source, SettingsEnvironment environment)
    {
        RequireFolderOrNothing(home, "the StackPack home", null);
        var packs = Path.Combine(home, "packs");
        return new StackPackSettings
        {
            Source = source,
            ConfigFile = null,
            BasePath = home,
            SystemPacksPath = packs,
            PacksBasePaths = [packs],
            ConfigsPath = Path.Combine(home, "configs"),
            VirtualEnvsPath = Path.Combine(home, "virtualenvs"),
            StatePath = home,
            IndexUrls = [DefaultIndexUrl],
            ApiUrl = NullIfBlank(environment.GetVariable("ST2_API_URL")),
        };
    }

    private static (StackPackSettings, St2ConfFile) FromConfigFile(string path, SettingsSource source, SettingsEnvironment environment)
    {
        var conf = St2ConfFile.Load(path);
        var basePath = NullIfBlank(conf.Get("system", "base_path")) ?? DefaultBasePath;
        RequireFolderOrNothing(basePath, "[system] base_path", path);

        var systemPacks = NullIfBlank(conf.Get("content", "system_packs_base_path")) ?? Path.Combine(basePath, "packs");
        RequireFolderOrNothing(systemPacks, "[content] system_packs_base_path", path);

        var packsPaths = St2PathList.PacksBasePaths(systemPacks, conf.Get("content", "packs_base_paths"), OperatingSystem.IsWindows());

        var indexUrls = SplitList(conf.Get("content", "index_url"));
        return (new StackPackSettings
        {
            Source = source,
            ConfigFile = path,
            BasePath = basePath,
            SystemPacksPath = systemPacks,
            PacksBasePaths = packsPaths,
            ConfigsPath = Path.Combine(basePath, "configs"),
            VirtualEnvsPath = Path.Combine(basePath, "virtualenvs"),
            StatePath = Path.Combine(basePath, "stackpack"),
            IndexUrls = indexUrls.Count > 0 ? indexUrls : [DefaultIndexUrl],
            PythonBinary = NullIfBlank(conf.Get("actionrunner", "python_binary")),
            ApiUrl = NullIfBlank(environment.GetVariable("ST2_API_URL")) ?? NullIfBlank(conf.Get("api", "base_url")),
            PackGroup = NullIfBlank(conf.Get("content", "pack_group")) ?? "st2packs",
        }, conf);
    }

    /// <summary>
    /// StackPack's own knobs: an environment variable wins over st2.conf's [stackpack] section.
    /// A value that is not a positive number is an InvalidSettings error naming its origin.
    /// </summary>
    private static StackPackSettings WithTuning(StackPackSettings settings, St2ConfFile? conf, SettingsEnvironment environment)
    {
        double? Number(string variable, string key)
        {
            var (text, origin) = environment.GetVariable(variable) is { Length: > 0 } fromEnv
                ? (fromEnv, $"$env:{variable}")
                : (conf?.Get("stackpack", key), $"[stackpack] {key} in '{conf?.Path}'");
            if (string.IsNullOrWhiteSpace(text))
            {
                return null;
            }

            if (double.TryParse(text, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var value) && value > 0)
            {
                return value;
            }

            throw new StackPackException("InvalidSettings", $"{origin} is '{text}', which is not a positive number.", origin, "Set it to a number greater than zero, or remove it.");
        }

        // STACKPACK_INDEX_URL lets a StackPack home (which has no st2.conf) use a mirror, and
        // overrides [content] index_url for one session without editing st2.conf.
        var indexUrls = SplitList(environment.GetVariable("STACKPACK_INDEX_URL"));
        return settings with
        {
            IndexUrls = indexUrls.Count > 0 ? indexUrls : settings.IndexUrls,
            IndexMaxAge = Number("STACKPACK_INDEX_MAX_AGE", "index_max_age") is { } age ? TimeSpan.FromSeconds(age) : settings.IndexMaxAge,
            IndexTimeout = Number("STACKPACK_INDEX_TIMEOUT", "index_timeout") is { } timeout ? TimeSpan.FromSeconds(timeout) : settings.IndexTimeout,
            IndexMaxBytes = Number("STACKPACK_INDEX_MAX_MB", "index_max_mb") is { } mb ? (long)(mb * 1024 * 1024) : settings.IndexMaxBytes,
            FetchTimeout = Number("STACKPACK_FETCH_TIMEOUT", "fetch_timeout") is { } idle ? TimeSpan.FromSeconds(idle) : settings.FetchTimeout,
            FetchMaxTime = Number("STACKPACK_FETCH_MAX_TIME", "fetch_max_time") is { } most ? TimeSpan.FromSeconds(most) : settings.FetchMaxTime,
            St2Group = NullIfBlank(environment.GetVariable("STACKPACK_ST2_GROUP")) ?? NullIfBlank(conf?.Get("stackpack", "st2_group")) ?? settings.St2Group,
        };
    }

    /// <summary>Splits a comma-separated setting, dropping empty entries.</summary>
    public static IReadOnlyList<string> SplitList(string? value) =>
        string.IsNullOrWhiteSpace(value)
            ? []
            : value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);

    private static void RequireFolderOrNothing(string path, string setting, string? configFile)
    {
        if (File.Exists(path))
        {
            var where = configFile is null ? setting : $"{setting} in '{configFile}'";
            throw new StackPackException("InvalidSettings", $"{char.ToUpperInvariant(where[0])}{where[1..]} points at a file, not a folder: '{path}'.", configFile ?? path,
                "Point it at a folder (it is created when first needed).");
        }
    }

    private static string? NullIfBlank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
