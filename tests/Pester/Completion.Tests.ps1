# Tab completion through PowerShell's own entry point (TabExpansion2), as a console or an editor calls it.
BeforeAll {
    Import-Module $env:STACKPACK_TEST_MODULE -Force
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    $ProgressPreference = 'SilentlyContinue'
    $script:server = Start-LoopbackServer

    function Complete([string] $line) {
        <# The completion texts PowerShell offers with the cursor at the end of the line. #>
        @((TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches.CompletionText)
    }

    $script:sources = Join-Path $TestDrive 'sources'
    $script:hello = New-TestGitPack -Path (Join-Path $sources 'stackstorm-hello') -Name 'hello' -Versions '0.1.0', '0.2.0', '1.0.0'
    $script:indexJson = New-TestIndex @{
        hello   = @{ version = '1.0.0'; versions = @('0.1.0', '0.2.0', '1.0.0'); repo_url = "file://$hello" }
        helpers = @{ version = '2.0.0'; versions = @('2.0.0') }
        github  = @{ version = '3.1.0'; versions = @('3.0.0', '3.1.0') }
    }
}

AfterAll { $server.Dispose() }

Describe 'Tab completion' {
    BeforeEach {
        $env:STACKPACK_HOME = Join-Path $TestDrive ([guid]::NewGuid().ToString('N'))
        $script:packs = Join-Path $env:STACKPACK_HOME 'packs'
        New-TestPack -BasePath $packs -Name 'hello' | Out-Null
        New-TestPack -BasePath $packs -Name 'helpdesk' | Out-Null
        New-TestPack -BasePath $packs -Name 'slack' | Out-Null
        New-Item -ItemType Directory (Join-Path $packs 'hexnotapack') | Out-Null   # no pack.yaml
        $script:indexPath = "/completion/$([guid]::NewGuid().ToString('N')).json"
        $server.Set($indexPath, 200, $indexJson) | Out-Null
        $env:STACKPACK_INDEX_URL = $server.Url($indexPath)
    }
    AfterEach { Remove-Item env:STACKPACK_HOME, env:STACKPACK_INDEX_URL -ErrorAction SilentlyContinue }

    Context 'installed packs' {
        It 'completes installed pack refs for -Name of <_>' -ForEach 'Get-Pack', 'Remove-Pack', 'Register-Pack', 'Get-PackConfig', 'Set-PackConfig' {
            Complete "$_ he" | Should -Be @('hello', 'helpdesk')
            Complete "$_ -Name s" | Should -Be @('slack')
            Complete "$_ zz" | Should -BeNullOrEmpty
        }

        It 'reads the packs of the st2.conf given with -ConfigFile' {
            $base = Join-Path $TestDrive 'st2base'
            New-TestPack -BasePath (Join-Path $base 'packs') -Name 'hubot' | Out-Null
            $conf = Join-Path $TestDrive 'st2.conf'
            Set-Content $conf "[system]`nbase_path = $base"
            Complete "Get-Pack -ConfigFile $conf h" | Should -Be @('hubot')
        }

        It 'reads a relative -ConfigFile from the session''s current location' {
            $base = Join-Path $TestDrive 'relbase'
            New-TestPack -BasePath (Join-Path $base 'packs') -Name 'relpack' | Out-Null
            $folder = New-Item -ItemType Directory (Join-Path $TestDrive ([guid]::NewGuid().ToString('N')))
            Set-Content (Join-Path $folder 'st2.conf') "[system]`nbase_path = $base"
            Push-Location $folder
            try { Complete 'Get-Pack -ConfigFile ./st2.conf re' | Should -Be @('relpack') }
            finally { Pop-Location }
        }

        It 'completes Update-Pack -Name and Test-Pack -Path' {
            Complete 'Update-Pack hel' | Should -Be @('hello', 'helpdesk')
            Complete 'Update-Pack -Name sl' | Should -Be @('slack')
            Complete 'Test-Pack sla' | Should -Be @((Join-Path $packs 'slack'))
        }

        It 'never follows a link in the packs path' {
            $outside = New-TestPack -BasePath (Join-Path $TestDrive 'outside') -Name 'sneaky'
            New-Item -ItemType SymbolicLink -Path (Join-Path $packs 'sneaky') -Target $outside | Out-Null
            Complete 'Get-Pack sn' | Should -BeNullOrEmpty
        }

        It 'offers nothing, and no error, when -ConfigFile is broken' {
            $Error.Clear()
            Complete "Get-Pack -ConfigFile $(Join-Path $TestDrive 'missing.conf') h" | Should -BeNullOrEmpty
        }
    }

    Context 'index packs, from the cached index only' {
        It 'offers nothing before the index was ever fetched, and sends no request' {
            $server.ClearRequests()
            Complete 'Install-Pack he' | Should -BeNullOrEmpty
            Complete 'Find-Pack -Name he' | Should -BeNullOrEmpty
            @($server.Requests | Where-Object Path -eq $indexPath).Count | Should -Be 0
        }

        It 'completes index names for Install-Pack and Find-Pack from the cache, with the server gone quiet' {
            Find-Pack hello | Out-Null   # caches the index
            $server.ClearRequests()
            Complete 'Install-Pack hel' | Should -Be @('hello', 'helpers')
            Complete 'Find-Pack -Name git' | Should -Be @('github')
            Complete 'Find-Pack git' | Should -Be @('github')
            @($server.Requests | Where-Object Path -eq $indexPath).Count | Should -Be 0
        }

        It 'completes name=version after the = from the index' {
            Find-Pack hello | Out-Null
            Complete 'Install-Pack hello=' | Should -Be @('hello=1.0.0', 'hello=0.2.0', 'hello=0.1.0')
            Complete 'Install-Pack hello=0.' | Should -Be @('hello=0.2.0', 'hello=0.1.0')
        }

        It 'reads a local index file given with -IndexUrl' {
            $file = Join-Path $TestDrive 'local-index.json'
            Set-Content $file (New-TestIndex @{ localonly = @{ version = '1.0.0' } })
            Complete "Install-Pack -IndexUrl $file loc" | Should -Be @('localonly')
        }
    }

    Context '-Version' {
        It 'completes the versions of the pack named by -Name from the index' {
            Find-Pack hello | Out-Null
            Complete 'Install-Pack github -Version ' | Should -Be @('3.1.0', '3.0.0')
        }

        It 'completes the tags of an installed git checkout when the index does not know the pack' {
            Remove-Item env:STACKPACK_INDEX_URL
            $env:STACKPACK_INDEX_URL = Join-Path $TestDrive 'no-such-index.json'
            Install-Pack "file://$hello" -SkipVirtualEnv -NoRegister -Force | Out-Null
            Complete 'Install-Pack hello -Version v0' | Should -Be @('v0.2.0', 'v0.1.0')
        }

        It 'offers no versions without a single -Name (PowerShell then falls back to file names)' {
            Find-Pack hello | Out-Null
            Complete 'Install-Pack -Version ' | Where-Object { $_ -match '^v?\d+\.\d+' } | Should -BeNullOrEmpty
            Complete 'Install-Pack hello, github -Version ' | Where-Object { $_ -match '^v?\d+\.\d+' } | Should -BeNullOrEmpty
        }
    }

    Context 'Set-PackConfig -Value keys' {
        It 'are not completed: PowerShell does not call argument completers inside a hashtable literal (PowerShell/PowerShell#3845)' {
            # Documented in about_StackPack; this test notices if a later PowerShell changes that.
            New-TestPack -BasePath $packs -Name 'schemed' -Extra '' | Out-Null
            Set-Content (Join-Path $packs 'schemed/config.schema.yaml') "token:`n  type: string"
            Complete 'Set-PackConfig schemed -Value @{ to' | Should -Not -Contain 'token'
        }
    }

    It 'answers quickly once warm (measured, not asserted beyond a hang guard)' {
        Complete 'Get-Pack he' | Out-Null
        $clock = [Diagnostics.Stopwatch]::StartNew()
        foreach ($i in 1..20) { Complete 'Get-Pack he' | Out-Null }
        $perCall = $clock.Elapsed.TotalMilliseconds / 20
        Write-Host ("Get-Pack -Name completion: {0:N1} ms per TabExpansion2 call (warm)" -f $perCall)
        $perCall | Should -BeLessThan 2000
    }
}
