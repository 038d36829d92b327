# Install-Pack killed (SIGKILL) at named points of an upgrade, on both swap paths: renameat2 and
# the two-rename fallback (forced on Linux with STACKPACK_FORCE_RENAME_FALLBACK). Real git
# repositories, real `python3 -m venv`, real processes: a fresh pwsh runs the install with
# STACKPACK_TEST_PAUSE_AT=<point>, writes its process id when it gets there and waits; the test
# kills it. Then the next command (Get-Pack) must show the old pack with its old, working
# virtualenv or the new pack with a new, complete one, leave nothing behind, and a retry works.

BeforeAll {
    Import-Module $env:STACKPACK_TEST_MODULE -Force
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    $ProgressPreference = 'SilentlyContinue'

    # pyk 1.0.0 and 2.0.0 have different requirements.txt (comments only: pip has no index
    # here), so the upgrade rebuilds the virtualenv.
    $script:source = New-TestGitPack -Path (Join-Path $TestDrive 'sources/stackstorm-pyk') -Name 'pyk' -Versions '1.0.0' -Files 'actions/run.yaml', 'actions/run.py'
    Set-Content (Join-Path $source 'requirements.txt') '# pyk 1.0.0 needs nothing'
    Invoke-Git $source add -A | Out-Null
    Invoke-Git $source commit -q -m 'requirements 1.0.0' | Out-Null
    Invoke-Git $source tag -f v1.0.0 | Out-Null
    New-TestPack -BasePath (Split-Path $source) -Name (Split-Path $source -Leaf) -Version '2.0.0' -Ref 'pyk' -Files 'actions/run.yaml', 'actions/run.py' | Out-Null
    Set-Content (Join-Path $source 'requirements.txt') '# pyk 2.0.0 needs nothing either'
    Invoke-Git $source add -A | Out-Null
    Invoke-Git $source commit -q -m 'Release 2.0.0' | Out-Null
    Invoke-Git $source tag v2.0.0 | Out-Null
    $env:PIP_NO_INDEX = '1'

    # One real install of 1.0.0, copied for each case (cp -a keeps the venv's links; its
    # python runs from any folder).
    $script:template = Join-Path $TestDrive 'template'
    $env:STACKPACK_HOME = $template
    try { Install-Pack "$source=v1.0.0" | Out-Null } finally { Remove-Item env:STACKPACK_HOME }
    # Tells the old virtualenv from a new one.
    Set-Content (Join-Path $template 'virtualenvs/pyk/built-for.txt') '1.0.0'

    function script:New-CaseHome([string] $Name) {
        $homeDir = Join-Path $TestDrive $Name
        & cp -a $template $homeDir
        if ($LASTEXITCODE -ne 0) { throw "cp -a failed" }
        $homeDir
    }

    function script:Stop-InstallWhen {
        <# Starts Install-Pack pyk=v2.0.0 in a fresh pwsh, waits until $Signal exists, kills the install (SIGKILL). #>
        param([string] $HomeDir, [string] $Signal, [hashtable] $Environment = @{}, [string] $PathPrefix = '')
        $script = "`$env:STACKPACK_HOME = '$HomeDir'; `$env:PATH = '$PathPrefix' + `$env:PATH; Import-Module '$env:STACKPACK_TEST_MODULE'; Install-Pack '$source=v2.0.0'"
        $encoded = [Convert]::ToBase64String([Text.Encoding]::Unicode.GetBytes($script))
        $pwsh = Get-FreshPwsh
        $saved = @{}
        try {
            foreach ($key in $Environment.Keys) {
                $saved[$key] = [Environment]::GetEnvironmentVariable($key)
                [Environment]::SetEnvironmentVariable($key, $Environment[$key])
            }
            $process = Start-Process -FilePath $pwsh[0] -ArgumentList (@($pwsh | Select-Object -Skip 1) + @('-NoProfile', '-NonInteractive', '-EncodedCommand', $encoded)) -PassThru -RedirectStandardError (Join-Path $HomeDir 'stderr.txt') -RedirectStandardOutput (Join-Path $HomeDir 'stdout.txt')
        }
        finally {
            foreach ($key in $saved.Keys) { [Environment]::SetEnvironmentVariable($key, $saved[$key]) }
        }

        # Hang guard only (a loaded machine builds a virtualenv slowly): the signal appears or the install ends.
        $deadline = (Get-Date).AddMinutes(3)
        while (-not (Test-Path $Signal) -and -not $process.HasExited -and (Get-Date) -lt $deadline) { Start-Sleep -Milliseconds 100 }
        if (-not (Test-Path $Signal)) {
            if (-not $process.HasExited) { Stop-Process -Id $process.Id -Force }
            throw "The install never got to '$Signal': $(Get-Content (Join-Path $HomeDir 'stderr.txt') -Raw) $(Get-Content (Join-Path $HomeDir 'stdout.txt') -Raw)"
        }
        Stop-Process -Id $process.Id -Force   # SIGKILL on Unix
        $process.WaitForExit()
        $process.Id
    }

    function script:Stop-InstallAt {
        <# Kills Install-Pack pyk=v2.0.0 where STACKPACK_TEST_PAUSE_AT=$Point made it wait. #>
        param([string] $HomeDir, [string] $Point, [switch] $Fallback)
        $pauseFile = Join-Path $HomeDir "paused-$Point"
        $killed = Stop-InstallWhen -HomeDir $HomeDir -Signal $pauseFile -Environment @{
            STACKPACK_TEST_PAUSE_AT = $Point
            STACKPACK_TEST_PAUSE_FILE = $pauseFile
            STACKPACK_FORCE_RENAME_FALLBACK = if ($Fallback) { '1' } else { $null }
        }
        [int](Get-Content $pauseFile -Raw) | Should -Be $killed -Because 'the installing process itself paused there'
        Remove-Item $pauseFile
    }

    function script:Assert-PackSettled {
        <# After the next command: the given version with the virtualenv built for it, nothing left behind. #>
        param([string] $HomeDir, [ValidateSet('1.0.0', '2.0.0')] [string] $Version)
        $env:STACKPACK_HOME = $HomeDir
        try { $pack = Get-Pack pyk } finally { Remove-Item env:STACKPACK_HOME }
        $pack.Version | Should -Be $Version
        $venv = Join-Path $HomeDir 'virtualenvs/pyk'
        & (Join-Path $venv 'bin/python') -c 'print(6 * 7)' | Should -Be '42' -Because 'the virtualenv works'
        Test-Path (Join-Path $venv 'built-for.txt') | Should -Be ($Version -eq '1.0.0') -Because 'the pack has the virtualenv built for it'
        Test-Path (Join-Path $venv 'bin/pip') | Should -BeTrue -Because 'the virtualenv is complete'
        Get-ChildItem (Join-Path $HomeDir 'virtualenvs') -Force -Filter '.pyk.previous-*' | Should -BeNullOrEmpty
        Get-ChildItem (Join-Path $HomeDir 'locks') -Filter '*.install.json' | Should -BeNullOrEmpty
        Get-ChildItem (Join-Path $HomeDir 'packs/pyk') -Force -Filter '.stackpack-install-*' | Should -BeNullOrEmpty
        Test-Path (Join-Path $HomeDir 'packs/.stackpack-staging') | Should -BeFalse
    }

    function script:Assert-RetryWorks([string] $HomeDir, [string] $Action) {
        $env:STACKPACK_HOME = $HomeDir
        try { $result = Install-Pack "$source=v2.0.0" -ErrorAction Stop } finally { Remove-Item env:STACKPACK_HOME }
        $result.Action | Should -Be $Action
        & (Join-Path $HomeDir 'virtualenvs/pyk/bin/python') -c 'print(6 * 7)' | Should -Be '42'
        Test-Path (Join-Path $HomeDir 'virtualenvs/pyk/built-for.txt') | Should -BeFalse
    }
}

AfterAll { Remove-Item env:PIP_NO_INDEX -ErrorAction SilentlyContinue }

Describe 'Install-Pack killed during an upgrade (<Path> swap)' -ForEach @(
    @{ Path = 'renameat2'; Fallback = $false }
    @{ Path = 'two-rename fallback'; Fallback = $true }
) {
    # The virtualenv steps come before the swap: the same on both paths, so run once.
    if (-not $Fallback) {
        It 'killed while the virtualenv is rebuilt: the old pack keeps its old virtualenv, and a retry upgrades' {
            # The issue's case: python -m venv had made an empty virtualenv; the old one was aside.
            $homeDir = New-CaseHome "rebuild-$Fallback"
            Stop-InstallAt -HomeDir $homeDir -Point 'venv-rebuild' -Fallback:$Fallback
            Test-Path (Join-Path $homeDir 'virtualenvs/pyk/bin/pip') | Should -BeFalse -Because 'the kill left a half-built virtualenv'
            Assert-PackSettled -HomeDir $homeDir -Version '1.0.0'
            Assert-RetryWorks -HomeDir $homeDir -Action 'Upgraded'
        }

        It 'killed with the new virtualenv complete, just before the swap: the old pack and old virtualenv stay' {
            $homeDir = New-CaseHome "before-$Fallback"
            Stop-InstallAt -HomeDir $homeDir -Point 'before-swap' -Fallback:$Fallback
            Assert-PackSettled -HomeDir $homeDir -Version '1.0.0'
        }
    }
    else {
        It 'killed between the two renames (the pack folder is missing): the old copy comes back' {
            $homeDir = New-CaseHome "between-$Fallback"
            Stop-InstallAt -HomeDir $homeDir -Point 'swap-between-moves' -Fallback:$Fallback
            Test-Path (Join-Path $homeDir 'packs/pyk') | Should -BeFalse -Because 'the kill came between the moves'
            Test-Path (Join-Path $homeDir 'packs/.stackpack-staging/pyk.old/pack.yaml') | Should -BeTrue -Because 'the only copy waits at its fixed name'
            Assert-PackSettled -HomeDir $homeDir -Version '1.0.0'
        }
    }

    It 'killed just after the swap: the new pack keeps its new virtualenv, and a retry has nothing to do' {
        $homeDir = New-CaseHome "after-$Fallback"
        Stop-InstallAt -HomeDir $homeDir -Point 'after-swap' -Fallback:$Fallback
        Assert-PackSettled -HomeDir $homeDir -Version '2.0.0'
        Assert-RetryWorks -HomeDir $homeDir -Action 'Unchanged'
    }
}

Describe 'Install-Pack killed while a python child runs' {
    It 'the child dies with the installer (setpriv --pdeathsig), and the old virtualenv comes back' {
        $homeDir = New-CaseHome 'child'
        # A python3 first on PATH that hangs (as a stuck pip would), in the same process (exec).
        $bin = Join-Path $homeDir 'hung-bin'
        $childPid = Join-Path $homeDir 'child.pid'
        New-Item -ItemType Directory $bin | Out-Null
        Set-Content (Join-Path $bin 'python3') "#!/bin/sh`necho `$`$ > '$childPid.tmp' && mv '$childPid.tmp' '$childPid'`nexec sleep 600"
        & chmod +x (Join-Path $bin 'python3')

        Stop-InstallWhen -HomeDir $homeDir -Signal $childPid -PathPrefix ($bin + [IO.Path]::PathSeparator) | Out-Null
        $child = [int](Get-Content $childPid -Raw)
        $child | Should -BeGreaterThan 0

        # Hang guard only: the kernel kills it at once; without the fix it would sleep for 10 minutes.
        $deadline = (Get-Date).AddSeconds(60)
        while ((Test-Path "/proc/$child") -and (Get-Content "/proc/$child/stat" -Raw -ErrorAction SilentlyContinue) -notmatch '^\d+ \(\S+\) Z' -and (Get-Date) -lt $deadline) { Start-Sleep -Milliseconds 100 }
        (Get-Content "/proc/$child/cmdline" -Raw -ErrorAction SilentlyContinue) -replace "`0", ' ' | Should -Not -Match 'sleep 600' -Because 'the child died with the installer'

        Assert-PackSettled -HomeDir $homeDir -Version '1.0.0'
    }
}
