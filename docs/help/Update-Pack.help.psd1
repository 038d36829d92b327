@{
    Synopsis    = 'Moves installed packs to the newest version their index offers that every installed pin allows.'
    Description = @'
Update-Pack takes the installed packs named (wildcards allowed; by default every installed pack that came from an index, system packs aside) and moves each to the newest version its index lists that every installed pack's pin allows, with its dependencies, as one plan: the plan of Install-Pack, with its checks (conflicts, content that would not register, compatibility), its convergence (a pack already at the newest version is verified, and repaired when it drifted) and its atomic installs. Results are those of Install-Pack.

A pack came from an index when an index lists its ref with a repo_url that is the pack's own git origin; a pack installed from another URL, a fork or a folder is left as it is (named explicitly, it is a PackNotFromIndex error). A pack held below the newest version by another installed pack's pin goes to the pinned version, with a warning naming that pack.

Every index is revalidated (a conditional request, so an unchanged index costs an HTTP 304); an index that cannot be reached is replaced by its cached copy with a warning. -Refresh downloads every index in full. -WhatIf says what would be updated and repaired, and changes nothing.
'@
    Parameters  = @{
        InputObject = 'Installed packs (Get-Pack output) from the pipeline, each updated exactly: the same ref in the same folder, never matched by its display name (which may be another pack''s ref); one removed or replaced since it was listed is PackNotFound.'
        Name             = 'Refs, display names or folder names of installed packs to update; wildcards allowed, case-insensitive. A literal name is a ref first, then a display name, then a folder name (case-insensitive); wildcards match any of the three. Default: every installed pack that came from an index. A literal name that is not installed writes PackNotFound.'
        Force            = 'As Install-Pack -Force: reinstall packs already at the version, discarding local edits; override the compatibility checks; install content that does not all register; move past an installed pack''s pin (with a warning).'
        SkipDependencies = 'Update only the packs named, not their dependencies.'
        SkipVirtualEnv   = 'Do not create or update the packs'' virtualenvs.'
        NoRegister       = 'Do not register the updated packs, and do not check their content while planning.'
        Credential       = 'A username and password or token for private https repositories. Never shown or stored.'
        IndexUrl         = 'The indexes to update from, highest priority first (default: the configured ones).'
        Refresh          = 'Download every index in full, without a conditional request.'
        TimeoutSec       = 'How many seconds to wait for another StackPack process changing the same pack (PackLocked after that). Default 300. When given, also how long a git server may send nothing.'
        ConfigFile       = 'The st2.conf that says where packs, virtualenvs and configs live, and which indexes to use.'
    }
    Outputs     = 'StackPack.InstallResult, one per pack of the plan (dependencies included), as Install-Pack writes them: Action Upgraded (or Downgraded when a pin holds it lower), Unchanged, Repaired, Installed for a dependency that was missing.'
    Notes       = 'Error ids: PackNotFound, InvalidPackMetadata and PackUnreadable (a pack named whose folder''s pack.yaml cannot be read), PackNotFromIndex, NoIndexAvailable, and every id of Install-Pack (DependencyConflict, InvalidPackContent, PackModified, VersionNotFound, ...).'
    Examples    = @(
        @{ Code = 'Update-Pack -WhatIf'; Remarks = 'Shows which installed packs would move to which version, without changing anything.' }
        @{ Code = 'Update-Pack slack, git*'; Remarks = 'Updates the slack pack and the packs whose ref or name starts with git.' }
        @{ Code = 'Get-Pack -Outdated | Update-Pack'; Remarks = 'Updates exactly the packs that Get-Pack -Outdated lists.' }
    )
}
