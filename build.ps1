#Requires -Version 7.4
<#
.SYNOPSIS
    Builds, tests, demonstrates and benchmarks StackPack.
.DESCRIPTION
    Build  (default) compiles and lays out the importable module in out/StackPack/.
           A second Build with no change to the sources returns at once.
    Test   runs Build, the xunit engine tests, then the Pester tests in a fresh
           `pwsh -NoProfile` process against out/StackPack. Exits non-zero on any failure.
    Demo   runs Build, then the whole flow on a temporary StackPack home.
    Bench  runs Build, then the benchmarks; results go to out/bench/results.json.
    Package runs Build, then writes out/package/StackPack.<version>.nupkg with Publish-PSResource
           (to a temporary local file repository): the module without pdbs, with libgit2 for
           linux-x64, linux-arm64, osx-x64, osx-arm64 and win-x64, and LICENSE.
.EXAMPLE
    dotnet tool restore && dotnet pwsh ./build.ps1 -Task Test
.EXAMPLE
    ./build.ps1 -Task Test -PesterPath Install-Pack.Tests.ps1 -XunitFilter 'FullyQualifiedName~Install'
    Runs only some tests while working on a change (CI always runs every test).
#>
[CmdletBinding()]
param(
    [ValidateSet('Build', 'Test', 'Demo', 'Bench', 'Package')]
    [string] $Task = 'Build',

    [ValidateSet('Debug', 'Release')]
    [string] $Configuration = 'Release',

    # Rebuild even when the sources look unchanged.
    [switch] $Force,

    # Test only: run just these Pester files (paths or names under tests/Pester) and skip xunit,
    # unless -XunitFilter is given too. For quick iteration; CI always runs everything.
    [string[]] $PesterPath,

    # Test only: run just the xunit tests matching this `dotnet test --filter` expression
    # (and skip Pester, unless -PesterPath is given too).
    [string] $XunitFilter,

    # Build: precompile the module's assemblies for linux-x64 (ReadyToRun). On by default;
    # -ReadyToRun:$false gives plain IL assemblies (a quicker build, a slower first command).
    [switch] $ReadyToRun = $true,

    # Bench only: run just these benchmarks (Import, FindPack50k, Corpus, TestPack), e.g. while working on
    # one of them; `-BenchOnly Import,FindPack50k` from a shell arrives as one string and is split
    # (tools/Bench.ps1 refuses a name it does not know).
    [string[]] $BenchOnly
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version Latest
$ProgressPreference = 'SilentlyContinue'

$root = $PSScriptRoot
$out = Join-Path $root 'out'
$moduleOut = Join-Path $out 'StackPack'
$stampFile = Join-Path $out 'build.stamp'

function Invoke-Native {
    # Runs a native command and stops the build when it fails.
    param([string] $Description, [scriptblock] $Command)
    Write-Host "==> $Description" -ForegroundColor Cyan
    & $Command
    if ($LASTEXITCODE -ne 0) { throw "$Description failed (exit code $LASTEXITCODE)." }
}

function Get-SourceStamp {
    # Names, sizes and times of every input of the module: a cheap, reliable change check.
    $inputs = @(
        Get-ChildItem (Join-Path $root 'src') -Recurse -File |
            Where-Object { $_.FullName -notmatch '[\\/](bin|obj)[\\/]' }
        Get-ChildItem (Join-Path $root 'module') -Recurse -File
        Get-ChildItem (Join-Path $root 'docs/help') -Recurse -File
        Get-Item (Join-Path $root 'tools/New-ExternalHelp.ps1')
        Get-Item (Join-Path $root 'StackPack.psd1'), (Join-Path $root 'Directory.Build.props'), (Join-Path $root 'CHANGELOG.md'), $PSCommandPath
        Get-Item (Join-Path $root 'build/*.ps1')
    )
    $text = ($inputs | Sort-Object FullName | ForEach-Object { "$($_.FullName)|$($_.Length)|$($_.LastWriteTimeUtc.Ticks)" }) -join "`n"
    # ReadyToRun code is compiled for the .NET this pwsh runs on (see Invoke-ReadyToRun).
    $text += "`n$Configuration|$ReadyToRun|$([Environment]::Version)"
    $bytes = [System.Security.Cryptography.SHA256]::HashData([Text.Encoding]::UTF8.GetBytes($text))
    [Convert]::ToHexString($bytes)
}

function Invoke-Build {
    $stamp = Get-SourceStamp
    if (-not $Force -and (Test-Path $stampFile) -and (Test-Path (Join-Path $moduleOut 'StackPack.psd1')) -and
        (Get-Content $stampFile -Raw).Trim() -eq $stamp) {
        Write-Host "==> Build: out/StackPack is up to date." -ForegroundColor Cyan
        return
    }

    $engineOut = Join-Path $out 'obj/engine'
    $commandsOut = Join-Path $out 'obj/commands'
    # Fresh output folders: publish and build copy only files newer than the destination's, and
    # the destination's were replaced by their ReadyToRun images (which crossgen2 cannot compile again).
    foreach ($folder in $engineOut, $commandsOut) { if (Test-Path $folder) { Remove-Item $folder -Recurse -Force } }
    Invoke-Native 'Publish the engine' {
        dotnet publish (Join-Path $root 'src/StackPack.Engine/StackPack.Engine.csproj') -c $Configuration -o $engineOut --nologo -v quiet
    }
    Invoke-Native 'Build the cmdlets' {
        dotnet build (Join-Path $root 'src/StackPack.Commands/StackPack.Commands.csproj') -c $Configuration -o $commandsOut --nologo -v quiet
    }

    # Precompile the managed code (ReadyToRun) for linux-x64, where StackStorm runs: a fresh
    # process then runs native code instead of JIT-compiling YamlDotNet, the engine and the
    # cmdlets (the import and every first command pay for that). The images keep their IL, so
    # on any other OS or architecture they load and JIT as before. The portable layout (deps.json,
    # runtimes/ with every native libgit2) stays; only the managed files are replaced.
    if ($ReadyToRun) {
        # The engine and its libraries against each other; the cmdlets also against this pwsh
        # (System.Management.Automation), whose own copies of libraries must not stand in for ours.
        Invoke-ReadyToRun -Assemblies (Get-ChildItem $engineOut -Filter *.dll).FullName -References $engineOut
        Invoke-ReadyToRun -Assemblies (Join-Path $commandsOut 'StackPack.Commands.dll') -References $engineOut, $PSHOME
    }

    # Lay out the module: cmdlets in the root (default load context), the engine and its
    # dependencies in deps/ (loaded into the module's own context, see EngineLoadContext).
    if (Test-Path $moduleOut) { Remove-Item $moduleOut -Recurse -Force }
    $deps = New-Item -ItemType Directory -Path (Join-Path $moduleOut 'deps') -Force
    Copy-Item (Join-Path $engineOut '*') $deps -Recurse
    Copy-Item (Join-Path $commandsOut 'StackPack.Commands.dll'), (Join-Path $commandsOut 'StackPack.Commands.pdb') $moduleOut
    Copy-Item (Join-Path $root 'module/*') $moduleOut -Recurse
    Copy-Item (Join-Path $root 'LICENSE') $moduleOut
    # The manifest gets its version, prerelease label, links and release notes from the one source.
    Write-ModuleManifest -Template (Join-Path $root 'StackPack.psd1') -Destination (Join-Path $moduleOut 'StackPack.psd1') `
        -Release (Get-ReleaseInfo -PropsPath (Join-Path $root 'Directory.Build.props') -ChangelogPath (Join-Path $root 'CHANGELOG.md'))

    # Help is generated from docs/help and the compiled cmdlets, in a fresh process
    # (this build process must not load the module it is still laying out).
    $pwsh = Get-PwshCommand
    Invoke-Native 'Generate help' {
        & $pwsh[0] @($pwsh | Select-Object -Skip 1) -NoProfile -NonInteractive -File (Join-Path $root 'tools/New-ExternalHelp.ps1') `
            -ModulePath (Join-Path $moduleOut 'StackPack.psd1') -SourceFolder (Join-Path $root 'docs/help') `
            -OutFile (Join-Path $moduleOut 'en-US/StackPack.Commands.dll-Help.xml')
    }

    Set-Content -Path $stampFile -Value $stamp -NoNewline
    Write-Host "==> Module laid out in $moduleOut" -ForegroundColor Cyan
}

function Invoke-ReadyToRun {
    # Compiles the assemblies in place with crossgen2 of the .NET this pwsh runs on, against that
    # .NET's own framework. Not `dotnet publish -p:PublishReadyToRun=true`: for a net8.0 project
    # that compiles against .NET 8, whose ReadyToRun code (format 9) the .NET 10 runtime of
    # pwsh 7.6 rejects, so every method was JIT-compiled anyway. Compiled for the runtime that
    # runs the module here (and pwsh 7.6 everywhere); on an older .NET the code is rejected the
    # same way and the IL is JIT-compiled, as before.
    param([string[]] $Assemblies, [string[]] $References)
    if (-not $IsLinux -or [Runtime.InteropServices.RuntimeInformation]::OSArchitecture -ne 'X64') {
        # The crossgen2 package restored here is the linux-x64 one, and the framework compiled
        # against is this machine's: both only fit a linux-x64 build machine.
        Write-Warning 'ReadyToRun skipped: it is compiled on linux-x64 build machines only.'
        return
    }
    $runtime = [Environment]::Version
    $runtimeVersion = '{0}.{1}.{2}' -f $runtime.Major, $runtime.Minor, $runtime.Build
    $framework = [Runtime.InteropServices.RuntimeEnvironment]::GetRuntimeDirectory()
    try { $crossgen = Get-Crossgen $runtimeVersion }
    catch {
        # No crossgen2 for this exact runtime on NuGet (a preview or private build of .NET): the
        # module is complete without ReadyToRun code, only its first commands are slower.
        Write-Warning "ReadyToRun skipped: $_"
        return
    }
    $work = New-Item -ItemType Directory -Path (Join-Path $out "obj/r2r/$([guid]::NewGuid().ToString('N'))") -Force
    $refs = @($framework) + $References | ForEach-Object { '-r:' + (Join-Path $_ '*.dll') }
    Write-Host "==> Precompile (ReadyToRun for .NET $runtimeVersion, linux-x64)" -ForegroundColor Cyan
    foreach ($assembly in $Assemblies) {
        $compiled = Join-Path $work (Split-Path $assembly -Leaf)
        $log = & $crossgen $assembly -o $compiled --targetos:linux --targetarch:x64 -O @refs 2>&1
        if ($LASTEXITCODE -ne 0) { throw "crossgen2 failed on ${assembly}: $log" }
        Copy-Item $compiled $assembly -Force
    }
}

function Get-Crossgen {
    # crossgen2 of exactly this runtime version, restored from NuGet by build/crossgen/Crossgen.proj.
    param([string] $RuntimeVersion)
    $project = Join-Path $root 'build/crossgen/Crossgen.proj'
    $find = {
        $assets = Join-Path $root 'build/crossgen/obj/project.assets.json'
        if (-not (Test-Path $assets)) { return }
        foreach ($folder in (Get-Content $assets -Raw | ConvertFrom-Json).packageFolders.PSObject.Properties.Name) {
            $candidate = Join-Path $folder "microsoft.netcore.app.crossgen2.linux-x64/$RuntimeVersion/tools/crossgen2"
            if (Test-Path $candidate) { return $candidate }
        }
    }
    $found = & $find
    if (-not $found) {
        Invoke-Native "Restore crossgen2 $RuntimeVersion from NuGet" { dotnet restore $project "-p:CrossgenVersion=$RuntimeVersion" --nologo -v quiet }
        $found = & $find
    }
    if (-not $found) { throw "crossgen2 $RuntimeVersion was not restored." }
    $found
}

function Get-ToolPackagePath {
    # The NuGet packages the tests need (Pester, an old YamlDotNet) come from restoring build/BuildTools.proj.
    param([string] $Id, [string] $Version)
    $assets = Join-Path $root 'build/obj/project.assets.json'
    if (-not (Test-Path $assets)) {
        Invoke-Native 'Restore test tools from NuGet' { dotnet restore (Join-Path $root 'build/BuildTools.proj') --nologo -v quiet }
    }
    $folders = (Get-Content $assets -Raw | ConvertFrom-Json).packageFolders.PSObject.Properties.Name
    foreach ($folder in $folders) {
        $candidate = Join-Path $folder "$($Id.ToLowerInvariant())/$Version"
        if (Test-Path $candidate) { return $candidate }
    }
    Invoke-Native 'Restore test tools from NuGet' { dotnet restore (Join-Path $root 'build/BuildTools.proj') --nologo -v quiet }
    foreach ($folder in $folders) {
        $candidate = Join-Path $folder "$($Id.ToLowerInvariant())/$Version"
        if (Test-Path $candidate) { return $candidate }
    }
    throw "NuGet package $Id $Version was not restored."
}

function Get-PwshCommand {
    # A fresh pwsh of the same version as this one, whatever the current folder:
    # the local dotnet tool runs as `dotnet <PSHOME>/pwsh.dll`.
    $dll = Join-Path $PSHOME 'pwsh.dll'
    if (Test-Path $dll) { return @('dotnet', $dll) }
    return @((Get-Process -Id $PID).Path)
}

function Invoke-Test {
    Invoke-Build
    $results = Join-Path $out 'test-results'
    New-Item -ItemType Directory -Path $results -Force | Out-Null

    $partial = $PesterPath -or $XunitFilter
    $xunit = [pscustomobject]@{ Passed = 0; Failed = 0; Skipped = 0 }
    $xunitExit = 0
    if (-not $partial -or $XunitFilter) {
        Write-Host '==> xunit: engine tests' -ForegroundColor Cyan
        $filter = if ($XunitFilter) { @('--filter', $XunitFilter) } else { @() }
        Remove-Item (Join-Path $results 'engine.trx') -ErrorAction SilentlyContinue
        dotnet test (Join-Path $root 'tests/StackPack.Engine.Tests/StackPack.Engine.Tests.csproj') -c $Configuration --nologo `
            --logger "trx;LogFileName=$(Join-Path $results 'engine.trx')" --logger 'console;verbosity=normal' @filter
        $xunitExit = $LASTEXITCODE
        $xunit = Read-TrxCounts (Join-Path $results 'engine.trx')
    }
    if ($partial -and -not $PesterPath) {
        Write-Host "xunit: $($xunit.Passed) passed, $($xunit.Failed) failed, $($xunit.Skipped) skipped"
        if ($xunitExit -ne 0 -or $xunit.Failed -gt 0) { throw 'Tests failed.' }
        return
    }

    Write-Host '==> Pester: cmdlet tests in a fresh pwsh -NoProfile' -ForegroundColor Cyan
    $pester = Join-Path (Get-ToolPackagePath 'Pester' '5.7.1') 'tools/Pester.psd1'
    $oldYaml = Join-Path (Get-ToolPackagePath 'YamlDotNet' '13.7.1') 'lib/net7.0/YamlDotNet.dll'
    $pwsh = Get-PwshCommand
    $summary = Join-Path $results 'pester-summary.json'
    $runner = Join-Path $root 'tests/Pester/Invoke-PesterRun.ps1'
    $only = if ($PesterPath) {
        @('-TestPath', (@($PesterPath -split "," | Where-Object { $_ } | ForEach-Object { if (Test-Path $_) { (Resolve-Path $_).Path } else { Join-Path $root "tests/Pester/$_" } }) -join [IO.Path]::PathSeparator))
    } else { @() }
    & $pwsh[0] @($pwsh | Select-Object -Skip 1) -NoProfile -NonInteractive -File $runner @only `
        -PesterPath $pester -ModulePath (Join-Path $moduleOut 'StackPack.psd1') -OldYamlDotNetPath $oldYaml `
        -ResultsFolder $results -SummaryPath $summary
    $pesterExit = $LASTEXITCODE
    $pesterCounts = if (Test-Path $summary) { Get-Content $summary -Raw | ConvertFrom-Json } else { [pscustomobject]@{ Passed = 0; Failed = 1; Skipped = 0 } }

    $passed = $xunit.Passed + $pesterCounts.Passed
    $failed = $xunit.Failed + $pesterCounts.Failed
    $skipped = $xunit.Skipped + $pesterCounts.Skipped
    Write-Host "xunit: $($xunit.Passed) passed, $($xunit.Failed) failed, $($xunit.Skipped) skipped"
    Write-Host "Pester: $($pesterCounts.Passed) passed, $($pesterCounts.Failed) failed, $($pesterCounts.Skipped) skipped"
    Write-Host "Tests: $passed passed, $failed failed, $skipped skipped"
    if ($xunitExit -ne 0 -or $pesterExit -ne 0 -or $failed -gt 0 -or $passed -eq 0) {
        throw 'Tests failed.'
    }
}

function Read-TrxCounts {
    param([string] $Path)
    if (-not (Test-Path $Path)) { return [pscustomobject]@{ Passed = 0; Failed = 1; Skipped = 0 } }
    [xml] $trx = Get-Content $Path -Raw
    $c = $trx.TestRun.ResultSummary.Counters
    [pscustomobject]@{ Passed = [int]$c.passed; Failed = [int]$c.failed + [int]$c.error; Skipped = [int]$c.total - [int]$c.executed }
}

function Invoke-Demo {
    Invoke-Build
    $pwsh = Get-PwshCommand
    & $pwsh[0] @($pwsh | Select-Object -Skip 1) -NoProfile -NonInteractive -File (Join-Path $root 'tools/Demo.ps1') -ModulePath (Join-Path $moduleOut 'StackPack.psd1')
    if ($LASTEXITCODE -ne 0) { throw "The demo failed (exit code $LASTEXITCODE)." }
}

function Invoke-Bench {
    Invoke-Build
    $pwsh = Get-PwshCommand
    & $pwsh[0] @($pwsh | Select-Object -Skip 1) -NoProfile -NonInteractive -File (Join-Path $root 'tools/Bench.ps1') `
        -ModulePath (Join-Path $moduleOut 'StackPack.psd1') -ResultsPath (Join-Path $out 'bench/results.json') @(if ($BenchOnly) { '-Only'; $BenchOnly -join ',' })
    if ($LASTEXITCODE -ne 0) { throw "The benchmark failed (exit code $LASTEXITCODE)." }
}

. (Join-Path $root 'build/Release.ps1')

function Invoke-Package {
    Invoke-Build
    $release = Get-ReleaseInfo -PropsPath (Join-Path $root 'Directory.Build.props') -ChangelogPath (Join-Path $root 'CHANGELOG.md')
    $packageOut = Join-Path $out 'package'
    $nupkg = Publish-ModulePackage -ModuleFolder $moduleOut -PackageFolder $packageOut -WorkFolder (Join-Path $out 'obj/package') -Release $release -Pwsh (Get-PwshCommand)
    $size = (Get-Item $nupkg).Length
    Write-Host ("==> Package {0}: {1:N0} bytes ({2:N1} MiB)" -f $nupkg, $size, ($size / 1MB)) -ForegroundColor Cyan
}

Push-Location $root
try {
    switch ($Task) {
        'Build' { Invoke-Build }
        'Test' { Invoke-Test }
        'Demo' { Invoke-Demo }
        'Bench' { Invoke-Bench }
        'Package' { Invoke-Package }
    }
}
finally {
    Pop-Location
}
