@{
    Synopsis    = 'Loads and validates packs'' content into the registry, like st2 pack register, and can tell a running StackStorm.'
    Description = @'
Register-Pack reads each pack (every pack in every packs base path when no name is given; the first base path wins) the way StackStorm's registrars do: pack.yaml, config.schema.yaml, configs/<ref>.yaml validated against it, and the YAML files directly inside actions/ (not actions/config.yaml), sensors/ (with the trigger types they declare), rules/, aliases/, policies/ and triggers/. Each file is checked with the rules of StackStorm's own schemas: required fields, the fields each kind may have, the runner types StackStorm ships, a pack: field that differs from the pack, parameter specs in StackStorm's dialect, duplicate positions, and duplicate names within a type (which StackStorm would silently collapse). Entry points that do not exist, and parameter defaults whose type disagrees with the declared type, are registered as StackStorm registers them, with a warning that says exactly what will go wrong. Every problem names the file and the line.

By default one bad file fails that pack's registration, its previous registration stays as it was, and the error names each file and problem; other packs carry on. -ContinueOnError registers the good files and reports each bad one as a warning.

The registry (under the StackPack home, or <base_path>/stackpack) records per pack every action, sensor, trigger, rule, alias and policy with its file and key fields, the config schema, whether the config is valid, the pack's files and a content hash, and when it was registered. Registering again replaces the pack's whole record atomically, so content deleted from the pack disappears from the registry (StackStorm leaves it behind: st2 issues 3143 and 3313). Records are written by atomic rename under the pack's lock. Get-Pack shows each pack's RegistrationState (Registered, Stale when files changed since, or NotRegistered). Install-Pack registers what it installs; Remove-Pack unregisters.

With -StackStorm, after local validation passes, Register-Pack also calls POST /api/v1/packs/register on the StackStorm API ([api] base_url in st2.conf, or $env:ST2_API_URL) with the packs and types, authenticated with -ApiKey, $env:ST2_API_KEY or $env:ST2_AUTH_TOKEN, and reports StackStorm's counts beside its own.
'@
    Parameters  = @{
        InputObject = 'Installed packs (Get-Pack output) from the pipeline, each registered exactly: the same ref in the same folder, never matched by its display name (which may be another pack''s ref); one removed or replaced since it was listed is PackNotFound.'
        Name            = 'Refs, display names or folder names of the packs to register (wildcards allowed). A literal name is a ref first, then a display name, then a folder name (case-insensitive); wildcards match any of the three. Accepts Get-Pack and Install-Pack output from the pipeline. All installed packs when omitted.'
        Type            = 'Register only these content types (Action, Sensor, Trigger, Rule, Alias, Policy, Config); the rest of the pack''s previous registration is kept.'
        ContinueOnError = 'Register the files that are valid and report each invalid one as a warning, instead of failing the pack.'
        PassThru        = 'Write a StackPack.RegistrationResult per pack to the pipeline.'
        StackStorm      = 'Also ask the running StackStorm to register the packs (POST /api/v1/packs/register), after local validation passes.'
        ApiKey          = 'The StackStorm API key, as a SecureString. Default: $env:ST2_API_KEY, else the auth token in $env:ST2_AUTH_TOKEN.'
        ConfigFile      = 'The st2.conf that says where packs live, where the registry is kept, and ([api] base_url) where StackStorm''s API is.'
    }
    Outputs     = 'StackPack.RegistrationResult, with -PassThru: Pack, Registered, counts per content type, Removed, Warnings, Errors, Elapsed, and StackStorm (its counts, with -StackStorm).'
    Notes       = 'Error ids: RegistrationFailed (the pack''s files have errors; its previous registration stays), PackNotFound, InvalidPackMetadata, PackUnreadable, PackLocked, StackStormNotConfigured, StackStormAuthenticationFailed, StackStormRegistrationFailed, StackStormUnavailable.'
    Examples    = @(
        @{ Code = 'Register-Pack -PassThru'; Remarks = 'Registers every installed pack and shows the counts.' }
        @{ Code = 'Register-Pack github -Type Action, Rule -ContinueOnError'; Remarks = 'Re-registers only github''s actions and rules, skipping bad files with a warning.' }
        @{ Code = 'Install-Pack sensu -NoRegister | Register-Pack -StackStorm -PassThru'; Remarks = 'Installs, then registers locally and with the running StackStorm.' }
        @{ Code = "Get-Pack | Where-Object RegistrationState -eq 'Stale' | Register-Pack"; Remarks = 'Registers again every pack whose files changed since it was registered.' }
    )
}
