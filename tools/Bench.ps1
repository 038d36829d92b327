<#
.SYNOPSIS
    StackPack's benchmarks. Writes out/bench/results.json: one entry per benchmark with its
    figure, unit, and (where there is a peer) the peer's figure and the ratio, measured in
    the same run. Every timing is the median of several runs.
#>
param(
    [Parameter(Mandatory)] [string] $ModulePath,
    [Parameter(Mandatory)] [string] $ResultsPath,
    # Run only these benchmarks (Import, FindPack50k, TestPack), e.g. while working on one of
    # them; build.ps1 passes them as one comma-separated argument.
    [string[]] $Only
)

$ErrorActionPreference = 'Stop'
$Only = @($Only | ForEach-Object { $_ -split ',' } | Where-Object { $_ })
foreach ($name in $Only) { if ($name -notin 'Import', 'FindPack50k', 'Corpus', 'TestPack') { throw "Unknown benchmark '$name' (Import, FindPack50k, Corpus or TestPack)." } }
# The embedded default: a StackPack home, never this machine's /etc/st2/st2.conf.
$env:STACKPACK_SYSTEM_CONFIG = Join-Path ([IO.Path]::GetTempPath()) 'stackpack-no-system-st2.conf'
$ProgressPreference = 'SilentlyContinue'
$results = [System.Collections.Generic.List[object]]::new()
$work = Join-Path ([IO.Path]::GetTempPath()) "stackpack-bench-$([guid]::NewGuid().ToString('N').Substring(0, 8))"
New-Item -ItemType Directory -Path $work -Force | Out-Null
# A fresh pwsh like this one: the local dotnet tool runs as `dotnet <PSHOME>/pwsh.dll`.
$PwshCommand = if (Test-Path (Join-Path $PSHOME 'pwsh.dll')) { @('dotnet', (Join-Path $PSHOME 'pwsh.dll')) } else { @((Get-Process -Id $PID).Path) }

function Get-Median([double[]] $values) {
    $sorted = $values | Sort-Object
    $middle = [int][Math]::Floor($sorted.Count / 2)
    if ($sorted.Count % 2) { $sorted[$middle] } else { ($sorted[$middle - 1] + $sorted[$middle]) / 2 }
}

function Get-Series([object[]] $Lines, [string] $Label, [int] $Skip = 0) {
    # A benchmark process prints "LABEL=1.2,3.4,..."; this reads one such series back.
    [double[]](($Lines | Where-Object { $_ -like "$Label=*" }) -replace "^$Label=" -split ',' | Select-Object -Skip $Skip)
}

function Invoke-Fresh([string] $Script) {
    $encoded = [Convert]::ToBase64String([Text.Encoding]::Unicode.GetBytes($Script))
    $output = & $PwshCommand[0] @($PwshCommand | Select-Object -Skip 1) -NoProfile -NonInteractive -EncodedCommand $encoded 2>&1
    if ($LASTEXITCODE) { throw "Benchmark process failed: $output" }
    $output
}

function Add-Result {
    param([string] $Name, [string] $Description, [double] $Value, [string] $Unit,
        [string] $Peer, [Nullable[double]] $PeerValue, [string] $Goal, [Nullable[bool]] $MeetsGoal)
    $ratio = if ($PeerValue) { [Math]::Round($Value / $PeerValue, 3) } else { $null }
    $entry = [ordered]@{
        name = $Name; description = $Description; value = [Math]::Round($Value, 2); unit = $Unit
        peer = $Peer; peerValue = if ($null -ne $PeerValue) { [Math]::Round($PeerValue, 2) } else { $null }; ratio = $ratio
        goal = $Goal; meetsGoal = $MeetsGoal
    }
    $results.Add([pscustomobject]$entry)
    $peerText = if ($Peer) { "  vs $Peer $([Math]::Round($PeerValue, 1)) $Unit (ratio $ratio)" } else { '' }
    Write-Host ("{0,-28} {1,9:N1} {2}{3}" -f $Name, $Value, $Unit, $peerText)
}

function New-BigPack([string] $bigPack) {
    # A synthetic pack of 4,000 actions with parameters like real ones (and their entry points).
    New-Item -ItemType Directory -Path (Join-Path $bigPack 'actions') -Force | Out-Null
    Set-Content (Join-Path $bigPack 'pack.yaml') "ref: big`nname: big`ndescription: 4,000 actions`nversion: 1.0.0`nauthor: Bench`nemail: b@example.com"
    foreach ($i in 1..4000) {
        Set-Content (Join-Path $bigPack "actions/action_$i.yaml") @"
---
name: action_$i
runner_type: python-script
description: Describe the resources of service $i
enabled: true
entry_point: action_$i.py
parameters:
  region:
    type: string
    description: The region to query
    default: us-east-1
  instance_ids:
    type: array
    items: {type: string}
    description: The instances
  max_results:
    type: integer
    default: 100
    minimum: 1
  dry_run:
    type: boolean
    default: false
  credentials:
    type: string
    secret: true
    required: false
"@
        Set-Content (Join-Path $bigPack "actions/action_$i.py") '# code'
    }
}

function Save-Results {
    $report = [ordered]@{
        generated  = (Get-Date).ToUniversalTime().ToString('o')
        machine    = [ordered]@{ os = [Runtime.InteropServices.RuntimeInformation]::OSDescription; cores = [Environment]::ProcessorCount; pwsh = $PSVersionTable.PSVersion.ToString() }
        benchmarks = $results
    }
    New-Item -ItemType Directory -Path (Split-Path $ResultsPath) -Force | Out-Null
    $report | ConvertTo-Json -Depth 5 | Set-Content $ResultsPath
    Write-Host "Results: $ResultsPath"
}

$repoRoot = Split-Path $PSScriptRoot
$serverSource = Join-Path $repoRoot 'tests/Shared/LoopbackHttpServer.cs'
# The plain PowerShell way to search an index, the peer of the Find-Pack rows.
$plainSearch = @'
function Search-Plain([string] $Path, [string] $Query) {
    $index = Get-Content $Path -Raw | ConvertFrom-Json
    $index.packs.PSObject.Properties.Value | Where-Object { $_.name -like "*$Query*" -or $_.description -like "*$Query*" -or $_.author -like "*$Query*" -or ($_.keywords -like "*$Query*") }
}
'@

try {
    if ($Only) {
        # Just these rows, e.g. while working on one of them: Bench.<name>.ps1 each.
        foreach ($name in $Only) { . (Join-Path $PSScriptRoot "Bench.$name.ps1") }
        Save-Results
        return
    }

    # 1. Import cost (Bench.Import.ps1).
    . (Join-Path $PSScriptRoot 'Bench.Import.ps1')

    # 2. Get-Pack over 500 installed packs (100 of them git checkouts, as installs leave them).
    $home500 = Join-Path $work 'home500'
    $packs = Join-Path $home500 'packs'
    New-Item -ItemType Directory -Path $packs -Force | Out-Null
    foreach ($i in 1..500) {
        $name = 'pack_{0:D3}' -f $i
        $path = Join-Path $packs $name
        New-Item -ItemType Directory -Path (Join-Path $path 'actions'), (Join-Path $path 'rules') -Force | Out-Null
        Set-Content (Join-Path $path 'pack.yaml') "---`nref: $name`nname: $name`ndescription: Benchmark pack $i`nkeywords: [bench, k$i]`nversion: 1.$i.0`nauthor: Bench`nemail: bench@example.com`npython_versions: [`"3`"]"
        foreach ($a in 1..5) { Set-Content (Join-Path $path "actions/action_$a.yaml") "name: action_$a`nrunner_type: python-script`nentry_point: a.py" }
        Set-Content (Join-Path $path 'rules/rule.yaml') 'name: rule'
        if ($i % 5 -eq 0) {
            & git -C $path -c init.defaultBranch=main init -q
            & git -C $path add -A
            & git -C $path -c user.name=Bench -c user.email=b@example.com commit -q -m init
            & git -C $path tag "v1.$i.0"
            & git -C $path remote add origin "https://example.com/stackstorm-$name.git"
        }
    }
    $getPackTimes = Invoke-Fresh @"
`$env:STACKPACK_HOME = '$home500'
Import-Module '$ModulePath'
`$count = @(Get-Pack).Count
if (`$count -ne 500) { throw "expected 500 packs, got `$count" }
1..7 | ForEach-Object { [Math]::Round((Measure-Command { Get-Pack | Out-Null }).TotalMilliseconds, 3) }
"@
    $getPack = Get-Median ([double[]]$getPackTimes)
    Add-Result -Name 'get-pack-500' -Description 'Get-Pack over 500 installed packs, 100 of them git checkouts, warm session (median of 7)' `
        -Value $getPack -Unit 'ms'

    # 3. Find-Pack on the real Exchange index, served over loopback HTTP, from a warm cache,
    #    against the plain PowerShell way (ConvertFrom-Json the file, Where-Object over it).
    $exchange = Join-Path $repoRoot '../shared/fixtures/exchange/index.json'
    if (Test-Path $exchange) {
        $times = Invoke-Fresh @"
Add-Type -Path '$serverSource'
`$server = [StackPack.Testing.LoopbackHttpServer]::new()
`$server.Set('/index.json', 200, (Get-Content '$exchange' -Raw), '"exchange"', 0) | Out-Null
`$env:STACKPACK_HOME = '$(Join-Path $work 'exchange-home')'
Import-Module '$ModulePath'
$plainSearch
`$url = `$server.Url('/index.json')
`$first = (Measure-Command { Find-Pack monitoring -IndexUrl `$url | Out-Null }).TotalMilliseconds
`$ours = 1..15 | ForEach-Object { (Measure-Command { Find-Pack monitoring -IndexUrl `$url | Out-Null }).TotalMilliseconds }
`$plain = 1..15 | ForEach-Object { (Measure-Command { Search-Plain '$exchange' monitoring | Out-Null }).TotalMilliseconds }
'FIRST=' + `$first
'OURS=' + (`$ours -join ',')
'PLAIN=' + (`$plain -join ',')
"@
        $first = (Get-Series $times 'FIRST')[0]
        $ours = Get-Median (Get-Series $times 'OURS')
        $plain = Get-Median (Get-Series $times 'PLAIN')
        Add-Result -Name 'find-pack-exchange-warm' -Description 'Find-Pack monitoring on the real Exchange index (169 packs) over loopback HTTP, warm cache, in a session (median of 15)' `
            -Value $ours -Unit 'ms' -Peer 'ConvertFrom-Json + Where-Object on the index file' -PeerValue $plain -Goal 'value < 50 ms' -MeetsGoal ($ours -lt 50)
        Add-Result -Name 'find-pack-exchange-first' -Description 'The first Find-Pack of a session: downloads the Exchange index over loopback HTTP, caches and searches it' `
            -Value $first -Unit 'ms'
    }
    else {
        Write-Host 'find-pack-exchange: skipped, ../shared/fixtures is not present'
    }

    # 4. Find-Pack on a synthetic index of 50,000 packs (Bench.FindPack50k.ps1).
    . (Join-Path $PSScriptRoot 'Bench.FindPack50k.ps1')

    # 5. Install-Pack from a local git repository with 30 tags and a few hundred commits,
    #    against git clone + git checkout <tag> with the git CLI, in the same run.
    $bigRepo = Join-Path $work 'src/stackstorm-bench'
    New-Item -ItemType Directory -Path (Join-Path $bigRepo 'actions') -Force | Out-Null
    & git -C $bigRepo -c init.defaultBranch=main init -q
    foreach ($commit in 1..300) {
        $version = "1.$([Math]::Ceiling($commit / 10)).0"
        Set-Content (Join-Path $bigRepo 'pack.yaml') "ref: bench`nname: bench`ndescription: Benchmark pack`nversion: $version`nauthor: Bench`nemail: b@example.com"
        Set-Content (Join-Path $bigRepo "actions/action_$($commit % 40).yaml") "name: action_$($commit % 40)`nrunner_type: python-script`nentry_point: a.py`ndescription: change $commit"
        & git -C $bigRepo add -A
        & git -C $bigRepo -c user.name=B -c user.email=b@example.com commit -q -m "change $commit"
        if ($commit % 10 -eq 0) { & git -C $bigRepo tag "v$version" }
    }
    $times = Invoke-Fresh @"
Import-Module '$ModulePath'
`$ProgressPreference = 'SilentlyContinue'
`$ours = @(); `$cli = @()
foreach (`$i in 1..5) {
    `$env:STACKPACK_HOME = '$(Join-Path $work 'install-home')-' + `$i
    `$ours += (Measure-Command { Install-Pack '$bigRepo=1.15.0' -SkipVirtualEnv -NoRegister | Out-Null }).TotalMilliseconds
    `$target = '$(Join-Path $work 'cli-clone')-' + `$i
    `$cli += (Measure-Command { git clone -q '$bigRepo' `$target; git -C `$target -c advice.detachedHead=false checkout -q v1.15.0 }).TotalMilliseconds
}
`$unchanged = 1..10 | ForEach-Object { (Measure-Command { Install-Pack '$bigRepo=1.15.0' -SkipVirtualEnv -NoRegister | Out-Null }).TotalMilliseconds }
'OURS=' + (`$ours -join ',')
'CLI=' + (`$cli -join ',')
'UNCHANGED=' + (`$unchanged -join ',')
"@
    $ours = Get-Median (Get-Series $times 'OURS' -Skip 1)
    $cli = Get-Median (Get-Series $times 'CLI' -Skip 1)
    $unchanged = Get-Median (Get-Series $times 'UNCHANGED')
    Add-Result -Name 'install-pack-30-tags' -Description 'Install-Pack of a local git repository with 30 tags and 300 commits at a tag, venv and registration skipped (median of 4 after a warm-up)' `
        -Value $ours -Unit 'ms' -Peer 'git clone + git checkout <tag> (git CLI)' -PeerValue $cli -Goal 'ratio <= 1.5' -MeetsGoal ($ours / $cli -le 1.5)
    Add-Result -Name 'install-pack-unchanged' -Description 'Install-Pack again when already installed at that commit (Unchanged), in a session (median of 10)' `
        -Value $unchanged -Unit 'ms' -Goal 'value < 150 ms' -MeetsGoal ($unchanged -lt 150)

    # 6. Twenty independent packs in one call.
    $many = 1..20 | ForEach-Object {
        $repo = Join-Path $work "src/stackstorm-many_$_"
        New-Item -ItemType Directory -Path $repo -Force | Out-Null
        & git -C $repo -c init.defaultBranch=main init -q
        Set-Content (Join-Path $repo 'pack.yaml') "ref: many_$_`nname: many_$_`ndescription: Pack $_`nversion: 1.0.0`nauthor: Bench`nemail: b@example.com"
        & git -C $repo add -A
        & git -C $repo -c user.name=B -c user.email=b@example.com commit -q -m one
        & git -C $repo tag v1.0.0
        $repo
    }
    $times = Invoke-Fresh @"
Import-Module '$ModulePath'
`$ProgressPreference = 'SilentlyContinue'
`$runs = foreach (`$i in 1..3) {
    `$env:STACKPACK_HOME = '$(Join-Path $work 'many-home')-' + `$i
    (Measure-Command { `$n = @(Install-Pack $(($many | ForEach-Object { "'$_'" }) -join ', ') -SkipVirtualEnv -NoRegister).Count; if (`$n -ne 20) { throw "installed `$n" } }).TotalMilliseconds
}
'RUNS=' + (`$runs -join ',')
"@
    $twenty = Get-Median (Get-Series $times 'RUNS')
    Add-Result -Name 'install-pack-20' -Description 'Install-Pack of 20 independent packs (local git repositories) in one call, venv and registration skipped (median of 3)' -Value $twenty -Unit 'ms'

    # 7. Register-Pack: a synthetic pack of 4,000 actions with parameters like real ones, and every real fixture pack.
    $bigHome = Join-Path $work 'register-home'
    New-BigPack (Join-Path $bigHome 'packs/big')
    $fixtures = Join-Path $repoRoot '../shared/fixtures'
    $fixtureConf = Join-Path $work 'fixtures.conf'
    Set-Content $fixtureConf "[system]`nbase_path = $(Join-Path $work 'fixture-base')`n[content]`npacks_base_paths = $(Join-Path $fixtures 'packs'):$(Join-Path $fixtures 'st2')"
    $times = Invoke-Fresh @"
Import-Module '$ModulePath'
`$env:STACKPACK_HOME = '$bigHome'
Register-Pack big | Out-Null
`$big = 1..5 | ForEach-Object { (Measure-Command { Register-Pack big }).TotalMilliseconds }
'BIG=' + (`$big -join ',')
if (Test-Path '$fixtures') {
    Register-Pack -ConfigFile '$fixtureConf' -WarningAction SilentlyContinue | Out-Null
    `$all = 1..5 | ForEach-Object { (Measure-Command { Register-Pack -ConfigFile '$fixtureConf' -WarningAction SilentlyContinue }).TotalMilliseconds }
    'ALL=' + (`$all -join ',')
}
"@
    $big = Get-Median (Get-Series $times 'BIG')
    Add-Result -Name 'register-pack-4000-actions' -Description 'Register-Pack of a pack with 4,000 action files with parameters like real ones, in a session (median of 5)' `
        -Value $big -Unit 'ms' -Peer 'StackStorm (st2 PR #2733): about 80 s for a pack of 4,000 actions' -PeerValue 80000 -Goal 'value < 1000 ms' -MeetsGoal ($big -lt 1000)
    if ($times | Where-Object { $_ -like 'ALL=*' }) {
        $all = Get-Median (Get-Series $times 'ALL')
        Add-Result -Name 'register-pack-fixtures' -Description 'Register-Pack of every real pack in ../shared/fixtures (20 packs, 600 actions), in a session (median of 5)' `
            -Value $all -Unit 'ms' -Goal 'value < 1000 ms' -MeetsGoal ($all -lt 1000)
    }

    # 8. Registration of a seeded corpus shaped like the Exchange (Bench.Corpus.ps1).
    . (Join-Path $PSScriptRoot 'Bench.Corpus.ps1')

    # 9. Test-Pack on a 4,000-action pack and on the corpus.
    . (Join-Path $PSScriptRoot 'Bench.TestPack.ps1')
    Save-Results
}
finally {
    Remove-Item $work -Recurse -Force -ErrorAction SilentlyContinue
}
