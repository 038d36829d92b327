# Update-Pack and Get-Pack -Outdated against a loopback index and real git repositories.
BeforeAll {
    Import-Module $env:STACKPACK_TEST_MODULE -Force
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    $ProgressPreference = 'SilentlyContinue'

    $script:sources = Join-Path $TestDrive 'sources'
    $script:hello = New-TestGitPack -Path (Join-Path $sources 'stackstorm-hello') -Name 'hello' -Versions '0.1.0', '0.2.0', '1.0.0'
    $script:base = New-TestGitPack -Path (Join-Path $sources 'stackstorm-base') -Name 'base' -Versions '1.0.0', '2.0.0'
    $script:server = Start-LoopbackServer
    $script:indexUrl = $server.Url('/index.json')
    $script:publish = {
        param([string] $HelloVersion, [string] $ETag)
        $versions = @('0.1.0', '0.2.0', '1.0.0') | Where-Object { [version]$_ -le [version]$HelloVersion }
        $server.Set('/index.json', 200, (New-TestIndex @{
            hello = @{ version = $HelloVersion; versions = @($versions); repo_url = "file://$hello" }
            base  = @{ version = '2.0.0'; versions = @('1.0.0', '2.0.0'); repo_url = "file://$base" }
            # Another repository claiming the ref of a pack installed from elsewhere: never followed.
            forked = @{ version = '9.9.9'; versions = @('9.9.9'); repo_url = "file://$hello" }
        }), $ETag) | Out-Null
    }
}
AfterAll { $server.Dispose() }

Describe 'Update-Pack' {
    BeforeEach {
        $env:STACKPACK_HOME = Join-Path $TestDrive ([guid]::NewGuid().ToString('N'))
        $env:STACKPACK_INDEX_URL = $indexUrl
        $script:packs = Join-Path $env:STACKPACK_HOME 'packs'
        & $publish '0.1.0' '"v1"'
        Install-Pack hello, 'base=1.0.0' | Out-Null
    }
    AfterEach { Remove-Item env:STACKPACK_HOME, env:STACKPACK_INDEX_URL -ErrorAction SilentlyContinue }

    It 'lists outdated packs with LatestVersion only when asked, as soon as the index publishes' {
        (Get-Pack -Outdated).Ref | Should -Be @('base')
        (Get-Pack -Outdated).LatestVersion | Should -Be '2.0.0'
        & $publish '1.0.0' '"v3"'
        $outdated = Get-Pack -Outdated
        $outdated.Ref | Should -Be @('base', 'hello')
        ($outdated | Where-Object Ref -eq hello).LatestVersion | Should -Be '1.0.0'
        (Get-Pack hello).LatestVersion | Should -BeNullOrEmpty -Because 'filled only with -Outdated'
        # The default table shows the way each pack would go.
        (Get-Pack -Outdated | Out-String -Width 200) | Should -Match 'base\s+1\.0\.0 -> 2\.0\.0'
        (Get-Pack hello | Out-String -Width 200) | Should -Not -Match '->'
    }

    It 'changes nothing with -WhatIf, then moves every pack from an index to its newest version; again, all Unchanged' {
        & $publish '1.0.0' '"v3"'
        $before = Get-TreeSnapshot $packs
        Update-Pack -WhatIf | Should -BeNullOrEmpty
        Get-TreeSnapshot $packs | Should -Be $before

        $result = Update-Pack
        $result | Should -BeOfType ([StackPack.InstallResult])
        ($result | Where-Object Ref -eq hello).Action | Should -Be 'Upgraded'
        ($result | Where-Object Ref -eq hello).Version | Should -Be '1.0.0'
        ($result | Where-Object Ref -eq base).Version | Should -Be '2.0.0'
        (Update-Pack).Action | Should -Be @('Unchanged', 'Unchanged')
        Get-Pack -Outdated | Should -BeNullOrEmpty
    }

    It 'takes names with wildcards, and Get-Pack -Outdated from the pipeline' {
        & $publish '0.2.0' '"v2"'
        $result = Update-Pack h*
        $result.Ref | Should -Be 'hello'
        $result.Version | Should -Be '0.2.0'
        (Get-Pack base).Version | Should -Be '1.0.0'
        (Get-Pack -Outdated | Update-Pack).Ref | Should -Be 'base'
        (Get-Pack base).Version | Should -Be '2.0.0'
    }

    It 'stops at the version an installed pack pins, saying which one' {
        New-TestPack -BasePath $packs -Name 'holder' -Extra "dependencies:`n  - base=1.0.0" | Out-Null
        $result = Update-Pack base -WarningVariable warnings -WarningAction SilentlyContinue
        $result.Action | Should -Be 'Unchanged'
        $result.Version | Should -Be '1.0.0'
        $warnings | Should -Match "goes to 1\.0\.0, not 2\.0\.0: the installed pack 'holder' pins it"
    }

    It 'leaves packs that did not come from an index (even when an index lists their ref elsewhere), and says so when one is named' {
        $fork = New-TestGitPack -Path (Join-Path $TestDrive 'fork/stackstorm-forked') -Name 'forked' -Versions '0.5.0'
        Install-Pack $fork | Out-Null
        (Update-Pack).Ref | Should -Not -Contain 'forked'
        $err = $null
        Update-Pack forked -ErrorVariable err -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        $err[0].FullyQualifiedErrorId | Should -BeLike 'PackNotFromIndex,*'
        (Get-Pack forked).Version | Should -Be '0.5.0'
        Get-Pack -Outdated | Where-Object Ref -eq forked | Should -BeNullOrEmpty
        Update-Pack nosuch -ErrorVariable err -ErrorAction SilentlyContinue
        $err[0].FullyQualifiedErrorId | Should -BeLike 'PackNotFound,*'
    }

    It 'revalidates the index (a conditional request) and falls back to the cached copy with a warning' {
        $server.ClearRequests()
        Update-Pack hello | Out-Null
        @($server.Requests | Where-Object Path -eq '/index.json')[0].Header('If-None-Match') | Should -Be '"v1"'
        $server.Set('/index.json', 500, 'broken') | Out-Null
        $result = Update-Pack hello -WarningVariable warnings -WarningAction SilentlyContinue
        $result.Action | Should -Be 'Unchanged'
        $warnings | Should -Match 'using its cached copy'
    }
}
