BeforeAll {
    Import-Module $env:STACKPACK_TEST_MODULE -Force
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    $ProgressPreference = 'SilentlyContinue'
}

Describe 'Register-Pack' {
    BeforeEach {
        $env:STACKPACK_HOME = Join-Path $TestDrive ([guid]::NewGuid().ToString('N'))
        $script:packs = Join-Path $env:STACKPACK_HOME 'packs'
        $script:demo = New-TestPack -BasePath $packs -Name 'demo' -Files 'actions/one.yaml', 'actions/two.yaml', 'rules/r.yaml', 'sensors/s.yaml', 'aliases/a.yaml', 'policies/p.yaml'
        New-TestPack -BasePath $packs -Name 'other' -Files 'actions/x.yaml' | Out-Null
    }
    AfterEach { Remove-Item env:STACKPACK_HOME, env:ST2_API_URL, env:ST2_API_KEY -ErrorAction SilentlyContinue }

    It 'registers every pack and reports the counts its files imply' {
        $results = Register-Pack -PassThru
        $results | Should -HaveCount 2
        $result = $results | Where-Object Pack -eq 'demo'
        $result | Should -BeOfType ([StackPack.RegistrationResult])
        $result.Registered | Should -BeTrue
        $result.Actions, $result.Rules, $result.Sensors, $result.Triggers, $result.Aliases, $result.Policies | Should -Be @(2, 1, 1, 1, 1, 1)
        $result.Errors | Should -BeNullOrEmpty
        [System.Xml.XmlConvert]::ToTimeSpan($result.Elapsed) | Should -BeOfType ([timespan])   # ISO 8601
    }

    It 'writes nothing to the pipeline without -PassThru' {
        Register-Pack demo | Should -BeNullOrEmpty
        (Get-Pack demo).RegistrationState | Should -Be 'Registered'
    }

    It 'fails a pack with a bad file, naming the file and line, keeps its previous registration, and goes on with the others' {
        Register-Pack demo
        $before = (Get-Pack demo).RegisteredAt
        Set-Content (Join-Path $demo 'actions/bad.yaml') "name: bad`nrunner_type: warp-drive"
        $err = $null

        $results = Register-Pack -PassThru -ErrorVariable err -ErrorAction SilentlyContinue

        ($results | Where-Object Pack -eq 'other').Registered | Should -BeTrue
        ($results | Where-Object Pack -eq 'demo').Registered | Should -BeFalse
        $err[0].FullyQualifiedErrorId | Should -Be 'RegistrationFailed,StackPack.Commands.Cmdlets.RegisterPackCommand'
        $err[0].Exception.Message | Should -Match 'actions/bad\.yaml:2: .runner_type. uses an unknown runner type "warp-drive"'
        (Get-Pack demo).RegisteredAt | Should -Be $before
    }

    It 'registers the good files with -ContinueOnError and warns about each bad one' {
        Set-Content (Join-Path $demo 'actions/bad.yaml') "runner_type: noop"
        $warnings = $null
        $result = Register-Pack demo -ContinueOnError -PassThru -WarningVariable warnings -WarningAction SilentlyContinue
        $result.Registered | Should -BeTrue
        $result.Actions | Should -Be 2
        "$warnings" | Should -Match "bad\.yaml.*'name' is required"
    }

    It 'makes deleted content disappear from the registry, and says what was removed' {
        Register-Pack demo
        Remove-Item (Join-Path $demo 'rules/r.yaml'), (Join-Path $demo 'actions/two.yaml')
        $result = Register-Pack demo -PassThru
        $result.Removed | Sort-Object | Should -Be @('demo.r', 'demo.two')
        $result.Rules | Should -Be 0
    }

    It 'shows registration state in Get-Pack: NotRegistered, Registered, then Stale when files change' {
        (Get-Pack demo).RegistrationState | Should -Be 'NotRegistered'
        Register-Pack demo
        $pack = Get-Pack demo
        $pack.RegistrationState | Should -Be 'Registered'
        $pack.RegisteredAt | Should -BeOfType ([datetimeoffset])
        Add-Content (Join-Path $demo 'actions/one.yaml') 'description: edited'
        (Get-Pack demo).RegistrationState | Should -Be 'Stale'
    }

    It 'registers only the given types and takes pipeline input from Get-Pack' {
        $result = Get-Pack demo | Register-Pack -Type Action -PassThru
        $result.Actions | Should -Be 2
        $result.Rules | Should -Be 0
    }

    It 'writes PackNotFound for an unknown pack and InvalidPackMetadata for a broken one' {
        New-TestPack -BasePath $packs -Name 'broken' -Manifest 'name: broken' | Out-Null
        $err = $null
        Register-Pack nosuch, broken -ErrorVariable err -ErrorAction SilentlyContinue
        $err.FullyQualifiedErrorId | Should -Be @('PackNotFound,StackPack.Commands.Cmdlets.RegisterPackCommand', 'InvalidPackMetadata,StackPack.Commands.Cmdlets.RegisterPackCommand')
    }

    It 'is what Install-Pack does after installing (unless -NoRegister), and Remove-Pack unregisters' {
        $source = New-TestGitPack -Path (Join-Path $TestDrive 'src/stackstorm-installed') -Name 'installed' -Files 'actions/go.yaml'
        Install-Pack $source -NoRegister | Out-Null
        (Get-Pack installed).RegistrationState | Should -Be 'NotRegistered'
        Install-Pack $source -Force | Out-Null
        (Get-Pack installed).RegistrationState | Should -Be 'Registered'
        Test-Path (Join-Path $env:STACKPACK_HOME 'registry/installed.json') | Should -BeTrue
        Remove-Pack installed
        Test-Path (Join-Path $env:STACKPACK_HOME 'registry/installed.json') | Should -BeFalse
    }

    Context 'With a running StackStorm (a loopback listener with the API''s contract)' {
        BeforeAll {
            $script:server = Start-LoopbackServer
            $server.ServeStackStormRegister('API-KEY-123', 'demo', 'other')
        }
        AfterAll { $server.Dispose() }
        BeforeEach { $server.ClearRequests(); $env:ST2_API_URL = $server.Url('/api') }

        It 'calls POST /api/v1/packs/register with the packs and types and reports StackStorm''s counts' {
            $env:ST2_API_KEY = 'API-KEY-123'
            $result = Register-Pack demo -Type Action, Rule -StackStorm -PassThru
            $request = $server.Requests | Where-Object Path -eq '/api/v1/packs/register'
            $request.Method | Should -Be 'POST'
            $request.Header('St2-Api-Key') | Should -Be 'API-KEY-123'
            $body = $request.Body | ConvertFrom-Json
            $body.packs | Should -Be @('demo')
            $body.types | Should -Be @('action', 'rule')
            $result.StackStorm.actions | Should -Be 1
            $result.StackStorm.rules | Should -Be 1
            $result.Actions | Should -Be 2
        }

        It 'takes the key as a SecureString and never shows it' {
            $key = ConvertTo-SecureString 'API-KEY-123' -AsPlainText -Force
            $all = Register-Pack demo -StackStorm -ApiKey $key -PassThru -Verbose *>&1
            ($all | Out-String) | Should -Not -Match 'API-KEY-123'
            ($all | Where-Object { $_ -is [StackPack.RegistrationResult] }).StackStorm.Count | Should -BeGreaterThan 0
        }

        It 'reports StackStorm''s refusal with its faultstring' {
            $env:ST2_API_KEY = 'WRONG'
            $err = $null
            Register-Pack demo -StackStorm -ErrorVariable err -ErrorAction SilentlyContinue
            $err[0].FullyQualifiedErrorId | Should -BeLike 'StackStormAuthenticationFailed,*'
            $err[0].Exception.Message | Should -Match 'One of Token or API key required'
        }

        It 'does not call StackStorm when local validation fails' {
            $env:ST2_API_KEY = 'API-KEY-123'
            Set-Content (Join-Path $demo 'actions/bad.yaml') 'name: bad'
            Register-Pack demo -StackStorm -ErrorAction SilentlyContinue
            $server.Requests | Should -BeNullOrEmpty
        }
    }

    It 'registers every real pack from ../shared/fixtures' {
        $fixtures = Get-FixturesPath
        if (-not $fixtures) { Set-ItResult -Skipped -Because '../shared/fixtures is not present beside the repository'; return }
        $conf = Join-Path $TestDrive 'fixtures.conf'
        Set-Content $conf "[system]`nbase_path = $(Join-Path $TestDrive 'fixture-base')`n[content]`npacks_base_paths = $(Join-Path $fixtures 'packs'):$(Join-Path $fixtures 'st2')"
        $results = Register-Pack -ConfigFile $conf -PassThru -WarningAction SilentlyContinue
        $results.Count | Should -Be 20
        $results | Where-Object { -not $_.Registered } | Should -BeNullOrEmpty
        ($results | Where-Object Pack -eq 'slack').Actions | Should -Be (Get-Pack slack -ConfigFile $conf).Actions
    }
}
