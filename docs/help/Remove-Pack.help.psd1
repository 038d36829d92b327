@{
    Synopsis    = 'Removes installed StackStorm packs.'
    Description = @'
Remove-Pack removes each pack's folder atomically (it disappears in one rename and is deleted afterwards, so no half-deleted pack is ever visible), its virtualenv unless -KeepVirtualEnv, and its registration. A pack folder or virtualenv that is a symbolic link is removed as a link; nothing behind a link is ever entered, changed or deleted. configs/<ref>.yaml is kept unless -RemoveConfig, so a later install finds its configuration again.

StackStorm's system packs (core, packs, linux, chatops) are refused with SystemPackProtected unless -Force, and so is a pack that other installed packs depend on (PackInUse, naming them). Packs given in one call (or piped in) are removed together at the end, dependants before the packs they need, so Get-Pack x* | Remove-Pack needs one call when every dependant is among them; a dependant that is not removed (declined, failed, or not named) keeps its dependencies, with PackInUse. Names follow the same rule as Get-Pack: case-insensitive; a ref first, then a display name, then a folder name; wildcards allowed, so Remove-Pack op* removes every pack whose ref, name or folder starts with op (each asked for with ShouldProcess, so -WhatIf and -Confirm work per pack). A literal name that is not installed writes PackNotFound; a wildcard that matches nothing writes nothing. A pack folder whose pack.yaml cannot be read (Get-Pack reports it as InvalidPackMetadata or PackUnreadable) is removed by its folder name, atomically like any other; its virtualenv and registration go under that name too, unless a readable pack has it as its ref, and its config stays unless -RemoveConfig. Each pack is handled on its own: one failure does not stop the others.
'@
    Parameters  = @{
        Name           = 'Refs, display names or folder names of the installed packs to remove; wildcards allowed, case-insensitive. A folder whose pack.yaml cannot be read is found by its folder name. Accepts Get-Pack output from the pipeline.'
        InputObject    = 'Installed packs (Get-Pack output) from the pipeline, each removed by its ref: never by its display name, which may be another pack''s ref or hold wildcard characters.'
        KeepVirtualEnv = 'Keep the pack''s virtualenv.'
        RemoveConfig   = 'Also delete the pack''s config file, configs/<ref>.yaml.'
        Force          = 'Remove system packs and packs that other installed packs depend on.'
        PassThru       = 'Write the removed packs (as they were) to the pipeline.'
        TimeoutSec     = 'How many seconds to wait for another StackPack process changing the same pack before failing with PackLocked. Default 300.'
        ConfigFile     = 'The st2.conf that says where packs, virtualenvs and configs live.'
    }
    Outputs     = 'StackPack.PackInfo of each removed pack, with -PassThru.'
    Notes       = 'Error ids: PackNotFound, SystemPackProtected, PackInUse, PackLocked, PermissionDenied, RemoveFailed (the message says what is left).'
    Examples    = @(
        @{ Code = 'Remove-Pack sensu'; Remarks = 'Removes the sensu pack and its virtualenv; its config stays.' }
        @{ Code = 'Get-Pack old_* | Remove-Pack -RemoveConfig -WhatIf'; Remarks = 'Shows which packs, virtualenvs and configs would be removed.' }
        @{ Code = 'Remove-Pack op* -WhatIf'; Remarks = 'Shows which packs a wildcard removes: every installed pack whose ref, display name or folder starts with op, as Get-Pack op* matches them.' }
    )
}
