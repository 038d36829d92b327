@{
    Synopsis    = 'Writes installed packs as a pack set file that Install-Pack -PackSet applies.'
    Description = @'
Export-PackSet describes the installed packs (every pack but the StackStorm system packs, or only those named or piped in) in one YAML file: per pack its ref, its source (the index name it was installed by, or the git URL or folder, never with credentials), the index it was found in, the version asked for, and the exact commit installed. Packs are written dependencies first. Install-Pack -PackSet applies the file on another node (or the same one later) and gets byte-identical packs, because each pack is installed at its commit.

How a pack was asked for is recorded when StackPack installs it (<state>/installs/<ref>.json); a pack installed otherwise is described by its git origin and tag. The file is written atomically. The format is described under 'Pack sets' in the README.
'@
    Parameters  = @{
        InputObject = 'Installed packs (Get-Pack output) from the pipeline, each described exactly: the same ref in the same folder, never matched by its display name (which may be another pack''s ref); one removed or replaced since it was listed is PackNotFound.'
        Path       = 'The file to write. Replaced when it exists, unless -NoClobber.'
        Name       = 'Refs, display names or folder names (wildcards allowed) of the installed packs to describe. A literal name is a ref first, then a display name, then a folder name (case-insensitive); wildcards match any of the three. Accepts Get-Pack output from the pipeline. Default: every installed pack but the system packs.'
        NoClobber  = 'Fail with PackSetExists instead of replacing an existing file.'
        PassThru   = 'Write the file (a FileInfo) to the pipeline.'
        ConfigFile = 'The st2.conf that says where packs live.'
    }
    Outputs     = 'System.IO.FileInfo of the file written, with -PassThru.'
    Notes       = 'Error ids: PackNotFound (non-terminating), InvalidPackMetadata and PackUnreadable (a pack named whose folder''s pack.yaml cannot be read), PackSetExists, PackSetWriteFailed, PermissionDenied.'
    Examples    = @(
        @{ Code = 'Export-PackSet -Path ./packs.yaml'; Remarks = 'Describes every installed pack (but the system packs) at the commit it is at.' }
        @{ Code = 'Get-Pack git*, slack | Export-PackSet ./chat-and-git.yaml'; Remarks = 'Describes only some packs.' }
    )
}
