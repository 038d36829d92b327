<#
.SYNOPSIS
    The 50,000-pack Find-Pack benchmarks, dot-sourced by Bench.ps1 (they use its helpers, work
    folder, loopback server source and $plainSearch): warm in a session, and the first call of a
    fresh session whose index an earlier session cached. `./build.ps1 -Task Bench -BenchOnly FindPack50k`
    runs only these.
#>

# 4. Find-Pack on a synthetic index of 50,000 packs, against the plain PowerShell way.
$bigIndex = Join-Path $work 'index-50k.json'
$builder = [System.Text.StringBuilder]::new('{"metadata": {"generated_ts": 0}, "packs": {')
foreach ($i in 1..50000) {
    if ($i -gt 1) { [void]$builder.Append(',') }
    $kw = if ($i % 100 -eq 0) { 'monitoring' } else { "k$($i % 37)" }
    [void]$builder.Append("`"pack_$i`": {`"author`": `"Author $($i % 500)`", `"content`": {`"actions`": {`"count`": 3, `"resources`": [`"a`", `"b`", `"c`"]}}, `"description`": `"Synthetic pack number $i for the benchmark`", `"email`": `"a$i@example.com`", `"keywords`": [`"$kw`", `"bench`"], `"name`": `"pack_$i`", `"ref`": `"pack_$i`", `"repo_url`": `"https://example.invalid/stackstorm-pack_$i`", `"version`": `"1.0.$($i % 10)`", `"versions`": [`"1.0.0`", `"1.0.$($i % 10)`"]}")
}
[void]$builder.Append('}}')
Set-Content -Path $bigIndex -Value $builder.ToString() -NoNewline
# Served over loopback HTTP, as a real index is: the first session downloads and caches it,
# later sessions read the cache (and its parsed binary copy).
Add-Type -Path $serverSource
$bigServer = [StackPack.Testing.LoopbackHttpServer]::new()
[void]$bigServer.Set('/index-50k.json', 200, $builder.ToString(), '"big"', 0)
$bigIndexUrl = $bigServer.Url('/index-50k.json')
$times = Invoke-Fresh @"
`$env:STACKPACK_HOME = '$(Join-Path $work 'big-home')'
Import-Module '$ModulePath'
$plainSearch
`$n = @(Find-Pack monitoring -IndexUrl '$bigIndexUrl').Count
if (`$n -ne 500) { throw "expected 500 results, got `$n" }
`$ours = 1..5 | ForEach-Object { (Measure-Command { Find-Pack monitoring -IndexUrl '$bigIndexUrl' | Out-Null }).TotalMilliseconds }
`$plain = 1..3 | ForEach-Object { (Measure-Command { Search-Plain '$bigIndex' monitoring | Out-Null }).TotalMilliseconds }
'OURS=' + (`$ours -join ',')
'PLAIN=' + (`$plain -join ',')
"@
$ours = Get-Median (Get-Series $times 'OURS')
$plain = Get-Median (Get-Series $times 'PLAIN')
Add-Result -Name 'find-pack-50k-warm' -Description 'Find-Pack monitoring on a synthetic 50,000-pack index, warm in the session (median of 5)' `
    -Value $ours -Unit 'ms' -Peer 'ConvertFrom-Json + Where-Object (median of 3)' -PeerValue $plain -Goal 'ratio <= 0.2 (5x faster)' -MeetsGoal ($ours / $plain -le 0.2)

# The first search of a new session (its index already cached on disk by the run above), in a
# fresh process after Import-Module, against the plain way's first search in a fresh process.
$firsts = @(); $plainFirsts = @()
foreach ($i in 1..5) {
    $firsts += (Get-Series (Invoke-Fresh @"
`$env:STACKPACK_HOME = '$(Join-Path $work 'big-home')'
Import-Module '$ModulePath'
'FIRST=' + (Measure-Command { Find-Pack monitoring -IndexUrl '$bigIndexUrl' | Out-Null }).TotalMilliseconds
"@) 'FIRST')[0]
    $plainFirsts += (Get-Series (Invoke-Fresh @"
$plainSearch
'FIRST=' + (Measure-Command { Search-Plain '$bigIndex' monitoring | Out-Null }).TotalMilliseconds
"@) 'FIRST')[0]
}
$first = Get-Median $firsts
$plainFirst = Get-Median $plainFirsts
$worst = (0..4 | ForEach-Object { $firsts[$_] / $plainFirsts[$_] } | Measure-Object -Maximum).Maximum
Add-Result -Name 'find-pack-50k-first' -Description "The first Find-Pack of a fresh session on that index, minus its import (index cached by an earlier session; median of 5; worst run's ratio $([Math]::Round($worst, 3)))" `
    -Value $first -Unit 'ms' -Peer 'ConvertFrom-Json + Where-Object, first call of a fresh process (median of 5)' -PeerValue $plainFirst -Goal 'ratio <= 0.1 (10x faster) in every run' -MeetsGoal ($worst -le 0.1)
