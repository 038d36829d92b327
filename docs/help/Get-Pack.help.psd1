@{
    Synopsis    = 'Lists the StackStorm packs installed in the packs base paths.'
    Description = @'
Get-Pack reads every pack folder (a folder holding a pack.yaml) in the packs base paths and writes one StackPack.PackInfo object per pack, sorted by ref, like `st2 pack list`. The base paths are the system packs path followed by [content] packs_base_paths from st2.conf; when two base paths hold a pack of the same name, the first one wins, as in StackStorm.

pack.yaml files are read as StackStorm reads them: name, description, version (strict semantic version) and author are required, the ref comes from 'ref', else the folder name, else 'name'. A folder whose pack.yaml StackStorm would refuse is not skipped silently: Get-Pack writes an InvalidPackMetadata error naming the file, the field, the line and the fix, and lists the other packs.

Settings: -ConfigFile names an st2.conf. Without it Get-Pack uses $env:ST2_CONFIG_PATH, then /etc/st2/st2.conf (Windows: %ProgramData%\StackStorm\st2.conf; $env:STACKPACK_SYSTEM_CONFIG moves it) when it exists, and with no st2.conf at all $env:STACKPACK_HOME (a StackPack home laid out like a StackStorm base path), then the per-user StackPack home (~/.local/share/stackpack, or %LOCALAPPDATA%\StackPack). A STACKPACK_HOME that an st2.conf overrides is pointed out with a warning. Run with -Verbose to see which settings are in force.
'@
    Parameters  = @{
        Name       = 'Refs, display names or folder names of the packs to show. Wildcards are allowed and matching is case-insensitive. A literal name is a ref first, then a display name, then a folder name (case-insensitive); wildcards match any of the three. A literal name that is not installed writes a PackNotFound error; a wildcard that matches nothing writes nothing. Without -Name every installed pack is listed.'
        Outdated   = 'Lists only the packs for which their index has a newer version than the one installed, with LatestVersion filled in (the newest version the index lists). A pack counts as from an index when an index lists its ref with a repo_url that is its own git origin. The indexes are revalidated (a conditional request) and, when one cannot be reached, its cached copy is used with a warning; with no index at all NoIndexAvailable is written once.'
        IndexUrl   = 'With -Outdated: the indexes to compare with, highest priority first (default: the configured ones).'
        ConfigFile = 'The st2.conf to read [system] base_path and [content] system_packs_base_path and packs_base_paths from. An unreadable or unparsable file is a terminating InvalidSettings error; a missing one is ConfigFileNotFound.'
    }
    Outputs     = 'StackPack.PackInfo: Ref, Name, Version, Description, Author, Email, Keywords, Dependencies, Path, BasePath, IsSystem, content counts (Actions, Sensors, Rules, Aliases, Policies, Triggers), HasConfigSchema, HasConfig, RegistrationState (Registered, Stale, NotRegistered) and RegisteredAt, and for git checkouts RepoUrl (never with credentials), Commit, Branch and Tag. LatestVersion is filled only by -Outdated.'
    Notes       = 'Error ids: PackNotFound (ObjectNotFound), InvalidPackMetadata (InvalidData), PackUnreadable (a pack folder that cannot be read; that pack only), NoIndexAvailable (-Outdated with no index that loads), InvalidSettings and ConfigFileNotFound (terminating).'
    Examples    = @(
        @{ Code = 'Get-Pack'; Remarks = 'Lists every installed pack with its ref, version, name and description.' }
        @{ Code = "Get-Pack git*, slack | Format-List Ref, Version, RepoUrl, Commit"; Remarks = 'Shows where the packs whose ref or name starts with "git", and the slack pack, were installed from.' }
        @{ Code = 'Get-Pack -ConfigFile /etc/st2/st2.conf | Where-Object { -not $_.IsSystem -and $_.HasConfigSchema -and -not $_.HasConfig }'; Remarks = 'Finds the packs that expect a configuration but have none yet.' }
        @{ Code = 'Get-Pack -Outdated | Select-Object Ref, Version, LatestVersion'; Remarks = 'Shows which packs their index has a newer version of; Update-Pack moves them.' }
        @{ Code = "Get-Pack | Where-Object RegistrationState -ne 'Registered' | Select-Object Ref, RegistrationState, RegisteredAt"; Remarks = 'Shows the packs whose registration is missing or out of date.' }
    )
}
