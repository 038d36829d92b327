<#
.SYNOPSIS
    The import benchmark, dot-sourced by Bench.ps1 (it uses its helpers): Import-Module StackPack
    as a user pays it, a whole fresh process minus a bare one, against PSResourceGet's the same
    way. `./build.ps1 -Task Bench -BenchOnly Import` runs only this.
#>

# 1. Import cost as a user pays it: a whole `pwsh -NoProfile -NonInteractive -c "Import-Module …; exit"`
#    process minus a bare one, interleaved with PSResourceGet's (ships with pwsh), medians of 9.
function Measure-Process([string] $Command) {
    $watch = [Diagnostics.Stopwatch]::StartNew()
    & $PwshCommand[0] @($PwshCommand | Select-Object -Skip 1) -NoProfile -NonInteractive -Command $Command | Out-Null
    if ($LASTEXITCODE) { throw "Benchmark process failed: $Command" }
    $watch.Elapsed.TotalMilliseconds
}
$bare = @(); $ours = @(); $theirs = @()
foreach ($i in 0..9) {
    # Alternate, so that any drift of the machine affects all three alike; the first round warms the disk cache.
    $b = Measure-Process 'exit'
    $o = Measure-Process "Import-Module '$ModulePath'; exit"
    $t = Measure-Process 'Import-Module Microsoft.PowerShell.PSResourceGet; exit'
    if ($i -gt 0) { $bare += $b; $ours += $o; $theirs += $t }
}
$bareMedian = Get-Median $bare
$import = (Get-Median $ours) - $bareMedian
$peerImport = (Get-Median $theirs) - $bareMedian
Add-Result -Name 'import-module' -Description "Import-Module StackPack: a whole fresh pwsh process minus a bare one ($([Math]::Round($bareMedian)) ms), medians of 9 interleaved runs" `
    -Value $import -Unit 'ms' -Peer 'Import-Module Microsoft.PowerShell.PSResourceGet, the same way' -PeerValue $peerImport `
    -Goal 'ratio <= 0.25' -MeetsGoal ($import / $peerImport -le 0.25)
