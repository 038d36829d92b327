BeforeAll {
    Import-Module $env:STACKPACK_TEST_MODULE -Force
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    $ProgressPreference = 'SilentlyContinue'

    $script:sources = Join-Path $TestDrive 'sources'
    $script:hello = New-TestGitPack -Path (Join-Path $sources 'stackstorm-hello') -Name 'hello' -Versions '0.1.0', '0.2.0'
    $script:index = Join-Path $TestDrive 'index.json'
    Set-Content $index (New-TestIndex @{ hello = @{ version = '0.2.0'; versions = @('0.1.0', '0.2.0'); repo_url = "file://$hello" } })
}

Describe 'Install-Pack -Destination when the pack is installed in another packs path' {
    BeforeEach {
        $env:STACKPACK_HOME = Join-Path $TestDrive ([guid]::NewGuid().ToString('N'))
        $env:STACKPACK_INDEX_URL = $index
        $script:packs = Join-Path $env:STACKPACK_HOME 'packs'
        $script:other = Join-Path $env:STACKPACK_HOME 'other-packs'
        Install-Pack hello -SkipVirtualEnv -NoRegister | Out-Null
    }
    AfterEach { Remove-Item env:STACKPACK_HOME, env:STACKPACK_INDEX_URL -ErrorAction SilentlyContinue }

    It 'fails with PackInstalledElsewhere naming both paths, never a result pointing at nothing' {
        $before = Get-TreeSnapshot $env:STACKPACK_HOME
        $err = $null
        $result = Install-Pack hello -Destination $other -SkipVirtualEnv -NoRegister -ErrorVariable err -ErrorAction SilentlyContinue
        $result | Should -BeNullOrEmpty
        $err[0].FullyQualifiedErrorId | Should -BeLike 'PackInstalledElsewhere,*'
        $err[0].Exception.Message | Should -Match ([regex]::Escape((Join-Path $packs 'hello')))
        $err[0].Exception.Message | Should -Match ([regex]::Escape((Join-Path $other 'hello')))
        Get-TreeSnapshot $env:STACKPACK_HOME | Should -Be $before
    }

    It 'installs a second copy at the destination with -Force, and leaves the first alone' {
        $result = Install-Pack hello -Destination $other -Force -SkipVirtualEnv -NoRegister
        $result.Action | Should -Be 'Installed'
        $result.Path | Should -Be (Join-Path $other 'hello')
        Test-Path (Join-Path $other 'hello/pack.yaml') | Should -BeTrue
        Test-Path (Join-Path $packs 'hello/pack.yaml') | Should -BeTrue
    }

    It 'is Unchanged at the destination where it is installed' {
        Install-Pack hello -Destination $packs -SkipVirtualEnv -NoRegister | ForEach-Object Action | Should -Be 'Unchanged'
    }
}
