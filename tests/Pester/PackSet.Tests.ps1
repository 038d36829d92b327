BeforeAll {
    Import-Module $env:STACKPACK_TEST_MODULE -Force
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    $ProgressPreference = 'SilentlyContinue'

    # Real git repositories served through a real index file; app depends on base.
    $script:sources = Join-Path $TestDrive 'sources'
    $script:hello = New-TestGitPack -Path (Join-Path $sources 'stackstorm-hello') -Name 'hello' -Versions '0.1.0', '0.2.0', '1.0.0'
    $script:base = New-TestGitPack -Path (Join-Path $sources 'stackstorm-base') -Name 'base' -Versions '1.0.0', '2.0.0'
    $script:app = New-TestGitPack -Path (Join-Path $sources 'stackstorm-app') -Name 'app' -Versions '1.0.0' -Extra "dependencies:`n  - base"
    $script:index = Join-Path $TestDrive 'index.json'
    Set-Content $index (New-TestIndex @{
        hello = @{ version = '0.2.0'; versions = @('0.1.0', '0.2.0', '1.0.0'); repo_url = "file://$hello" }
        base  = @{ version = '1.0.0'; versions = @('1.0.0', '2.0.0'); repo_url = "file://$base" }
        app   = @{ version = '1.0.0'; repo_url = "file://$app" }
    })

    function script:New-Home { Join-Path $TestDrive ([guid]::NewGuid().ToString('N')) }
}

Describe 'Pack sets' {
    BeforeEach {
        $env:STACKPACK_HOME = New-Home
        $env:STACKPACK_INDEX_URL = $index
        $script:setFile = Join-Path $TestDrive "$([guid]::NewGuid().ToString('N')).yaml"
    }
    AfterEach { Remove-Item env:STACKPACK_HOME, env:STACKPACK_INDEX_URL -ErrorAction SilentlyContinue }

    It 'round-trips: export, apply on an empty home (all Installed, same commits), apply again (all Unchanged)' {
        Install-Pack hello, app -SkipVirtualEnv -NoRegister | Out-Null
        # A newer commit on the default branch after the export must not reach the second node.
        $exported = @{}; Get-Pack | ForEach-Object { $exported[$_.Ref] = $_.Commit }
        Export-PackSet -Path $setFile
        $text = Get-Content $setFile -Raw
        $text | Should -Match 'apiVersion: stackpack/v1'
        $text | Should -Match 'kind: PackSet'
        $text.IndexOf('ref: base') | Should -BeLessThan $text.IndexOf('ref: app') -Because 'dependencies come first'

        $env:STACKPACK_HOME = New-Home
        $first = Install-Pack -PackSet $setFile -SkipVirtualEnv -NoRegister
        @($first | Sort-Object Ref | ForEach-Object { "$($_.Ref) $($_.Action)" }) | Should -Be @('app Installed', 'base Installed', 'hello Installed')
        foreach ($pack in Get-Pack) { $pack.Commit | Should -Be $exported[$pack.Ref] -Because "$($pack.Ref) must be byte-identical" }
        (Get-Pack hello).Version | Should -Be '0.2.0'

        $second = Install-Pack -PackSet $setFile -SkipVirtualEnv -NoRegister
        @($second.Action | Select-Object -Unique) | Should -Be @('Unchanged')
        @($second).Count | Should -Be 3
    }

    It 'records the index name and version asked, never credentials, and the exact commit' {
        Install-Pack 'hello=0.1.0' -SkipVirtualEnv -NoRegister | Out-Null
        Install-Pack "file://$base" -SkipVirtualEnv -NoRegister | Out-Null
        Export-PackSet -Path $setFile
        $text = Get-Content $setFile -Raw
        $text | Should -Match '(?m)^- ref: hello\r?\n  source: hello\r?\n  indexUrl: .+index\.json\r?\n  version: 0\.1\.0\r?\n  commit: [0-9a-f]{40}'
        $text | Should -Match "source: $([regex]::Escape($base))\r?\n  commit: [0-9a-f]{40}"
        $text | Should -Not -Match 'indexUrl: .*@' 
    }

    It 'never writes credentials: a user-info password and a query token stay out of the set, and -Credential brings them back on apply' {
        $server = Start-LoopbackServer
        try {
            $server.ServeGit('/git', $sources) # the query token is only sent along: this mount asks for no password
            Install-Pack ($server.Url('/git/stackstorm-base') + '?private_token=SeCrEt-ToKeN') -SkipVirtualEnv -NoRegister | Out-Null
            $server.ServeGit('/git', $sources, 'deploy', 'pa55-W0rd')
            Install-Pack $server.Url('/git/stackstorm-hello').Replace('http://', 'http://deploy:pa55-W0rd@') -SkipVirtualEnv -NoRegister | Out-Null
            Export-PackSet -Path $setFile
            $text = Get-Content $setFile -Raw
            $text | Should -Not -Match 'pa55-W0rd|SeCrEt|deploy@'
            $text | Should -Match ([regex]::Escape("source: $($server.Url('/git/stackstorm-hello'))"))
            $text | Should -Match ([regex]::Escape("source: $($server.Url('/git/stackstorm-base'))"))

            $env:STACKPACK_HOME = New-Home
            $credential = [pscredential]::new('deploy', (ConvertTo-SecureString 'pa55-W0rd' -AsPlainText -Force))
            @((Install-Pack -PackSet $setFile -Credential $credential -SkipVirtualEnv -NoRegister).Action) | Should -Be @('Installed', 'Installed')
        }
        finally { $server.Dispose() }
    }

    It 'applies commits before versions: a set pinned to a commit installs that commit, not the tag''s newer one' {
        $old = (Invoke-Git $hello rev-parse v0.1.0).Trim()
        Set-Content $setFile "apiVersion: stackpack/v1`nkind: PackSet`npacks:`n  - ref: hello`n    source: hello`n    version: 1.0.0`n    commit: $old"
        $result = Install-Pack -PackSet $setFile -SkipVirtualEnv -NoRegister
        $result.Commit | Should -Be $old
        $result.Version | Should -Be '0.1.0'
    }

    It '-Exact removes installed packs the set does not name (dependants first), never system packs or what the set needs' {
        Install-Pack hello, app -SkipVirtualEnv -NoRegister | Out-Null
        New-TestPack -BasePath (Join-Path $env:STACKPACK_HOME 'packs') -Name 'core' | Out-Null
        New-TestPack -BasePath (Join-Path $env:STACKPACK_HOME 'packs') -Name 'extra_user' -Extra 'dependencies: [hello]' | Out-Null
        Set-Content $setFile "apiVersion: stackpack/v1`nkind: PackSet`npacks:`n  - ref: app`n    source: app"
        $before = Get-TreeSnapshot $env:STACKPACK_HOME
        $err = $null
        Install-Pack -PackSet $setFile -Exact -SkipVirtualEnv -NoRegister -WhatIf -ErrorVariable err -WarningVariable warn | Where-Object Action -eq 'Removed' | Should -BeNullOrEmpty
        $err | Should -BeNullOrEmpty
        $warn | Should -BeNullOrEmpty
        Get-TreeSnapshot $env:STACKPACK_HOME | Should -Be $before
        $results = Install-Pack -PackSet $setFile -Exact -SkipVirtualEnv -NoRegister
        @($results | Where-Object Action -eq 'Removed' | ForEach-Object Ref) | Should -Be @('extra_user', 'hello')
        @(Get-Pack | ForEach-Object Ref | Sort-Object) | Should -Be @('app', 'base', 'core')
        $again = Install-Pack -PackSet $setFile -Exact -SkipVirtualEnv -NoRegister
        @($again.Action | Select-Object -Unique) | Should -Be @('Unchanged')
    }

    It '-Exact removes nothing when a pack of the set fails' {
        Install-Pack hello -SkipVirtualEnv -NoRegister | Out-Null
        Set-Content $setFile "apiVersion: stackpack/v1`nkind: PackSet`npacks:`n  - ref: nosuch`n    source: nosuch"
        $err = $null
        $results = Install-Pack -PackSet $setFile -Exact -SkipVirtualEnv -NoRegister -ErrorVariable err -ErrorAction SilentlyContinue -WarningVariable warn -WarningAction SilentlyContinue
        $err.Count | Should -BeGreaterThan 0
        $warn -join "`n" | Should -Match 'no other pack was removed'
        $results | Should -BeNullOrEmpty
        (Get-Pack hello).Ref | Should -Be 'hello'
    }

    It 'refuses a bad file with InvalidPackSet naming the file and line, and changes nothing' -TestCases @(
        @{ Text = "apiVersion: stackpack/v1`nkind: PackSet`npacks:`n  - ref: hello`n    sourse: hello"; Line = 5; Says = "unknown key 'sourse'" }
        @{ Text = "apiVersion: stackpack/v2`nkind: PackSet`npacks: []"; Line = 1; Says = 'stackpack/v2' }
        @{ Text = "apiVersion: stackpack/v1`nkind: PackSet`npacks:`n  - ref: hello`n  - ref: hello"; Line = 5; Says = "twice \(first at line 4\)" }
        @{ Text = "apiVersion: stackpack/v1`nkind: PackSet`npacks:`n  - ref: hello`n    commit: nothex!"; Line = 5; Says = 'not a git commit' }
        @{ Text = "apiVersion: stackpack/v1`nkind: PackSet`npacks:`n  - ref: hello`n    source: https://user:hunter2@example.invalid/hello"; Line = 5; Says = 'credentials' }
        @{ Text = "apiVersion: stackpack/v1`nkind: PackSet`npacks:`n  - ref: [a"; Line = 5; Says = 'not valid YAML' }
    ) {
        param($Text, $Line, $Says)
        Set-Content $setFile $Text
        $before = Get-TreeSnapshot $env:STACKPACK_HOME
        $err = $null
        Install-Pack -PackSet $setFile -ErrorVariable err -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        $err[0].FullyQualifiedErrorId | Should -BeLike 'InvalidPackSet,*'
        $err[0].Exception.Message | Should -Match ([regex]::Escape($setFile))
        $err[0].Exception.Message | Should -Match "line $Line\b"
        $err[0].Exception.Message | Should -Match $Says
        $err[0].Exception.Message | Should -Not -Match 'hunter2'
        Get-TreeSnapshot $env:STACKPACK_HOME | Should -Be $before
    }

    It 'refuses a missing file with PackSetNotFound and a FIFO without hanging' {
        $err = $null
        Install-Pack -PackSet (Join-Path $TestDrive 'nosuch.yaml') -ErrorVariable err -ErrorAction SilentlyContinue
        $err[0].FullyQualifiedErrorId | Should -BeLike 'PackSetNotFound,*'
        $fifo = Join-Path $TestDrive 'fifo.yaml'
        & mkfifo $fifo
        $err = $null
        Install-Pack -PackSet $fifo -ErrorVariable err -ErrorAction SilentlyContinue
        $err[0].FullyQualifiedErrorId | Should -BeLike 'InvalidPackSet,*'
        $err[0].Exception.Message | Should -Match 'cannot be read'
    }

    It 'Export-PackSet takes Get-Pack output, honours -NoClobber and -WhatIf' {
        Install-Pack hello, base -SkipVirtualEnv -NoRegister | Out-Null
        Get-Pack hello | Export-PackSet -Path $setFile
        (Get-Content $setFile -Raw) | Should -Not -Match 'ref: base'
        $err = $null
        Export-PackSet -Path $setFile -NoClobber -ErrorVariable err -ErrorAction SilentlyContinue
        $err[0].FullyQualifiedErrorId | Should -BeLike 'PackSetExists,*'
        $other = Join-Path $TestDrive 'whatif.yaml'
        Export-PackSet -Path $other -WhatIf
        Test-Path $other | Should -BeFalse
    }
}
