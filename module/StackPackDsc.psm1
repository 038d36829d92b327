# StackPackResource: a class-based DSC resource (PSDesiredStateConfiguration 2.x style). Get, Test
# and Set call the StackPack cmdlets of the module beside this file, so a DSC run does exactly what
# Install-Pack, Remove-Pack and Set-PackConfig do (one engine, one set of checks and errors).
# [DscResource()] and [DscProperty()] are part of PowerShell itself: PSDesiredStateConfiguration
# is needed only to run configurations, not to load or use this class.

Import-Module (Join-Path $PSScriptRoot 'StackPack.psd1') -Global:$false

enum StackPackEnsure {
    Present
    Absent
}

[DscResource()]
class StackPackResource {
    # The pack's ref: what Get-Pack and Remove-Pack name.
    [DscProperty(Key)]
    [string] $Name

    [DscProperty()]
    [StackPackEnsure] $Ensure = [StackPackEnsure]::Present

    # A tag (with or without v), a branch or a commit. Empty: any version, kept converged at the commit installed.
    [DscProperty()]
    [string] $Version

    # Where to install from: an index name, a git URL (no credentials) or a folder. Empty: Name, through the index.
    [DscProperty()]
    [string] $Source

    [DscProperty()]
    [string[]] $IndexUrl

    # The st2.conf to use (where packs, configs and virtualenvs live).
    [DscProperty()]
    [string] $ConfigFile

    # Config values to hold: only the keys given are compared and set. Secrets as PSCredential (the
    # password is the value) or SecureString.
    [DscProperty()]
    [hashtable] $Config

    [StackPackResource] Get() {
        $pack = $this.InstalledPack()
        $current = [StackPackResource]::new()
        $current.Name = $this.Name
        $current.IndexUrl = $this.IndexUrl
        $current.ConfigFile = $this.ConfigFile
        if ($null -eq $pack) {
            $current.Ensure = [StackPackEnsure]::Absent
            return $current
        }

        $current.Ensure = [StackPackEnsure]::Present
        $current.Version = $pack.Version
        $current.Source = if ($pack.RepoUrl) { $pack.RepoUrl } else { $pack.Path }
        $common = $this.Common()
        $packConfig = StackPack\Get-PackConfig -Name $this.Name @common -ErrorAction Stop
        # Secrets stay masked: Get output ends up in logs and reports.
        $current.Config = @{}
        foreach ($key in $packConfig.Values.Keys) { $current.Config[$key] = $packConfig.Values[$key] }
        return $current
    }

    [bool] Test() {
        $pack = $this.InstalledPack()
        if ($this.Ensure -eq [StackPackEnsure]::Absent) {
            return $null -eq $pack
        }

        if ($null -eq $pack) {
            Write-Verbose "StackPackResource: pack '$($this.Name)' is not installed."
            return $false
        }

        if (-not $this.IsConverged($pack)) {
            return $false
        }

        return $this.ConfigMatches()
    }

    [void] Set() {
        $common = $this.Common()
        if ($this.Ensure -eq [StackPackEnsure]::Absent) {
            if ($this.InstalledPack()) {
                StackPack\Remove-Pack -Name $this.Name @common -Confirm:$false -ErrorAction Stop
            }
            return
        }

        $install = $this.InstallArguments()
        $pack = $this.InstalledPack()
        if ($null -ne $pack -and $this.IsConverged($pack)) {
            # Nothing to install: not even a staging folder is made in the packs path.
            Write-Verbose "StackPackResource: pack '$($this.Name)' is installed and converged."
        }
        elseif ($null -ne $pack -and -not $this.Version -and -not $this.Source) {
            # No version asked: keep the pack at the commit it is at, repairing what drifted.
            $pack | StackPack\Install-Pack @common -Confirm:$false -ErrorAction Stop | Out-Null
        }
        else {
            StackPack\Install-Pack @install @common -Confirm:$false -ErrorAction Stop | Out-Null
        }

        if ($this.Config -and $this.Config.Count -gt 0 -and -not $this.ConfigMatches()) {
            StackPack\Set-PackConfig -Name $this.Name -Value $this.Config @common -Confirm:$false -ErrorAction Stop
        }
    }

    hidden [object] InstalledPack() {
        $common = $this.Common()
        return StackPack\Get-Pack @common | Where-Object Ref -eq $this.Name | Select-Object -First 1
    }

    hidden [hashtable] Common() {
        $common = @{}
        if ($this.ConfigFile) { $common.ConfigFile = $this.ConfigFile }
        return $common
    }

    hidden [hashtable] InstallArguments() {
        $arguments = @{ Name = if ($this.Source) { $this.Source } else { $this.Name } }
        if ($this.Version) { $arguments.Version = $this.Version }
        if ($this.IndexUrl) { $arguments.IndexUrl = $this.IndexUrl }
        return $arguments
    }

    # Converged means Install-Pack would leave the pack as it is: asked with -WhatIf, every step
    # it reports for this pack is Unchanged and nothing failed (the engine decides, not this class).
    hidden [bool] IsConverged([object] $pack) {
        $common = $this.Common()
        $errors = $null
        $results = if (-not $this.Version -and -not $this.Source) {
            $pack | StackPack\Install-Pack @common -NoRegister -WhatIf -ErrorVariable errors -ErrorAction SilentlyContinue 6>$null
        }
        else {
            $install = $this.InstallArguments()
            StackPack\Install-Pack @install @common -NoRegister -WhatIf -ErrorVariable errors -ErrorAction SilentlyContinue 6>$null
        }

        $mine = @($results | Where-Object Ref -eq $this.Name)
        if ($errors.Count -gt 0 -or $mine.Count -eq 0 -or @($mine | Where-Object Action -ne 'Unchanged').Count -gt 0) {
            Write-Verbose "StackPackResource: pack '$($this.Name)' is not at the wanted version or has drifted."
            return $false
        }

        return $true
    }

    hidden [bool] ConfigMatches() {
        if ($null -eq $this.Config -or $this.Config.Count -eq 0) {
            return $true # no config managed here: one that Set could not fix must not fail Test for ever
        }

        $common = $this.Common()
        $packConfig = StackPack\Get-PackConfig -Name $this.Name -ShowSecret @common -ErrorAction Stop
        if (-not $packConfig.IsValid) {
            Write-Verbose "StackPackResource: the config of '$($this.Name)' does not validate: $($packConfig.Errors -join '; ')"
            return $false
        }

        foreach ($key in @($this.Config.Keys)) {
            $wanted = [StackPackResource]::Canonical($this.Config[$key])
            $actual = [StackPackResource]::Canonical($packConfig.Values[$key])
            if ($wanted -cne $actual) {
                Write-Verbose "StackPackResource: config key '$key' of '$($this.Name)' differs."
                return $false
            }
        }

        return $true
    }

    # One text per value whatever its PowerShell shape: secrets as their text, maps with sorted keys,
    # every number as a number, so 5, 5L and 5.0 from YAML compare equal.
    hidden static [string] Canonical([object] $value) {
        return ConvertTo-Json -InputObject ([StackPackResource]::Plain($value)) -Depth 100 -Compress
    }

    hidden static [object] Plain([object] $value) {
        if ($null -eq $value) { return $null }
        if ($value -is [pscredential]) { return $value.GetNetworkCredential().Password }
        if ($value -is [securestring]) { return [System.Net.NetworkCredential]::new('', $value).Password }
        if ($value -is [System.Collections.IDictionary]) {
            $sorted = [ordered]@{}
            foreach ($key in @($value.Keys) | Sort-Object) { $sorted["$key"] = [StackPackResource]::Plain($value[$key]) }
            return $sorted
        }
        if ($value -is [string]) { return $value }
        if ($value -is [System.Collections.IEnumerable]) { return , @($value | ForEach-Object { [StackPackResource]::Plain($_) }) }
        if ($value -is [int] -or $value -is [long] -or $value -is [double] -or $value -is [decimal]) { return [double] $value }
        return $value
    }
}
