BeforeAll {
    Import-Module $env:STACKPACK_TEST_MODULE -Force
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    $ProgressPreference = 'SilentlyContinue'
    $script:sources = Join-Path $TestDrive 'sources'
}

Describe 'Install-Pack virtualenvs (real python3 -m venv)' {
    BeforeAll {
        $script:pyPack = New-TestGitPack -Path (Join-Path $sources 'stackstorm-pyp') -Name 'pyp' -Versions '1.0.0', '2.0.0' -Files 'actions/run.yaml', 'actions/run.py'
        Set-Content (Join-Path $pyPack 'requirements.txt') ''
        Invoke-Git $pyPack add -A | Out-Null
        Invoke-Git $pyPack commit -q -m 'empty requirements' | Out-Null
        Invoke-Git $pyPack tag v2.0.1 | Out-Null
        Set-Content (Join-Path $pyPack 'CHANGES.txt') 'same requirements, new commit'
        Invoke-Git $pyPack commit -q -am 'docs only' | Out-Null
        Invoke-Git $pyPack tag v2.0.2 | Out-Null
        # A version whose requirements cannot be met (no package index here: pip is told so).
        Set-Content (Join-Path $pyPack 'requirements.txt') 'stackpack-package-that-does-not-exist==9.9.9'
        Invoke-Git $pyPack add -A | Out-Null
        Invoke-Git $pyPack commit -q -m 'impossible requirement' | Out-Null
        Invoke-Git $pyPack tag broken | Out-Null
        $env:STACKPACK_HOME = Join-Path $TestDrive 'venv-home'
        $env:PIP_NO_INDEX = '1'
        $script:venv = Join-Path $env:STACKPACK_HOME 'virtualenvs/pyp'
    }
    AfterAll { Remove-Item env:STACKPACK_HOME, env:PIP_NO_INDEX -ErrorAction SilentlyContinue }

    It 'creates the virtualenv for a pack with Python content' {
        $result = Install-Pack "$pyPack=v2.0.1"
        $result.VirtualEnv | Should -Be $venv
        Test-Path (Join-Path $venv 'bin/python') | Should -BeTrue
    }

    It 'reuses the virtualenv when requirements.txt has not changed' {
        $python = Get-Item (Join-Path $venv 'pyvenv.cfg')
        (Install-Pack "$pyPack=v2.0.2").Action | Should -Be 'Reinstalled'
        (Get-Item (Join-Path $venv 'pyvenv.cfg')).LastWriteTimeUtc | Should -Be $python.LastWriteTimeUtc
    }

    It 'fails with pip''s message and leaves the installed pack and its virtualenv as they were' {
        $before = Get-TreeSnapshot (Join-Path $env:STACKPACK_HOME 'packs')
        $err = $null
        Install-Pack "$pyPack=broken" -ErrorVariable err -ErrorAction SilentlyContinue
        $err[0].FullyQualifiedErrorId | Should -BeLike 'VirtualEnvFailed,*'
        $err[0].Exception.Message | Should -Match 'stackpack-package-that-does-not-exist'
        Get-TreeSnapshot (Join-Path $env:STACKPACK_HOME 'packs') | Should -Be $before
        Test-Path (Join-Path $venv 'bin/python') | Should -BeTrue
        (Get-Pack pyp).Tag | Should -Be 'v2.0.2'
    }

    It 'skips the virtualenv with -SkipVirtualEnv, and for packs without Python content' {
        (Install-Pack "$pyPack=v1.0.0" -SkipVirtualEnv).Action | Should -Be 'Downgraded'
        $plain = New-TestGitPack -Path (Join-Path $sources 'stackstorm-nopy') -Name 'nopy'
        (Install-Pack $plain).VirtualEnv | Should -BeNullOrEmpty
        Test-Path (Join-Path $env:STACKPACK_HOME 'virtualenvs/nopy') | Should -BeFalse
    }
}

Describe 'Install-Pack when the process is killed mid-install' {
    It 'leaves the old version working, and the next run cleans up and installs' {
        $home1 = Join-Path $TestDrive 'killed-home'
        $gitRoot = Join-Path $TestDrive 'killed-git'
        $source = New-TestGitPack -Path (Join-Path $sources 'stackstorm-slow') -Name 'slow' -Versions '1.0.0', '2.0.0'
        New-Item -ItemType Directory $gitRoot | Out-Null
        Invoke-Git $TestDrive clone -q --bare $source (Join-Path $gitRoot 'slow.git') | Out-Null
        $server = Start-LoopbackServer
        try {
            $url = $server.Url('/git/slow.git')
            $server.ServeGit('/git', $gitRoot)
            $env:STACKPACK_HOME = $home1
            Install-Pack "$url=1.0.0" | Out-Null
            $before = Get-TreeSnapshot (Join-Path $home1 'packs/slow')

            # The upgrade's fetch now takes 30 s: kill the installing process while it waits.
            $server.ServeGit('/git', $gitRoot, $null, $null, 30000)
            $pwsh = Get-FreshPwsh
            $script = "`$env:STACKPACK_HOME = '$home1'; Import-Module '$env:STACKPACK_TEST_MODULE'; Install-Pack '$url=2.0.0'"
            $encoded = [Convert]::ToBase64String([Text.Encoding]::Unicode.GetBytes($script))
            $process = Start-Process -FilePath $pwsh[0] -ArgumentList (@($pwsh | Select-Object -Skip 1) + @('-NoProfile', '-NonInteractive', '-EncodedCommand', $encoded)) -PassThru
            $staging = Join-Path $home1 'packs/.stackpack-staging'
            $deadline = (Get-Date).AddSeconds(25)
            while (-not (Test-Path $staging) -and (Get-Date) -lt $deadline) { Start-Sleep -Milliseconds 100 }
            Start-Sleep -Milliseconds 500
            Stop-Process -Id $process.Id -Force
            $process.WaitForExit()

            Test-Path $staging | Should -BeTrue -Because 'the killed process could not clean up'
            Get-TreeSnapshot (Join-Path $home1 'packs/slow') | Should -Be $before
            (Get-Pack slow).Version | Should -Be '1.0.0'

            $server.ServeGit('/git', $gitRoot)
            (Install-Pack "$url=2.0.0").Action | Should -Be 'Upgraded'
            Test-Path $staging | Should -BeFalse -Because 'the next run removes what the dead process left'
        }
        finally {
            $server.Dispose()
            Remove-Item env:STACKPACK_HOME -ErrorAction SilentlyContinue
        }
    }
}

Describe 'Install-Pack in a session' {
    It 'shows parent and child progress when a person is there' {
        $env:STACKPACK_HOME = Join-Path $TestDrive 'progress-home'
        try {
            $source = New-TestGitPack -Path (Join-Path $sources 'stackstorm-shown') -Name 'shown'
            $run = Invoke-WithScriptedHost -Script "Install-Pack '$source' -SkipVirtualEnv"
            $run.Errors | Should -BeNullOrEmpty
            $run.Host.Progress | Where-Object { $_ -like 'Installing packs | *' } | Should -Not -BeNullOrEmpty
            $run.Host.Progress | Where-Object { $_ -like 'shown | Fetching *| 51 | Processing' } | Should -Not -BeNullOrEmpty
            $run.Host.Progress[-1] | Should -BeLike '*| Completed'
        }
        finally { Remove-Item env:STACKPACK_HOME -ErrorAction SilentlyContinue }
    }

    It 'stops promptly on Ctrl+C during a stalled fetch, and leaves the installed pack as it was' {
        $homeDir = Join-Path $TestDrive 'stop-home'
        $gitRoot = Join-Path $TestDrive 'stop-git'
        $source = New-TestGitPack -Path (Join-Path $sources 'stackstorm-stopme') -Name 'stopme' -Versions '1.0.0', '2.0.0'
        New-Item -ItemType Directory $gitRoot | Out-Null
        Invoke-Git $TestDrive clone -q --bare $source (Join-Path $gitRoot 'stopme.git') | Out-Null
        $server = Start-LoopbackServer
        $ps = $null
        try {
            $server.ServeGit('/git', $gitRoot)
            $url = $server.Url('/git/stopme.git')
            $env:STACKPACK_HOME = $homeDir
            Install-Pack "$url=1.0.0" -SkipVirtualEnv | Out-Null
            $before = Get-TreeSnapshot (Join-Path $homeDir 'packs/stopme')
            $server.ServeGit('/git', $gitRoot, $null, $null, 30000)

            $ps = [powershell]::Create()
            [void]$ps.AddScript("Import-Module '$env:STACKPACK_TEST_MODULE'; Install-Pack '$url=2.0.0' -SkipVirtualEnv")
            $async = $ps.BeginInvoke()
            $staging = Join-Path $homeDir 'packs/.stackpack-staging'
            $deadline = (Get-Date).AddSeconds(20)
            while (-not ($server.Requests | Where-Object Method -eq 'POST') -and (Get-Date) -lt $deadline) { Start-Sleep -Milliseconds 100 }
            $stopped = Measure-Command { $ps.Stop() }

            $stopped.TotalSeconds | Should -BeLessThan 5
            Get-TreeSnapshot (Join-Path $homeDir 'packs/stopme') | Should -Be $before
            (Get-Pack stopme).Version | Should -Be '1.0.0'
            Test-Path $staging | Should -BeFalse -Because 'the stopped install removes its staging'
        }
        finally {
            if ($ps) { $ps.Dispose() }
            $server.Dispose()
            Remove-Item env:STACKPACK_HOME -ErrorAction SilentlyContinue
        }
    }
}

Describe 'Install-Pack with real packs from ../shared/fixtures' {
    It 'installs real packs built as git repositories with their real tags' {
        $fixtures = Get-FixturesPath
        if (-not $fixtures) { Set-ItResult -Skipped -Because '../shared/fixtures is not present beside the repository'; return }
        $env:STACKPACK_HOME = Join-Path $TestDrive 'fixture-home'
        try {
            foreach ($name in 'github', 'jira', 'slack') {
                $repo = Join-Path $TestDrive "fixture-src/stackstorm-$name"
                Copy-Item (Join-Path $fixtures "packs/$name") $repo -Recurse
                # ../shared is read-only in CI: make the copy writable before changing it.
                if (-not $IsWindows) { & chmod -R u+w $repo } else { Get-ChildItem $repo -Recurse -File | ForEach-Object { $_.IsReadOnly = $false } }
                Remove-Item (Join-Path $repo 'SOURCE.txt') -Force
                Invoke-Git $repo init -q | Out-Null
                Invoke-Git $repo add -A | Out-Null
                Invoke-Git $repo commit -q -m "real $name" | Out-Null
                $tags = (Get-Content (Join-Path $fixtures "packs/$name/SOURCE.txt")) -match '^\s+v\d' | ForEach-Object { $_.Trim() }
                $latest = $tags[-1]
                Invoke-Git $repo tag $latest | Out-Null
                $result = Install-Pack $repo -Version $latest -SkipVirtualEnv
                $result.Version | Should -Be $latest.TrimStart('v')
                $pack = Get-Pack $name
                $pack.Actions | Should -Be @(Get-ChildItem (Join-Path $fixtures "packs/$name/actions") -File | Where-Object { $_.Extension -in '.yaml', '.yml' -and $_.BaseName -ne 'config' }).Count
            }
        }
        finally { Remove-Item env:STACKPACK_HOME -ErrorAction SilentlyContinue }
    }
}
