# Get-Pack objects piped into every cmdlet that works on installed packs: each stands for exactly
# the pack it lists (its ref, in its folder), never for whatever its display name would match.
BeforeAll {
    Import-Module $env:STACKPACK_TEST_MODULE -Force
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    $ProgressPreference = 'SilentlyContinue'
}

Describe 'Get-Pack objects in the pipeline' {
    BeforeEach {
        $env:STACKPACK_HOME = Join-Path $TestDrive ([guid]::NewGuid().ToString('N'))
        $script:packs = Join-Path $env:STACKPACK_HOME 'packs'
        $script:configs = Join-Path $env:STACKPACK_HOME 'configs'
        $manifest = "description: d`nversion: 1.0.0`nauthor: A`nemail: a@example.com`nname: "
        # The pack my_jira is displayed as 'jira', which is another pack's ref.
        New-TestPack -BasePath $packs -Name 'my_jira' -Manifest ($manifest + 'jira') | Out-Null
        New-TestPack -BasePath $packs -Name 'jira' | Out-Null
    }
    AfterEach { Remove-Item env:STACKPACK_HOME -ErrorAction SilentlyContinue }

    It 'Register-Pack registers the listed pack, not the one whose ref is its display name' {
        (Get-Pack my_jira).Name | Should -Be 'jira'
        @((Get-Pack my_jira | Register-Pack -PassThru).Pack) | Should -Be @('my_jira')
        (Get-Pack jira).RegisteredAt | Should -BeNullOrEmpty
        @(('jira' | Register-Pack -PassThru).Pack) | Should -Be @('jira') -Because 'a string still binds as a name'
    }

    It 'Set-PackConfig and Get-PackConfig work on the listed pack' {
        Get-Pack my_jira | Set-PackConfig -Value @{ url = 'https://jira.example.com' }
        Test-Path (Join-Path $configs 'my_jira.yaml') | Should -BeTrue
        Test-Path (Join-Path $configs 'jira.yaml') | Should -BeFalse
        @((Get-Pack my_jira | Get-PackConfig).Pack) | Should -Be @('my_jira')
    }

    It 'Export-PackSet describes the listed pack' {
        $file = Join-Path $TestDrive 'set.yaml'
        Get-Pack my_jira | Export-PackSet -Path $file -WarningAction SilentlyContinue
        $text = Get-Content $file -Raw
        $text | Should -Match 'ref: my_jira'
        $text | Should -Not -Match 'ref: jira\b'
    }

    It 'Update-Pack works on the listed pack (here: not from an index, said of my_jira)' {
        $err = $null
        Get-Pack my_jira | Update-Pack -IndexUrl (Join-Path $TestDrive 'none.json') -ErrorVariable err -ErrorAction SilentlyContinue -WarningAction SilentlyContinue | Out-Null
        @($err.TargetObject) | Should -Not -Contain 'jira'
    }

    It 'a listed pack removed since is PackNotFound everywhere, and nothing else is touched' {
        $listed = Get-Pack my_jira
        Remove-Pack my_jira
        $listed | Register-Pack -ErrorVariable e1 -ErrorAction SilentlyContinue | Out-Null
        $listed | Get-PackConfig -ErrorVariable e2 -ErrorAction SilentlyContinue | Out-Null
        $listed | Set-PackConfig -Value @{ a = 1 } -ErrorVariable e3 -ErrorAction SilentlyContinue | Out-Null
        foreach ($err in $e1, $e2, $e3) {
            $err[0].FullyQualifiedErrorId | Should -BeLike 'PackNotFound,*'
        }
        Test-Path (Join-Path $configs 'jira.yaml') | Should -BeFalse
        (Get-Pack jira).RegisteredAt | Should -BeNullOrEmpty
    }
}
