@{
    Synopsis    = 'Shows packs'' configurations, validated against their schemas, with secrets masked.'
    Description = @'
Get-PackConfig reads <base>/configs/<ref>.yaml for each pack and writes a StackPack.PackConfig: Pack, Path, Exists, HasSchema, Values, IsValid, Errors and Note. The values are validated the way StackStorm validates them (defaults fill missing or null values first, extra top-level keys are allowed, required is enforced at every depth) except that a Jinja expression such as {{ st2kv.system.x }} is accepted for any type, because StackStorm renders it at run time.

Secret attributes (secret: true in config.schema.yaml, at any depth, including inside lists of objects) show as ******** unless -ShowSecret is given. -Effective applies the schema's defaults as StackStorm does at run time (an absent key takes its default; a key present as null stays null). A pack with no config file returns its defaults, with Exists set to false and a Note that says so.

Without -Name, every installed pack that has a config file or a config schema is shown.
'@
    Parameters  = @{
        InputObject = 'Installed packs (Get-Pack output) from the pipeline, each shown exactly: the same ref in the same folder, never matched by its display name (which may be another pack''s ref); one removed or replaced since it was listed is PackNotFound.'
        Name       = 'Refs, display names or folder names of the packs (wildcards allowed). A literal name is a ref first, then a display name, then a folder name (case-insensitive); wildcards match any of the three. Accepts Get-Pack output from the pipeline. A literal name that is not installed writes a PackNotFound error.'
        ShowSecret = 'Show the values of secret attributes instead of ********.'
        Effective  = 'Show the values with the schema''s defaults applied, as StackStorm applies them at run time.'
        ConfigFile = 'The st2.conf whose base path holds configs/ and whose packs base paths hold the packs.'
    }
    Outputs     = 'StackPack.PackConfig'
    Notes       = 'Error ids: PackNotFound, InvalidPackMetadata and PackUnreadable (a pack named whose folder''s pack.yaml cannot be read), InvalidConfigSchema (the pack''s config.schema.yaml is not valid, has a $ref that is not a local #/... pointer, or a reference cycle; nothing is fetched), ConfigUnreadable (the config file is not valid YAML, is not a regular file, is over 8 MiB, nests over 1,000 levels or expands its aliases too far).'
    Examples    = @(
        @{ Code = 'Get-PackConfig'; Remarks = 'Lists every configurable pack with whether its config is valid.' }
        @{ Code = 'Get-PackConfig github | Select-Object -ExpandProperty Values'; Remarks = 'Shows the github pack''s values, secrets masked.' }
        @{ Code = 'Get-Pack | Get-PackConfig | Where-Object { -not $_.IsValid } | Select-Object Pack, Errors'; Remarks = 'Finds every pack whose config would fail StackStorm''s validation, and why.' }
    )
}
