<#
.SYNOPSIS
    The main job: StackPack's whole flow on an embedded default (a temporary StackPack home).
.DESCRIPTION
    Makes a small pack as a real git repository with tagged versions and a local pack index
    that lists it (no network), then shows every cmdlet working on them in a fresh StackPack
    home: find, install, upgrade, list, configure, errors, remove. Leaves nothing behind unless
    -Keep is given.
#>
param(
    [Parameter(Mandatory)] [string] $ModulePath,
    [switch] $Keep
)

$ErrorActionPreference = 'Stop'
# The embedded default: a StackPack home, never this machine's /etc/st2/st2.conf.
$env:STACKPACK_SYSTEM_CONFIG = Join-Path ([IO.Path]::GetTempPath()) 'stackpack-no-system-st2.conf'
$ProgressPreference = 'SilentlyContinue'
Import-Module $ModulePath -Force

function Step([string] $Text) { Write-Host "`n### $Text" -ForegroundColor Cyan }
function Show([string] $Code) {
    Write-Host "PS> $Code" -ForegroundColor Yellow
    (Invoke-Expression $Code | Out-String -Width 120).TrimEnd() | Write-Host
}
function Invoke-DemoGit {
    # The git CLI itself (a function named git would call itself).
    & (Get-Command git -CommandType Application)[0] -c user.name=StackPack -c user.email=demo@stackpack.invalid -c init.defaultBranch=main -c advice.detachedHead=false @args 2>&1 | Out-Null
    if ($LASTEXITCODE) { throw "git $args failed" }
}

$work = Join-Path ([IO.Path]::GetTempPath()) "stackpack-demo-$([guid]::NewGuid().ToString('N').Substring(0, 8))"
$env:STACKPACK_HOME = Join-Path $work 'home'
Remove-Item env:ST2_CONFIG_PATH, env:STACKPACK_INDEX_URL -ErrorAction SilentlyContinue
try {
    Step "A fresh StackPack home: $env:STACKPACK_HOME (laid out like a StackStorm base path)"

    Step 'Make a small pack, "hello_demo", as a git repository with three tagged versions'
    $source = Join-Path $work 'src/stackstorm-hello_demo'
    New-Item -ItemType Directory -Path (Join-Path $source 'actions') -Force | Out-Null
    Invoke-DemoGit init -q $source
    foreach ($version in '0.1.0', '0.2.0', '1.0.0') {
        Set-Content (Join-Path $source 'pack.yaml') @"
---
ref: hello_demo
name: Hello Demo
description: A small pack made by the StackPack demo
keywords: [demo, example]
version: $version
author: StackPack
email: demo@stackpack.invalid
python_versions: ["3"]
"@
        Set-Content (Join-Path $source 'actions/greet.yaml') "name: greet`nrunner_type: local-shell-cmd`nparameters:`n  cmd: {default: 'echo hello $version'}"
        Set-Content (Join-Path $source 'config.schema.yaml') @'
greeting: {type: string, description: "How to greet", default: hello}
api_token: {type: string, description: "Token for the greeting service", secret: true, required: true}
retries: {type: integer, default: 3}
'@
        Invoke-DemoGit -C $source add -A
        Invoke-DemoGit -C $source commit -q -m "hello_demo $version"
        Invoke-DemoGit -C $source tag "v$version"
    }
    Write-Host "Tags: $((& git -C $source tag) -join ', ')"

    Step 'A local pack index (an embedded default: no network) listing it and two others'
    $index = Join-Path $work 'index.json'
    [ordered]@{
        metadata = @{ generated_ts = [DateTimeOffset]::UtcNow.ToUnixTimeSeconds() }
        packs    = [ordered]@{
            hello_demo = [ordered]@{ name = 'Hello Demo'; ref = 'hello_demo'; description = 'A small pack made by the StackPack demo'; author = 'StackPack'
                email = 'demo@stackpack.invalid'; keywords = @('demo', 'example'); version = '1.0.0'; versions = @('0.1.0', '1.0.0', '0.2.0')
                repo_url = "file://$source"; content = @{ actions = @{ count = 1; resources = @('greet') } } }
            notify     = [ordered]@{ name = 'notify'; description = 'Send notifications (mentions the demo)'; author = 'StackPack'; email = 'demo@stackpack.invalid'
                version = '2.0.0'; versions = @('2.0.0'); repo_url = 'https://example.invalid/stackstorm-notify' }
            monitor    = [ordered]@{ name = 'monitor'; description = 'Monitoring'; author = 'Demo Inc.'; keywords = @('monitoring', 'demo'); email = $null
                version = '0.3.0'; versions = @('0.3.0'); repo_url = 'https://example.invalid/stackstorm-monitor' }
        }
    } | ConvertTo-Json -Depth 6 | Set-Content $index
    $env:STACKPACK_INDEX_URL = $index
    Write-Host "STACKPACK_INDEX_URL = $index"

    Step 'Find-Pack searches it, best match first (like st2 pack search, ranked)'
    Show 'Find-Pack demo | Select-Object Name, Version, Match, Description'

    Step 'Find-Pack -Name shows one pack, like st2 pack show; versions sorted newest first'
    Show 'Find-Pack -Name hello_demo | Format-List Name, DisplayName, Version, Versions, Actions, RepoUrl, IndexUrl'

    Step 'Get-PackIndex reports the health of every index; a broken one is data, not an error'
    $broken = Join-Path $work 'broken-index.json'
    Set-Content $broken '[1, 2, 3]'
    Show "Get-PackIndex -IndexUrl '$index', '$broken', '$(Join-Path $work 'missing.json')' | Format-Table Priority, Status, PackCount, Message -Wrap"

    Step 'Install-Pack an older version by name=version (resolved through the index, cloned, swapped in atomically)'
    Show "Install-Pack hello_demo=0.2.0"

    Step 'Install-Pack again without a version: the index''s version, so an upgrade'
    Show 'Install-Pack hello_demo'

    Step 'And once more: already there at that commit, so Unchanged (what DSC does every 15 minutes)'
    Show 'Install-Pack hello_demo'

    Step 'A version that does not exist says which ones do'
    try { Install-Pack hello_demo=9.9.9 -ErrorAction Stop } catch { Write-Host "$($_.FullyQualifiedErrorId): $($_.Exception.Message)" }

    Step 'Two plain packs beside it, one of them a system pack'
    $packs = Join-Path $env:STACKPACK_HOME 'packs'
    foreach ($name in 'core', 'notify') {
        New-Item -ItemType Directory -Path (Join-Path $packs $name) -Force | Out-Null
        Set-Content (Join-Path $packs "$name/pack.yaml") "name: $name`ndescription: The $name pack`nversion: 2.0.0`nauthor: StackPack`nemail: demo@stackpack.invalid"
    }

    Step 'Get-Pack lists what is installed, like st2 pack list'
    Show 'Get-Pack'

    Step 'Install-Pack registered hello_demo; Register-Pack loads and validates the rest (like st2 pack register)'
    Show 'Register-Pack -PassThru'
    Show 'Get-Pack | Select-Object Ref, RegistrationState, RegisteredAt'

    Step 'A file deleted from a pack disappears from the registry on the next registration (st2 keeps it forever)'
    Remove-Item (Join-Path $packs 'hello_demo/actions/greet.yaml')
    Show "(Get-Pack hello_demo).RegistrationState"
    Show 'Register-Pack hello_demo -PassThru | Select-Object Pack, Actions, Removed'

    Step 'Typed objects: everything about one pack'
    Show 'Get-Pack hello_demo | Format-List Ref, Name, Version, Keywords, Path, IsSystem, Actions, HasConfigSchema, HasConfig, RepoUrl, Commit, Tag'

    Step 'Wildcards, pipeline input, filtering'
    Show "'hello*', 'co*' | Get-Pack | Select-Object Ref, Version, IsSystem"

    Step 'Get-PackConfig: no config yet, so the schema''s defaults, and what is missing'
    Show 'Get-PackConfig hello_demo | Format-List Pack, Exists, IsValid, Errors, Note, @{ n = ''Values''; e = { $_.Values | ConvertTo-Json -Compress } }'

    Step 'Set-PackConfig validates before writing: a wrong type is refused, the file is untouched'
    try { Set-PackConfig hello_demo -Value @{ api_token = 'demo-secret-token'; retries = 'many' } -ErrorAction Stop }
    catch { Write-Host "$($_.FullyQualifiedErrorId): $($_.Exception.Message)" }

    Step 'Set-PackConfig writes it (merged, atomic, 0600); secrets stay masked everywhere'
    Show "Set-PackConfig hello_demo -Value @{ api_token = 'demo-secret-token'; retries = 5 } -PassThru | Format-List Pack, IsValid, Path, @{ n = 'Values'; e = { `$_.Values | ConvertTo-Json -Compress } }"
    Show "Get-PackConfig hello_demo -Effective | ForEach-Object { `$_.Values | ConvertTo-Json -Compress }"

    Step 'Clear, catchable errors'
    try { Get-Pack nosuchpack -ErrorAction Stop } catch { Write-Host "$($_.FullyQualifiedErrorId): $($_.Exception.Message)" }
    try { Remove-Pack core -ErrorAction Stop } catch { Write-Host "$($_.FullyQualifiedErrorId): $($_.Exception.Message)" }

    Step 'A broken pack.yaml is reported with file, line, field and fix; the others still list'
    New-Item -ItemType Directory -Path (Join-Path $packs 'broken') -Force | Out-Null
    Set-Content (Join-Path $packs 'broken/pack.yaml') "name: broken`ndescription: oops`nauthor: me`nemail: me@example.com`nversion: 0.1"
    $errors = $null
    $listed = Get-Pack -ErrorVariable errors -ErrorAction SilentlyContinue
    Write-Host "Listed: $($listed.Ref -join ', ')"
    Write-Host "Reported: $($errors[0].FullyQualifiedErrorId): $($errors[0].Exception.Message)"

    Step 'Remove-Pack: -WhatIf first, then for real; the config stays for a later reinstall'
    Show 'Remove-Pack hello_demo -WhatIf'
    Show 'Remove-Pack hello_demo -PassThru | Select-Object Ref, Version'
    Show "Test-Path '$(Join-Path $env:STACKPACK_HOME 'configs/hello_demo.yaml')'"

    Write-Host "`nDemo finished." -ForegroundColor Green
}
finally {
    Remove-Item env:STACKPACK_HOME, env:STACKPACK_INDEX_URL -ErrorAction SilentlyContinue
    if ($Keep) { Write-Host "Kept: $work" } else { Remove-Item $work -Recurse -Force -ErrorAction SilentlyContinue }
}
