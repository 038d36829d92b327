namespace StackPack.Engine;

/// <summary>One public error id: its kind (the PowerShell error category) and what it means.</summary>
public sealed record ErrorInfo(string Id, ErrorKind Kind, string Meaning);

/// <summary>
/// Every ErrorId StackPack raises, once: an id always has the same category, whichever path
/// raises it, and its one-line meaning is what about_StackPack and the help list. A test checks
/// that every id raised in the source is here, and that each is documented.
/// </summary>
public static class ErrorCatalog
{
    private static readonly ErrorInfo[] s_entries =
    [
        // Settings and arguments
        new("InvalidSettings", ErrorKind.InvalidData, "st2.conf (or -ConfigFile) cannot be read or has a value StackPack cannot use."),
        new("NoPackGiven", ErrorKind.InvalidArgument, "The command was given no pack to work on."),
        new("VersionGivenTwice", ErrorKind.InvalidArgument, "A pack's version was given both in its name (name=version) and with -Version."),
        new("InvalidPackSource", ErrorKind.InvalidArgument, "A pack source is neither an index name, name=version, a git URL, owner/repo nor a folder; or a fetched pack names a local folder as a dependency."),
        new("PackPathNotFound", ErrorKind.NotFound, "A path given to a command does not exist or is not a pack folder."),
        new("OperationCancelled", ErrorKind.Cancelled, "The command was stopped (Ctrl+C) before it finished; nothing was left half-done."),

        // Installed packs
        new("PackNotFound", ErrorKind.NotFound, "No installed pack has that ref, name or folder."),
        new("PackNameAmbiguous", ErrorKind.InvalidArgument, "A command that works on one pack was given a display or folder name that several installed packs have; give the ref."),
        new("InvalidPackMetadata", ErrorKind.InvalidData, "A pack's pack.yaml breaks StackStorm's rules (file, line and field named)."),
        new("PackUnreadable", ErrorKind.InvalidData, "A pack folder or one of its files cannot be read (only that pack is affected)."),
        new("PackLocked", ErrorKind.Locked, "Another process is changing the same pack; the lock names its holder."),
        new("PermissionDenied", ErrorKind.PermissionDenied, "StackPack may not write where the change must go (packs path, virtualenvs, configs, state)."),
        new("SystemPackProtected", ErrorKind.PermissionDenied, "The pack is a StackStorm system pack (core, packs, linux, chatops): -Force is needed."),
        new("PackInUse", ErrorKind.Locked, "Other installed packs depend on the pack being removed."),
        new("RemoveFailed", ErrorKind.Failed, "A pack could not be removed (the message says what is left)."),

        // Indexes
        new("NoIndexAvailable", ErrorKind.ResourceUnavailable, "No pack index could be loaded, and no cached copy exists."),
        new("PackNotFoundInIndex", ErrorKind.NotFound, "No pack index lists a pack of that name."),
        new("PackNotFromIndex", ErrorKind.InvalidArgument, "The pack was not installed from an index, so there is no newer index version to move to."),

        // Installing
        new("PackSourceUnknown", ErrorKind.InvalidArgument, "Where an installed pack came from is not known (it was not installed from git)."),
        new("VersionNotFound", ErrorKind.NotFound, "The repository has no tag, branch or commit for the version asked for."),
        new("IncompatibleStackStormVersion", ErrorKind.InvalidData, "The pack's stackstorm_version excludes this StackStorm (-Force overrides)."),
        new("IncompatiblePythonVersion", ErrorKind.InvalidData, "The pack's python_versions exclude the Python that runs its actions (-Force overrides)."),
        new("DependencyConflict", ErrorKind.Conflict, "Two packs need different versions of the same pack; nothing was installed."),
        new("DependencyFailed", ErrorKind.NotInstalled, "A pack was not installed because a pack it depends on was not."),
        new("GitFetchFailed", ErrorKind.ResourceUnavailable, "The pack's git repository could not be cloned or fetched."),
        new("GitFetchTimeout", ErrorKind.ResourceUnavailable, "The git server sent nothing for too long, or the fetch took longer than allowed."),
        new("AuthenticationFailed", ErrorKind.Authentication, "The git server refused the credentials (or asked for some and none were given)."),
        new("UnsafePackContent", ErrorKind.InvalidData, "The pack holds a link that leaves it, a FIFO or device, or a name that is not UTF-8; nothing was installed."),
        new("PackRefMismatch", ErrorKind.InvalidData, "The pack.yaml ref differs from the index entry it came through (-Force overrides)."),
        new("InvalidPackContent", ErrorKind.InvalidData, "A pack of the plan would fail registration; nothing was installed (-Force installs it anyway)."),
        new("PackModified", ErrorKind.InvalidData, "An installed pack's files differ from its commit (local edits); -Force discards them."),
        new("PackInstalledElsewhere", ErrorKind.Conflict, "The pack is installed in another packs path than -Destination."),
        new("VirtualEnvFailed", ErrorKind.Failed, "The pack's Python virtualenv or its requirements could not be built; the old one stays."),
        new("InstallFailed", ErrorKind.Failed, "The pack could not be put in place; the previous version stays installed."),

        // Pack sets
        new("PackSetNotFound", ErrorKind.NotFound, "The pack set file does not exist."),
        new("InvalidPackSet", ErrorKind.InvalidData, "The pack set file is not a valid pack set (line and field named)."),
        new("PackSetExists", ErrorKind.Conflict, "Export-PackSet would overwrite an existing file (-Force overwrites)."),
        new("PackSetWriteFailed", ErrorKind.WriteFailed, "The pack set file could not be written."),

        // Configs
        new("InvalidConfigSchema", ErrorKind.InvalidData, "The pack's config.schema.yaml is not a valid schema (or has a $ref that is not a local #/ pointer)."),
        new("ConfigUnreadable", ErrorKind.InvalidData, "The pack's config file is not valid YAML or not a mapping; fix or remove it."),
        new("ConfigInvalid", ErrorKind.InvalidData, "The config does not validate against the pack's schema; nothing was written."),
        new("ConfigValueRequired", ErrorKind.InvalidData, "The schema requires values the config does not have and no one could be asked for."),
        new("ConfigInputNotFound", ErrorKind.NotFound, "The values file given to Set-PackConfig does not exist."),
        new("InvalidConfigInput", ErrorKind.InvalidData, "The values given to Set-PackConfig are not valid YAML or not a mapping."),
        new("ConfigFileNotFound", ErrorKind.NotFound, "The st2.conf given with -ConfigFile does not exist."),
        new("ConfigLinkRefused", ErrorKind.PermissionDenied, "The config is a link to something other than a regular file in the configs folder."),
        new("ConfigWriteFailed", ErrorKind.WriteFailed, "The config could not be written; the previous one is unchanged."),

        // Registration and StackStorm
        new("RegistrationFailed", ErrorKind.InvalidData, "The pack's content has errors; its previous registration stays as it was."),
        new("StackStormNotConfigured", ErrorKind.InvalidArgument, "-StackStorm was asked for, but no StackStorm API URL or credentials are known."),
        new("StackStormAuthenticationFailed", ErrorKind.Authentication, "StackStorm's API refused the API key or token."),
        new("StackStormUnavailable", ErrorKind.ResourceUnavailable, "StackStorm's API could not be reached."),
        new("StackStormRegistrationFailed", ErrorKind.Failed, "StackStorm's API answered the registration with an error."),

        // Test-Pack
        new("PackTestFailed", ErrorKind.InvalidData, "Test-Pack found errors in the pack (each is a problem on its file and line)."),
        new("TestReportNotWritten", ErrorKind.WriteFailed, "Test-Pack's -OutputFile could not be written."),
    ];

    private static readonly Dictionary<string, ErrorInfo> s_byId = s_entries.ToDictionary(e => e.Id, StringComparer.Ordinal);

    public static IReadOnlyCollection<ErrorInfo> All => s_entries;

    public static bool Contains(string id) => s_byId.ContainsKey(id);

    /// <summary>The id's kind; an id missing from the catalogue (a bug the catalogue test catches) is Failed.</summary>
    public static ErrorKind KindOf(string id) => s_byId.TryGetValue(id, out var info) ? info.Kind : ErrorKind.Failed;
}
