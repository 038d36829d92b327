<#
.SYNOPSIS
    The Test-Pack benchmarks, dot-sourced by Bench.ps1 (they use its helpers and work folder):
    Test-Pack of a 4,000-action pack in a warm session (the goal: under 1 s), and of the seeded
    Exchange-shaped corpus in a warm session. `./build.ps1 -Task Bench -BenchOnly TestPack`
    runs only these.
#>

$testPackBig = Join-Path $work 'testpack/big'
if (-not (Test-Path $testPackBig)) { New-BigPack $testPackBig }
$testPackCorpus = Join-Path $work 'testpack-corpus'
$testPackShape = & (Join-Path $PSScriptRoot 'New-BenchCorpus.ps1') -Path $testPackCorpus
$lines = Invoke-Fresh @"
Import-Module '$ModulePath'
`$first = Test-Pack '$testPackBig'
if (-not `$first.Passed) { throw "the 4,000-action pack failed: `$(`$first.Problems | Select-Object -First 3)" }
'BIG=' + ((1..5 | ForEach-Object { (Measure-Command { Test-Pack '$testPackBig' | Out-Null }).TotalMilliseconds }) -join ',')
`$all = @(Test-Pack '$testPackCorpus' -ErrorAction SilentlyContinue)
if (`$all.Count -ne $($testPackShape.Packs)) { throw "tested `$(`$all.Count) packs" }
'CORPUS=' + ((1..3 | ForEach-Object { (Measure-Command { Test-Pack '$testPackCorpus' -ErrorAction SilentlyContinue | Out-Null }).TotalMilliseconds }) -join ',')
"@
$testPackBigMs = Get-Median (Get-Series $lines 'BIG')
Add-Result -Name 'test-pack-4000-actions' -Description 'Test-Pack of a pack with 4,000 action files with parameters like real ones (and their entry points), warm session (median of 5)' `
    -Value $testPackBigMs -Unit 'ms' -Goal 'value < 1000 ms' -MeetsGoal ($testPackBigMs -lt 1000)
$testPackCorpusMs = Get-Median (Get-Series $lines 'CORPUS')
Add-Result -Name 'test-pack-corpus' -Description "Test-Pack of $($testPackShape.Packs) Exchange-shaped packs ($($testPackShape.YamlFiles) YAML files, $([Math]::Round($testPackShape.YamlBytes / 1MB, 1)) MiB), warm session (median of 3)" `
    -Value $testPackCorpusMs -Unit 'ms'
