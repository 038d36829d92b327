<#
.SYNOPSIS
    Runs every Pester test against the built module. build.ps1 -Task Test starts this in a
    fresh `pwsh -NoProfile` process so no earlier import can leak into the run.
#>
param(
    [Parameter(Mandatory)] [string] $PesterPath,
    [Parameter(Mandatory)] [string] $ModulePath,
    [Parameter(Mandatory)] [string] $OldYamlDotNetPath,
    [Parameter(Mandatory)] [string] $ResultsFolder,
    [Parameter(Mandatory)] [string] $SummaryPath,
    # Only these test files (separated by the path separator); every file when empty.
    [string] $TestPath
)

$ErrorActionPreference = 'Stop'

# Hermetic: nothing from the machine's StackStorm or StackPack setup reaches the tests.
foreach ($name in 'ST2_CONFIG_PATH', 'STACKPACK_HOME', 'ST2_API_URL', 'ST2_API_KEY', 'ST2_AUTH_TOKEN') {
    Remove-Item "env:$name" -ErrorAction SilentlyContinue
}

# ...and never this machine's /etc/st2/st2.conf: the system st2.conf is moved to a file that does not exist.
$env:STACKPACK_SYSTEM_CONFIG = Join-Path $ResultsFolder 'no-system-st2.conf'
$env:STACKPACK_TEST_MODULE = (Resolve-Path $ModulePath).Path
$env:STACKPACK_TEST_OLD_YAMLDOTNET = $OldYamlDotNetPath
$repositoryRoot = (Resolve-Path (Join-Path $PSScriptRoot '../..')).Path
$fixtures = Join-Path $repositoryRoot '../shared/fixtures'
$env:STACKPACK_TEST_FIXTURES = if (Test-Path $fixtures) { (Resolve-Path $fixtures).Path } else { '' }
$env:STACKPACK_TEST_REPO = $repositoryRoot

Import-Module $PesterPath -Force
$configuration = New-PesterConfiguration
$configuration.Run.Path = if ($TestPath) { $TestPath -split [IO.Path]::PathSeparator } else { $PSScriptRoot }
$configuration.Run.PassThru = $true
$configuration.Output.Verbosity = 'Detailed'
$configuration.TestResult.Enabled = $true
$configuration.TestResult.OutputFormat = 'NUnitXml'
$configuration.TestResult.OutputPath = Join-Path $ResultsFolder 'pester.xml'
$result = Invoke-Pester -Configuration $configuration

[pscustomobject]@{
    Passed  = $result.PassedCount
    Failed  = $result.FailedCount + $result.FailedBlocksCount + $result.FailedContainersCount
    Skipped = $result.SkippedCount
} | ConvertTo-Json | Set-Content $SummaryPath

if ($result.Result -ne 'Passed') { exit 1 }
exit 0
