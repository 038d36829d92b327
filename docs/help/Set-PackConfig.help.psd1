@{
    Synopsis    = 'Writes a pack''s configuration, validated against its config.schema.yaml.'
    Description = @'
Set-PackConfig writes <base>/configs/<ref>.yaml, the file StackStorm reads a pack's configuration from. It is the counterpart of st2 pack config, and fixes its weak spots: it keeps the values already there, masks every secret, and never writes a config that does not validate.

With -Value (a hashtable, nested hashtables for nested attributes) or -Path (a YAML or JSON file), it never prompts: the values are merged into the existing config (nested objects merge by key; lists are replaced), or with -Replace only the values given are written. Missing required values fail with ConfigValueRequired, naming each dotted path; any other violation fails with ConfigInvalid, naming the path, the rule and the value (masked if secret). When validation fails the file on disk stays exactly as it was. Setting values that are already there writes nothing. Without values in a session where no one can answer (pwsh -NonInteractive, redirected input, or CI such as TF_BUILD), it only validates the current config.

In an interactive session without -Value or -Path, it prompts for each attribute in schema order, showing the description, type, default and current value (Enter keeps it). Secrets of any type are read masked; enums offer their choices; booleans accept y/n/true/false; numbers are asked again until they parse; nested objects are asked by dotted name; lists of scalars take a comma-separated line; lists of objects repeat a sub-form ("add another?"). It ends with a summary (secrets masked) and asks before saving.

The file is written atomically (a temporary file renamed over it) as YAML that StackStorm reads back identically, keeping a rewritten config's owner, group and mode; a new config gets the configs folder's owner and group, and mode 0660 when that group is st2's (st2, or STACKPACK_ST2_GROUP / [stackpack] st2_group), else 0600 because configs hold secrets. When the owner or group cannot be kept (not root), that is PermissionDenied and the config is unchanged. A Jinja expression ({{ st2kv.system.x }}) is accepted for any type. A pack without a schema accepts any values, with a warning.
'@
    Parameters  = @{
        InputObject = 'An installed pack (Get-Pack output) from the pipeline, configured exactly: the same ref in the same folder, never matched by its display name (which may be another pack''s ref); one removed or replaced since it was listed is PackNotFound.'
        Name       = 'The ref (or display name, or folder name) of the installed pack to configure, case-insensitive: a ref first, then a display name, then a folder name, so a folder whose pack.yaml names another ref never stands in for the pack that has this ref. No wildcards. Accepts Get-Pack output from the pipeline.'
        Value      = 'The values to set, as a hashtable or a PSCustomObject (ConvertFrom-Json output); nested ones set nested attributes, arrays set lists, and a dotted key (''repository_sensor.count'' = 7) sets a nested attribute unless the schema has a key with that dotted name. A SecureString value is written as its text. Anything else is InvalidConfigInput.'
        Path       = 'A YAML or JSON file of values to set (JSON when the file name ends in .json). Applied before -Value when both are given.'
        Replace    = 'Write only the values given instead of merging them into the current config.'
        PassThru   = 'Write the resulting StackPack.PackConfig (secrets masked) to the pipeline.'
        ConfigFile = 'The st2.conf whose base path holds configs/ and whose packs base paths hold the packs.'
    }
    Outputs     = 'StackPack.PackConfig, with -PassThru.'
    Notes       = 'Error ids: PackNotFound, PackNameAmbiguous (several packs have that display or folder name: give the ref), InvalidPackMetadata and PackUnreadable (the pack folder named has a pack.yaml that cannot be read), ConfigValueRequired, ConfigInvalid, InvalidConfigSchema, ConfigUnreadable (the current file is not valid YAML: fix it or use -Replace), ConfigInputNotFound and InvalidConfigInput (-Path), ConfigLinkRefused (the config is a symbolic link whose target is not a regular file in the configs folder; a link to one is written through, the link kept), ConfigWriteFailed (the config cannot be written: a read-only configs folder, a full disk; the old config stays), PermissionDenied (a rewritten config keeps its owner, group and mode: not possible without root; the config is unchanged).'
    Examples    = @(
        @{ Code = "Set-PackConfig github -Value @{ token = '{{ st2kv.system.github_token }}'; repository_sensor = @{ count = 50 } }"; Remarks = 'Sets the token to a datastore reference and one nested value, keeping everything else.' }
        @{ Code = 'Set-PackConfig jira -Path ./jira.yaml -Replace -WhatIf'; Remarks = 'Shows what would be written from a file, replacing the whole config, without writing it.' }
        @{ Code = 'Set-PackConfig slack'; Remarks = 'In an interactive session: asks for every attribute, showing current values and reading secrets masked.' }
    )
}
