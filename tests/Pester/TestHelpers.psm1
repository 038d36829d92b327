# Shared helpers for the Pester tests: real packs, real git repositories, fresh processes.

function New-TestPack {
    <# Writes a pack folder with a pack.yaml (and optional content files); returns its path. #>
    param(
        [Parameter(Mandatory)] [string] $BasePath,
        [Parameter(Mandatory)] [string] $Name,
        [string] $Version = '0.1.0',
        [string] $Ref,
        [string] $Description,
        [string] $Extra = '',
        [string[]] $Files = @(),
        [string] $Manifest
    )
    $path = Join-Path $BasePath $Name
    New-Item -ItemType Directory -Path $path -Force | Out-Null
    if (-not $Manifest) {
        $Manifest = @(
            if ($Ref) { "ref: $Ref" }
            "name: $Name"
            "description: $(if ($Description) { $Description } else { "The $Name pack" })"
            "version: $Version"
            'author: Test Author'
            'email: test@example.com'
            $Extra
        ) -join "`n"
    }
    Set-Content -Path (Join-Path $path 'pack.yaml') -Value $Manifest
    foreach ($file in $Files) {
        $full = Join-Path $path $file
        New-Item -ItemType Directory -Path (Split-Path $full) -Force | Out-Null
        Set-Content -Path $full -Value (New-ContentText $file)
    }
    $path
}

function New-ContentText {
    <# Valid StackStorm metadata for a content file, by its folder (so packs register). #>
    param([Parameter(Mandatory)] [string] $File)
    $name = [IO.Path]::GetFileNameWithoutExtension($File)
    if ($File -notmatch '\.ya?ml$') { return "# $name" }
    switch -Regex ($File) {
        '^actions/' { "name: $name`nrunner_type: local-shell-cmd`ndescription: The $name action`nparameters:`n  cmd: {type: string, default: 'echo $name'}" }
        '^sensors/' { "class_name: $name`nentry_point: $name.py`ntrigger_types:`n  - name: ${name}_event" }
        '^rules/' { "name: $name`ntrigger: {type: core.st2.webhook}`naction: {ref: core.local}" }
        '^aliases/' { "name: $name`naction_ref: core.local`nformats: ['run $name']" }
        '^policies/' { "name: $name`nresource_ref: core.local`npolicy_type: action.concurrency`nparameters: {threshold: 1}" }
        default { "name: $name" }
    }
}

function Invoke-Git {
    <# Runs the git CLI in a folder with a fixed identity: Invoke-Git <path> <git arguments...>. Throws when git fails. #>
    # Raw $args on purpose: a param block would swallow git switches such as -A by prefix.
    $path = $args[0]
    $gitArguments = @($args | Select-Object -Skip 1)
    $output = & git -C $path -c user.name=StackPack -c user.email=tests@stackpack.invalid -c init.defaultBranch=main -c advice.detachedHead=false @gitArguments 2>&1
    if ($LASTEXITCODE -ne 0) { throw "git $gitArguments failed: $output" }
    $output
}

function New-TestGitPack {
    <# Makes a pack as a real git repository, one commit and tag per version. Returns its path. #>
    param(
        [Parameter(Mandatory)] [string] $Path,
        [Parameter(Mandatory)] [string] $Name,
        [string[]] $Versions = @('0.1.0'),
        [string] $TagPrefix = 'v',
        [string] $Extra = '',
        [string[]] $Files = @('actions/hello.yaml')
    )
    New-Item -ItemType Directory -Path $Path -Force | Out-Null
    Invoke-Git $Path init -q | Out-Null
    foreach ($version in $Versions) {
        New-TestPack -BasePath (Split-Path $Path) -Name (Split-Path $Path -Leaf) -Version $version -Ref $Name -Files $Files -Extra $Extra | Out-Null
        Set-Content (Join-Path $Path 'CHANGES.txt') "release $version"
        Invoke-Git $Path add -A | Out-Null
        Invoke-Git $Path commit -q -m "Release $version" | Out-Null
        Invoke-Git $Path tag "$TagPrefix$version" | Out-Null
    }
    $Path
}

function Get-TreeSnapshot {
    <# Every file and folder under a path with size and time: equal snapshots mean nothing changed. #>
    param([Parameter(Mandatory)] [string] $Path)
    if (-not (Test-Path $Path)) { return @() }
    Get-ChildItem $Path -Recurse -Force | Sort-Object FullName | ForEach-Object {
        if ($_.PSIsContainer) { "D $($_.FullName)" } else { "F $($_.FullName) $($_.Length) $($_.LastWriteTimeUtc.Ticks)" }
    }
}

function Get-FreshPwsh {
    <# The command line of a fresh pwsh like this one (the local dotnet tool runs as `dotnet pwsh.dll`). #>
    $dll = Join-Path $PSHOME 'pwsh.dll'
    if (Test-Path $dll) { return @('dotnet', $dll) }
    @((Get-Process -Id $PID).Path)
}

function Invoke-FreshPwsh {
    <# Runs a script in a new pwsh -NoProfile process; returns stdout+stderr lines and sets $LASTEXITCODE. #>
    param(
        [Parameter(Mandatory)] [string] $Script,
        [string] $WorkingDirectory = [IO.Path]::GetTempPath(),
        [hashtable] $Environment = @{}
    )
    $pwsh = Get-FreshPwsh
    $saved = @{}
    foreach ($key in $Environment.Keys) {
        $saved[$key] = [Environment]::GetEnvironmentVariable($key)
        [Environment]::SetEnvironmentVariable($key, $Environment[$key])
    }
    Push-Location $WorkingDirectory
    try {
        $encoded = [Convert]::ToBase64String([Text.Encoding]::Unicode.GetBytes($Script))
        & $pwsh[0] @($pwsh | Select-Object -Skip 1) -NoProfile -NonInteractive -EncodedCommand $encoded 2>&1 | ForEach-Object { "$_" }
    }
    finally {
        Pop-Location
        foreach ($key in $saved.Keys) { [Environment]::SetEnvironmentVariable($key, $saved[$key]) }
    }
}

function Invoke-Guarded {
    <#
    Runs a script against the module in a child pwsh with a time limit, so that a hang or a crash
    (a stack overflow kills the whole process) shows as a failed test instead of stopping the
    runner. The child has this session's STACKPACK_HOME, no CI variables (TF_BUILD,
    GITHUB_ACTIONS…) unless -Environment sets them, and runs in -WorkingDirectory. -Raw runs the
    script as `pwsh -c <script>`, as a user types it, without importing the module first.
    Returns the exit code, whether it timed out, stdout as lines (for byte-for-byte checks of
    what a CI system reads) and all the output as text.
    #>
    param(
        [Parameter(Mandatory)] [string] $Script,
        [int] $TimeoutSec = 120,
        [string] $WorkingDirectory = (Get-Location).ProviderPath,
        [hashtable] $Environment = @{},
        [switch] $Raw
    )
    $pwsh = Get-FreshPwsh
    $start = [Diagnostics.ProcessStartInfo]::new($pwsh[0])
    $arguments = @($pwsh | Select-Object -Skip 1) + @('-NoProfile', '-NonInteractive')
    $arguments += if ($Raw) { @('-c', $Script) } else {
        $full = "`$ErrorActionPreference = 'Continue'; `$ProgressPreference = 'SilentlyContinue'; Import-Module '$env:STACKPACK_TEST_MODULE'`n$Script"
        @('-EncodedCommand', [Convert]::ToBase64String([Text.Encoding]::Unicode.GetBytes($full)))
    }
    foreach ($argument in $arguments) { $start.ArgumentList.Add($argument) }
    $start.WorkingDirectory = $WorkingDirectory
    $start.RedirectStandardOutput = $true
    $start.RedirectStandardError = $true
    foreach ($name in 'TF_BUILD', 'GITHUB_ACTIONS', 'BUILD_SOURCESDIRECTORY', 'GITHUB_WORKSPACE') { $start.Environment.Remove($name) | Out-Null }
    $start.Environment['STACKPACK_HOME'] = $env:STACKPACK_HOME
    $start.Environment['NO_COLOR'] = '1'
    foreach ($key in $Environment.Keys) { $start.Environment[$key] = $Environment[$key] }
    $process = [Diagnostics.Process]::Start($start)
    $stdout = $process.StandardOutput.ReadToEndAsync()
    $stderr = $process.StandardError.ReadToEndAsync()
    $timedOut = -not $process.WaitForExit($TimeoutSec * 1000)
    if ($timedOut) { $process.Kill($true); $process.WaitForExit() }
    [pscustomobject]@{
        ExitCode = $process.ExitCode
        TimedOut = $timedOut
        Lines    = $stdout.Result -split "`r?`n"
        Output   = "$($stdout.Result)`n$($stderr.Result)"
    }
}

function Get-VictimListing {
    <# Kind, mode and SHA-256 of every entry under a folder, links not followed: equal listings mean nothing there was written, chmodded or deleted. #>
    param([Parameter(Mandatory)] [string] $Path)
    $modes = & find -P $Path -printf '%P %y %#m\n' | Sort-Object
    $sums = & find -P $Path -type f -exec sha256sum '{}' + | Sort-Object
    @($modes) + @($sums)
}

function Start-LoopbackServer {
    <# A real HTTP server on 127.0.0.1 (tests/Shared/LoopbackHttpServer.cs). Dispose() it when done. #>
    if (-not ('StackPack.Testing.LoopbackHttpServer' -as [type])) {
        Add-Type -Path (Join-Path $PSScriptRoot '../Shared/LoopbackHttpServer.cs')
    }
    [StackPack.Testing.LoopbackHttpServer]::new()
}

function Invoke-WithScriptedHost {
    <#
    Runs a script in a new runspace whose host answers prompts from -Answers (tests/Shared/ScriptedHost.cs).
    Returns @{ Output = objects; Errors = error records; Host = the scripted UI (Output text, SecretPrompts) }.
    #>
    param([Parameter(Mandatory)] [string] $Script, [string[]] $Answers = @(), [hashtable] $Parameters = @{})
    if (-not ('StackPack.Testing.ScriptedHost' -as [type])) {
        Add-Type -Path (Join-Path $PSScriptRoot '../Shared/ScriptedHost.cs')
    }
    $scripted = [StackPack.Testing.ScriptedHost]::new($Answers)
    $runspace = [runspacefactory]::CreateRunspace($scripted)
    $runspace.Open()
    try {
        $ps = [powershell]::Create()
        $ps.Runspace = $runspace
        [void]$ps.AddScript("Import-Module '$env:STACKPACK_TEST_MODULE'").AddStatement()
        [void]$ps.AddScript($Script)
        foreach ($key in $Parameters.Keys) { [void]$ps.AddParameter($key, $Parameters[$key]) }
        $output = $ps.Invoke()
        [pscustomobject]@{ Output = $output; Errors = @($ps.Streams.Error); Host = $scripted.Script }
    }
    finally {
        $runspace.Dispose()
    }
}

function New-TestIndex {
    <# Builds an index document (Exchange format) from hashtables: @{ name = @{ version = ...; ... } }. #>
    param([Parameter(Mandatory)] [hashtable] $Packs)
    $entries = [ordered]@{}
    foreach ($name in $Packs.Keys | Sort-Object) {
        $entry = [ordered]@{ name = $name; description = "The $name pack"; author = 'Test Author'; email = 'test@example.com'; version = '1.0.0'; versions = @('1.0.0'); repo_url = "https://example.invalid/stackstorm-$name" }
        foreach ($key in $Packs[$name].Keys) { $entry[$key] = $Packs[$name][$key] }
        $entries[$name] = $entry
    }
    [ordered]@{ metadata = @{ generated_ts = 0 }; packs = $entries } | ConvertTo-Json -Depth 10
}

function Get-FixturesPath {
    <# ../shared/fixtures beside the repository, or $null when it is not there. #>
    if ($env:STACKPACK_TEST_FIXTURES) { $env:STACKPACK_TEST_FIXTURES } else { $null }
}

Export-ModuleMember -Function Invoke-Guarded, New-ContentText, New-TestPack, Invoke-Git, New-TestGitPack, Get-FreshPwsh, Invoke-FreshPwsh, Get-FixturesPath, Start-LoopbackServer, New-TestIndex, Invoke-WithScriptedHost, Get-TreeSnapshot, Get-VictimListing
