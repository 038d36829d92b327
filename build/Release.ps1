# Release helpers for build.ps1 (dot-sourced): the one version source, the stamped manifest and
# the PowerShell Gallery package. Kept apart from build.ps1 so each file has one concern.

# The runtimes the package carries libgit2 for: what PowerShell 7.4+ runs on in practice and what
# the manifest's tags claim. Others (musl, arm32, ppc64le, win-x86, win-arm64) are left out.
$script:PackagedRuntimes = @('linux-x64', 'linux-arm64', 'osx-x64', 'osx-arm64', 'win-x64')

function Get-ReleaseInfo {
    <# Version, prerelease label, links and release notes, from Directory.Build.props and CHANGELOG.md. #>
    param([Parameter(Mandatory)] [string] $PropsPath, [Parameter(Mandatory)] [string] $ChangelogPath)
    [xml] $props = Get-Content $PropsPath -Raw
    $group = $props.Project.PropertyGroup
    $prefix = "$($group.VersionPrefix)".Trim()
    $suffix = "$($group.VersionSuffix)".Trim()
    if ($prefix -notmatch '^\d+\.\d+\.\d+$') { throw "$PropsPath : VersionPrefix '$prefix' must be major.minor.patch." }
    if ($suffix -and $suffix -notmatch '^[A-Za-z][A-Za-z0-9]*$') {
        throw "$PropsPath : VersionSuffix '$suffix' must be letters and digits only (the PowerShell Gallery's prerelease label), e.g. preview1."
    }
    $full = if ($suffix) { "$prefix-$suffix" } else { $prefix }

    # The section under "## <version>" up to the next "## " heading.
    $lines = Get-Content $ChangelogPath
    $start = [array]::FindIndex([string[]]$lines, [Predicate[string]] { param($l) $l -match "^##\s+\[?$([regex]::Escape($full))\]?(\s|$)" })
    if ($start -lt 0) { throw "$ChangelogPath has no '## $full' section: write the release notes of $full there." }
    $notes = @($lines | Select-Object -Skip ($start + 1) | ForEach-Object -Begin { $done = $false } -Process {
            if ($_ -match '^##\s') { $done = $true }
            if (-not $done) { $_ }
        }) -join "`n"
    $notes = $notes.Trim()
    if (-not $notes) { throw "$ChangelogPath : the '## $full' section is empty." }

    [pscustomobject]@{
        Version      = $prefix
        Prerelease   = $suffix
        FullVersion  = $full
        ProjectUri   = "$($group.PackageProjectUrl)".Trim()
        LicenseUri   = "$($group.PackageLicenseUrl)".Trim()
        ReleaseNotes = $notes
    }
}

function Write-ModuleManifest {
    <# Copies the manifest template, filling in the placeholders the build owns (fails if one is missing). #>
    param([Parameter(Mandatory)] [string] $Template, [Parameter(Mandatory)] [string] $Destination, [Parameter(Mandatory)] $Release)
    $text = Get-Content $Template -Raw
    $quote = { param([string] $value) "'" + $value.Replace("'", "''") + "'" }
    $fields = [ordered]@{
        ModuleVersion = $Release.Version
        ProjectUri    = $Release.ProjectUri
        LicenseUri    = $Release.LicenseUri
        Prerelease    = $Release.Prerelease
        ReleaseNotes  = $Release.ReleaseNotes
    }
    foreach ($name in $fields.Keys) {
        $pattern = "(?m)^(\s*$name\s*=\s*)'[^']*'"
        if ($text -notmatch $pattern) { throw "$Template has no $name = '...' line for the build to fill in." }
        $value = & $quote $fields[$name]
        $text = [regex]::Replace($text, $pattern, { param($m) $m.Groups[1].Value + $value }, 'None')
    }
    if (-not $Release.Prerelease) {
        # An empty Prerelease would make PSResourceGet publish "0.1.0-".
        $text = $text -replace "(?m)^\s*Prerelease\s*=\s*''\s*\r?\n", ''
    }
    Set-Content -Path $Destination -Value $text -NoNewline
}

function Copy-PackageLayout {
    <#
    Copies the built module without what it never loads (pdbs, the engine's runtimeconfig) and
    with libgit2 only for $PackagedRuntimes; the deps.json is trimmed to match, so the resolver
    never points at a file the package does not have.
    #>
    param([Parameter(Mandatory)] [string] $ModuleFolder, [Parameter(Mandatory)] [string] $Destination)
    if (Test-Path $Destination) { Remove-Item $Destination -Recurse -Force }
    New-Item -ItemType Directory -Path $Destination -Force | Out-Null
    Copy-Item (Join-Path $ModuleFolder '*') $Destination -Recurse
    Get-ChildItem $Destination -Recurse -File -Include '*.pdb', '*.runtimeconfig.json' | Remove-Item -Force

    $runtimes = Join-Path $Destination 'deps/runtimes'
    foreach ($rid in @(Get-ChildItem $runtimes -Directory)) {
        if ($rid.Name -notin $PackagedRuntimes) { Remove-Item $rid.FullName -Recurse -Force }
    }
    foreach ($rid in $PackagedRuntimes) {
        if (-not (Get-ChildItem (Join-Path $runtimes "$rid/native") -File -ErrorAction SilentlyContinue)) {
            throw "libgit2 for $rid is missing from the build (expected under deps/runtimes/$rid/native)."
        }
    }

    $depsPath = Join-Path $Destination 'deps/StackPack.Engine.deps.json'
    $deps = Get-Content $depsPath -Raw | ConvertFrom-Json -AsHashtable
    foreach ($target in $deps.targets.Values) {
        foreach ($library in $target.Values) {
            if (-not $library.ContainsKey('runtimeTargets')) { continue }
            foreach ($asset in @($library.runtimeTargets.Keys)) {
                if ($library.runtimeTargets[$asset].rid -notin $PackagedRuntimes) { $library.runtimeTargets.Remove($asset) }
            }
        }
    }
    $deps | ConvertTo-Json -Depth 32 | Set-Content $depsPath
}

function Publish-ModulePackage {
    <#
    Lays out the package and publishes it with Publish-PSResource to a local file repository in
    $PackageFolder. Runs in a fresh pwsh whose PSResourceGet settings live in a temporary folder
    (XDG_DATA_HOME on Linux and macOS), so the user's own repository list is never touched; on
    Windows the temporary repository is unregistered again. Returns the .nupkg path.
    #>
    param(
        [Parameter(Mandatory)] [string] $ModuleFolder,
        [Parameter(Mandatory)] [string] $PackageFolder,
        # Where the layout and the temporary PSResourceGet settings go (not shipped).
        [Parameter(Mandatory)] [string] $WorkFolder,
        [Parameter(Mandatory)] $Release,
        [Parameter(Mandatory)] [string[]] $Pwsh
    )
    $stage = Join-Path $WorkFolder 'StackPack'
    Copy-PackageLayout -ModuleFolder $ModuleFolder -Destination $stage
    $nupkg = Join-Path $PackageFolder "StackPack.$($Release.FullVersion).nupkg"
    New-Item -ItemType Directory -Path $PackageFolder -Force | Out-Null
    Remove-Item (Join-Path $PackageFolder 'StackPack.*.nupkg') -ErrorAction SilentlyContinue

    # It must exist: .NET ignores an XDG_DATA_HOME that does not, and PSResourceGet then writes
    # its settings under the current folder.
    $settings = Join-Path $WorkFolder 'psresourceget-settings'
    New-Item -ItemType Directory -Path $settings -Force | Out-Null
    $script = @'
param($Stage, $Repository)
$ErrorActionPreference = 'Stop'
$name = 'StackPackBuild' + [guid]::NewGuid().ToString('N')
Register-PSResourceRepository -Name $name -Uri $Repository -Trusted
# The manifest itself: the folder also holds StackPackDsc.psd1 (the DSC resource's manifest).
try { Publish-PSResource -Path (Join-Path $Stage 'StackPack.psd1') -Repository $name }
finally { Unregister-PSResourceRepository -Name $name }
'@
    $scriptPath = Join-Path $settings 'publish.ps1'
    Set-Content $scriptPath $script
    $saved = $env:XDG_DATA_HOME
    try {
        $env:XDG_DATA_HOME = $settings
        & $Pwsh[0] @($Pwsh | Select-Object -Skip 1) -NoProfile -NonInteractive -File $scriptPath -Stage $stage -Repository $PackageFolder
        if ($LASTEXITCODE -ne 0) { throw "Publish-PSResource failed (exit code $LASTEXITCODE)." }
    }
    finally {
        $env:XDG_DATA_HOME = $saved
    }
    if (-not (Test-Path $nupkg)) { throw "Publish-PSResource did not write $nupkg." }
    $nupkg
}
