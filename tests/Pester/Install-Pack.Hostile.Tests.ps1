# Hostile indexes, packs and git servers met by Install-Pack (issue 9: items 3, 9, 13, 14).
BeforeAll {
    Import-Module $env:STACKPACK_TEST_MODULE -Force
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    $ProgressPreference = 'SilentlyContinue'
    if (-not ('StackPack.Testing.StallingGitProxy' -as [type])) {
        Add-Type -Path (Join-Path $PSScriptRoot '../Shared/StallingGitProxy.cs')
    }

    $script:sources = Join-Path $TestDrive 'sources'
    # A repository reached through the index entry "helpful" whose pack.yaml says it is core.
    $script:evilCore = New-TestGitPack -Path (Join-Path $sources 'stackstorm-helpful') -Name 'core' -Versions '9.9.9'
    # One reached through "weather" that says it is "payroll".
    $script:evilPayroll = New-TestGitPack -Path (Join-Path $sources 'stackstorm-weather') -Name 'payroll' -Versions '6.6.6'
    $script:plain = New-TestGitPack -Path (Join-Path $sources 'stackstorm-plain') -Name 'plain' -Versions '1.0.0'
    $script:index = Join-Path $TestDrive 'index.json'
    Set-Content $index (New-TestIndex @{
        helpful = @{ version = '9.9.9'; versions = @('9.9.9'); repo_url = "file://$evilCore" }
        weather = @{ version = '6.6.6'; versions = @('6.6.6'); repo_url = "file://$evilPayroll" }
    })
}

Describe 'Install-Pack against hostile sources' {
    BeforeEach {
        $env:STACKPACK_HOME = Join-Path $TestDrive ([guid]::NewGuid().ToString('N'))
        $script:packs = Join-Path $env:STACKPACK_HOME 'packs'
        New-TestPack -BasePath $packs -Name core -Ref core -Version '3.8.0' | Out-Null
        New-TestPack -BasePath $packs -Name payroll -Ref payroll -Version '1.0.0' | Out-Null
    }
    AfterEach { Remove-Item env:STACKPACK_HOME, env:STACKPACK_FETCH_TIMEOUT -ErrorAction SilentlyContinue }

    It 'refuses a pack that says it is a system pack, reached through another index name, and changes nothing' {
        $before = Get-TreeSnapshot $packs
        $err = $null
        $result = Install-Pack helpful -IndexUrl $index -ErrorVariable err -ErrorAction SilentlyContinue
        $result | Should -BeNullOrEmpty
        $err[0].FullyQualifiedErrorId | Should -Be 'SystemPackProtected,StackPack.Commands.Cmdlets.InstallPackCommand'
        $err[0].Exception.Message | Should -Match "'helpful'"
        $err[0].Exception.Message | Should -Match 'pack\.yaml.*ref: core'
        Get-TreeSnapshot $packs | Should -Be $before
        (Get-Pack core).Version | Should -Be '3.8.0'
    }

    It 'replaces a system pack only with -Force, and warns even then (and under -WhatIf)' {
        $warnings = $null
        Install-Pack helpful -IndexUrl $index -Force -WhatIf -WarningVariable warnings 3>$null | Should -BeNullOrEmpty
        ($warnings -join "`n") | Should -Match 'system pack'
        (Get-Pack core).Version | Should -Be '3.8.0'

        $result = Install-Pack helpful -IndexUrl $index -Force -NoRegister -WarningVariable warnings 3>$null
        ($warnings -join "`n") | Should -Match 'system pack'
        $result.Ref | Should -Be 'core'
        $result.Version | Should -Be '9.9.9'
    }

    It 'refuses a pack whose ref is not the index entry it came through, naming both' {
        $err = $null
        Install-Pack weather -IndexUrl $index -ErrorVariable err -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        $err[0].FullyQualifiedErrorId | Should -Be 'PackRefMismatch,StackPack.Commands.Cmdlets.InstallPackCommand'
        $err[0].Exception.Message | Should -Match "'weather'.*ref: payroll"
        (Get-Pack payroll).Version | Should -Be '1.0.0'
    }

    It 'still installs a URL under its own pack.yaml ref' {
        (Install-Pack "file://$plain" -NoRegister).Ref | Should -Be 'plain'
    }

    It 'refuses a git pack whose pack.yaml names a local folder as a dependency (<Form>), and installs nothing' -ForEach @(
        @{ Form = 'path'; Request = { param($repo) $repo } }
        @{ Form = 'file:// URL'; Request = { param($repo) "file://$repo" } }
    ) {
        $secret = New-TestPack -BasePath (Join-Path $TestDrive 'some/local') -Name 'folder' -Ref 'secretstuff'
        $repo = Join-Path $TestDrive "deps-$([guid]::NewGuid().ToString('N'))/stackstorm-grabber"
        New-TestGitPack -Path $repo -Name 'grabber' -Extra "dependencies:`n  - $secret" | Out-Null
        $before = Get-TreeSnapshot $packs
        $err = $null
        Install-Pack (& $Request $repo) -NoRegister -ErrorVariable err -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        $err[0].FullyQualifiedErrorId | Should -Be 'InvalidPackSource,StackPack.Commands.Cmdlets.InstallPackCommand'
        $err[0].Exception.Message | Should -Match "'grabber'.*local path '$([regex]::Escape($secret))'"
        Get-TreeSnapshot $packs | Should -Be $before -Because 'nothing is installed, and no staging is left'
        Test-Path (Join-Path $packs 'secretstuff') | Should -BeFalse
    }

    Context 'A git server that sends part of a pack and then stalls' {
        BeforeAll {
            New-TestGitPack -Path (Join-Path $sources 'git/stackstorm-slow') -Name 'slow' | Out-Null
            # Incompressible content: a pack large enough to be cut in the middle.
            $blob = Join-Path $sources 'git/stackstorm-slow/blob.bin'
            [IO.File]::WriteAllBytes($blob, [Security.Cryptography.RandomNumberGenerator]::GetBytes(2000000))
            Invoke-Git (Split-Path $blob) add -A | Out-Null
            Invoke-Git (Split-Path $blob) commit -q -m 'big' | Out-Null
            $script:server = Start-LoopbackServer
            $server.ServeGit('/git', (Join-Path $sources 'git'))
            $script:proxy = [StackPack.Testing.StallingGitProxy]::new($server.Port)
            $script:slowUrl = $proxy.Url('/git/stackstorm-slow')
        }
        AfterAll { $proxy.Dispose(); $server.Dispose() }

        It 'fails within seconds with GitFetchTimeout naming the URL when STACKPACK_FETCH_TIMEOUT is small, and leaves no staging' {
            $env:STACKPACK_FETCH_TIMEOUT = '2'
            $err = $null
            $clock = [Diagnostics.Stopwatch]::StartNew()
            Install-Pack $slowUrl -ErrorVariable err -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
            $clock.Elapsed.TotalSeconds | Should -BeLessThan 30 # a hang guard: the server stalls for ever
            $err[0].FullyQualifiedErrorId | Should -Be 'GitFetchTimeout,StackPack.Commands.Cmdlets.InstallPackCommand'
            $err[0].Exception.Message | Should -Match ([regex]::Escape($slowUrl))
            Test-Path (Join-Path $packs '.stackpack-staging') | Should -BeFalse
            Test-Path (Join-Path $packs 'slow') | Should -BeFalse
        }

        It 'takes -TimeoutSec as the limit when it is given' {
            $err = $null
            $clock = [Diagnostics.Stopwatch]::StartNew()
            Install-Pack $slowUrl -TimeoutSec 2 -ErrorVariable err -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
            $clock.Elapsed.TotalSeconds | Should -BeLessThan 30
            $err[0].FullyQualifiedErrorId | Should -BeLike 'GitFetchTimeout,*'
            Test-Path (Join-Path $packs '.stackpack-staging') | Should -BeFalse
        }
    }

    It '-WhatIf fetches outside the packs path: an immutable packs folder does not stop it, and nothing appears there' {
        $before = Get-TreeSnapshot $packs
        chattr +i $packs 2>$null
        $immutable = $LASTEXITCODE -eq 0
        try {
            $err = $null
            Install-Pack "file://$plain" -WhatIf -ErrorVariable err
            $err | Should -BeNullOrEmpty
            Get-TreeSnapshot $packs | Should -Be $before
        }
        finally {
            if ($immutable) { chattr -i $packs }
        }
        Get-TreeSnapshot $packs | Should -Be $before
    }

    It 'does not split a query token at "=" into a version, and shows no token' {
        $server = Start-LoopbackServer
        try {
            $server.ServeGit('/git', $sources)
            $url = $server.Url('/git/stackstorm-plain') + '?private_token=SeCrEt-ToKeN=def'
            $result = Install-Pack $url -NoRegister -Verbose 4>&1 | Tee-Object -Variable all | Where-Object { $_ -is [StackPack.InstallResult] }
            $result.Version | Should -Be '1.0.0'
            ($all | Out-String) | Should -Not -Match 'SeCrEt'
            Get-Content (Join-Path $packs 'plain/.git/config') -Raw | Should -Not -Match 'SeCrEt'
            $server.Requests.Target -join "`n" | Should -Match 'SeCrEt-ToKeN'
        }
        finally { $server.Dispose() }
    }
}
