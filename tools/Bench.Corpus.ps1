<#
.SYNOPSIS
    The corpus benchmark, dot-sourced by Bench.ps1 (it uses its helpers): Register-Pack of a seeded
    Exchange-shaped corpus in a fresh process, and again in the same session, against python3 +
    PyYAML's CSafeLoader merely parsing the same files. `./build.ps1 -Task Bench -BenchOnly Corpus`
    runs only this.
#>

# 8. Registration of a seeded corpus shaped like the Exchange (170 packs, ~11,000 YAML files),
#    against PyYAML with libyaml (CSafeLoader) merely parsing the same files: whole processes.
$corpus = Join-Path $work 'corpus'
$shape = & (Join-Path $PSScriptRoot 'New-BenchCorpus.ps1') -Path (Join-Path $corpus 'packs')
$corpusConf = Join-Path $work 'corpus.conf'
Set-Content $corpusConf "[system]`nbase_path = $corpus`n[content]`nsystem_packs_base_path = $(Join-Path $corpus 'packs')"
$fileList = Join-Path $corpus 'packs/yaml-files.txt'
$peerScript = Join-Path $work 'parse.py'
Set-Content $peerScript @"
import sys, time, yaml
files = [f for f in open(sys.argv[1]).read().split('\n') if f]
def parse():
    for name in files:
        with open(name, 'rb') as handle:
            yaml.load(handle, Loader=yaml.CSafeLoader)
parse()
start = time.perf_counter()
parse()
print('AGAIN=%f' % ((time.perf_counter() - start) * 1000))
"@
$havePeer = $false
if (Get-Command python3 -ErrorAction SilentlyContinue) {
    & python3 -c 'import yaml; yaml.CSafeLoader' 2>$null
    $havePeer = $LASTEXITCODE -eq 0
}
$fresh = @(); $peerFresh = @(); $again = @(); $peerAgain = @(); $peak = @()
foreach ($i in 1..3) {
    $watch = [Diagnostics.Stopwatch]::StartNew()
    $lines = Invoke-Fresh @"
Import-Module '$ModulePath'
`$r = @(Register-Pack -ConfigFile '$corpusConf' -PassThru -WarningAction SilentlyContinue)
if (`$r.Count -ne $($shape.Packs)) { throw "registered `$(`$r.Count) packs" }
'AGAIN=' + (Measure-Command { Register-Pack -ConfigFile '$corpusConf' -WarningAction SilentlyContinue | Out-Null }).TotalMilliseconds
'PEAK=' + [Diagnostics.Process]::GetCurrentProcess().PeakWorkingSet64
"@
    $watch.Stop()
    # The fresh figure is the whole process up to its first registration: total minus the second run.
    $again += (Get-Series $lines 'AGAIN')[0]
    $fresh += $watch.Elapsed.TotalMilliseconds - (Get-Series $lines 'AGAIN')[0]
    $peak += (Get-Series $lines 'PEAK')[0] / 1MB
    if ($havePeer) {
        $watch = [Diagnostics.Stopwatch]::StartNew()
        $peerLines = & python3 $peerScript $fileList
        $watch.Stop()
        $peerAgain += (Get-Series $peerLines 'AGAIN')[0]
        $peerFresh += $watch.Elapsed.TotalMilliseconds - (Get-Series $peerLines 'AGAIN')[0]
    }
}
$peerName = if ($havePeer) { "python3 + PyYAML CSafeLoader parsing the same $($shape.YamlFiles) files, nothing else" } else { $null }
$peerNote = if ($havePeer) { '' } else { ' (peer skipped: python3 with PyYAML''s libyaml binding is not installed)' }
Add-Result -Name 'register-corpus-fresh' -Description "Register-Pack of $($shape.Packs) Exchange-shaped packs ($($shape.YamlFiles) YAML files, $([Math]::Round($shape.YamlBytes / 1MB, 1)) MiB) in a fresh pwsh process, whole process (median of 3)$peerNote" `
    -Value (Get-Median $fresh) -Unit 'ms' -Peer $peerName -PeerValue $(if ($havePeer) { Get-Median $peerFresh } else { $null }) -Goal 'ratio <= 1.0' -MeetsGoal $(if ($havePeer) { (Get-Median $fresh) / (Get-Median $peerFresh) -le 1.0 } else { $null })
Add-Result -Name 'register-corpus-again' -Description "The same registration again in the same session (median of 3)$peerNote" `
    -Value (Get-Median $again) -Unit 'ms' -Peer $(if ($havePeer) { 'the same parse again in the same python process' } else { $null }) -PeerValue $(if ($havePeer) { Get-Median $peerAgain } else { $null }) -Goal 'ratio <= 0.5' -MeetsGoal $(if ($havePeer) { (Get-Median $again) / (Get-Median $peerAgain) -le 0.5 } else { $null })
Add-Result -Name 'register-corpus-peak-memory' -Description 'Peak working set of the whole pwsh process that registered the corpus twice (largest of 3)' `
    -Value (($peak | Measure-Object -Maximum).Maximum) -Unit 'MiB' -Goal 'value < 300 MiB' -MeetsGoal ((($peak | Measure-Object -Maximum).Maximum) -lt 300)
