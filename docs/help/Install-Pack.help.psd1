@{
    Synopsis    = 'Installs, upgrades or reinstalls StackStorm packs, with their dependencies, atomically.'
    Description = @'
Install-Pack does what st2 pack install does, safely enough for DSC and pipelines on production hosts. It accepts every form st2 accepts: a short name resolved through the pack index (sensu), several at once, name=version or -Version (a tag with or without its v prefix, a branch, a full or short commit SHA; by default the index's version for names and the default branch for URLs), a git URL (https, http, ssh, git@host:owner/repo, file://), owner/repo for GitHub, and a local folder (a git repository installs its committed content; a plain folder is copied as it is). A version that does not exist fails with VersionNotFound, listing the versions that do.

First the whole plan is worked out: every pack and, unless -SkipDependencies, the dependencies in their pack.yaml, recursively, are fetched into a staging folder beside the destination and checked (pack.yaml rules, ref, symbolic links that point outside the pack, stackstorm_version against the host's StackStorm version when known, python_versions). A conflict (two different pins of one pack, or a pin that differs from an installed version) stops the whole plan with DependencyConflict naming both sides, and nothing is installed. Dependencies install before the packs that need them.

Then each pack, under a lock that other StackPack processes respect (PackLocked after -TimeoutSec), gets its virtualenv (<base>/virtualenvs/<ref>, python -m venv and pip install -r requirements.txt; reused when requirements.txt has not changed; skipped for packs without Python content, or with -SkipVirtualEnv) and is swapped into place atomically: the previous version stays whole and working until the new one is complete, and comes back if anything fails. configs/<ref>.yaml is never touched. Installing what is already installed at the same commit is Unchanged and fast; -Force reinstalls.

Credentials in an https URL, or -Credential, work for private repositories and never appear in any output, error, progress text, or in the installed pack's .git/config. Missing credentials fail at once (AuthenticationFailed) instead of waiting for input. A token in the URL's query (?private_token=...) is sent to the server but stored in no file (.git/config keeps the URL without its query) and shown in no message (query values show as ***); an = in the query is never read as a version. -WhatIf fetches into a private temporary folder, never into the packs path, and says what would be installed from where.

A pack whose pack.yaml names a StackStorm system pack (core, packs, linux, chatops) is refused with SystemPackProtected unless -Force, and is warned about even with -Force. A pack reached through an index entry whose name is not the pack's ref is refused with PackRefMismatch unless -Force (st2 installs it under its own ref without a word). -IndexUrl applies to the dependencies too: a dependency named in a pack from a private index is looked up only there. A git fetch that receives nothing for 60 seconds (STACKPACK_FETCH_TIMEOUT or st2.conf [stackpack] fetch_timeout; -TimeoutSec when given) or lasts more than 30 minutes (STACKPACK_FETCH_MAX_TIME, fetch_max_time) fails with GitFetchTimeout and leaves nothing staged.
'@
    Parameters  = @{
        Name             = 'The packs to install: index names, name=version, git URLs (optionally =ref), owner/repo, or folders. Accepts Find-Pack and Get-Pack output from the pipeline.'
        InputObject      = 'Installed packs, from Get-Pack: each is installed again from the git origin it came from, at the commit installed now (Unchanged unless -Force), or at -Version when given. A pack copied from a plain folder has no known origin (PackSourceUnknown).'
        Version          = 'The version to install: a tag (1.0.2 finds v1.0.2), a branch or a commit SHA. Applies to every name that does not pin its own.'
        Force            = 'Reinstall packs that are already installed at the same commit, and override the stackstorm_version and python_versions checks (as st2 --force).'
        SkipDependencies = 'Install only the packs named, not their dependencies.'
        SkipVirtualEnv   = 'Do not create or update the packs'' virtualenvs.'
        NoRegister       = 'Do not register the installed packs (Install-Pack otherwise registers each pack it installs, as Register-Pack does).'
        Credential       = 'A username and password or token for private https repositories. Never shown or stored.'
        IndexUrl         = 'The indexes to resolve short names from, highest priority first (default: the configured ones), for the packs named and for their dependencies. Bound from Find-Pack output, so a pack found in a given index installs from it.'
        Destination      = 'The packs base path to install into, instead of the system packs path.'
        TimeoutSec       = 'How many seconds to wait for another StackPack process that is changing the same pack before failing with PackLocked. Default 300. When given, also how many seconds a git server may send nothing before the fetch fails with GitFetchTimeout (default 60, STACKPACK_FETCH_TIMEOUT).'
        ConfigFile       = 'The st2.conf that says where packs, virtualenvs and configs live, and which indexes to use.'
        Ref              = 'Not for typing: bound by property name from Get-Pack output that went through Export-Csv and Import-Csv (or ConvertTo-Json and ConvertFrom-Json). A row with Ref and Commit reinstalls that ref from its RepoUrl at its Commit (or at -Version when typed), never by its display name; a row without RepoUrl is PackSourceUnknown.'
        RepoUrl          = 'Not for typing: the git origin of a Get-Pack row read back from CSV or JSON (see -Ref).'
        Commit           = 'Not for typing: the commit of a Get-Pack row read back from CSV or JSON (see -Ref).'
    }
    Outputs     = 'StackPack.InstallResult, one per pack (dependencies included): Ref, Version, PreviousVersion, Action (Installed, Upgraded, Downgraded, Reinstalled, Unchanged), Source (without credentials), Commit, Path, RequiredBy, VirtualEnv.'
    Notes       = 'Error ids (non-terminating, the pack as target): PackSourceUnknown, PermissionDenied, InstallFailed, PackNotFoundInIndex, VersionNotFound, InvalidPackMetadata, IncompatibleStackStormVersion, IncompatiblePythonVersion, DependencyConflict, DependencyFailed, GitFetchFailed, AuthenticationFailed, VirtualEnvFailed, PackLocked, UnsafePackContent, InvalidPackSource, NoIndexAvailable, GitFetchTimeout, SystemPackProtected, PackRefMismatch.'
    Examples    = @(
        @{ Code = 'Install-Pack sensu, github=2.1.5'; Remarks = 'Installs sensu at the index''s version and github at 2.1.5, with their dependencies.' }
        @{ Code = 'Install-Pack https://git.example.com/ops/stackstorm-ops.git -Version main -Credential (Get-Credential)'; Remarks = 'Installs the main branch of a private repository.' }
        @{ Code = 'Find-Pack -Keyword monitoring | Install-Pack -WhatIf'; Remarks = 'Shows what installing every monitoring pack would do, without doing it.' }
        @{ Code = 'Get-Pack | Install-Pack -Force -Credential (Get-Credential)'; Remarks = 'Reinstalls every installed pack from the repository it came from, at the commit it is at. Credentials are never stored, so packs from private repositories need -Credential again (public ones ignore it); without it they fail with AuthenticationFailed and the others are reinstalled.' }
        @{ Code = 'Install-Pack ./my_pack -SkipVirtualEnv'; Remarks = 'Installs a pack from a local folder (its committed content when it is a git repository).' }
    )
}
