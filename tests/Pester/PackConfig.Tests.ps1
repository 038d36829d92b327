BeforeAll {
    Import-Module $env:STACKPACK_TEST_MODULE -Force
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    $ProgressPreference = 'SilentlyContinue'

    $script:schema = @'
url:
  description: "Service URL"
  type: string
  required: true
port:
  type: integer
  default: 443
verify:
  type: boolean
  default: true
mode:
  type: string
  enum: [oauth, basic, pat]
  default: oauth
token:
  description: "API token"
  type: string
  secret: true
pin:
  type: integer
  secret: true
sensor:
  type: object
  additionalProperties: false
  properties:
    interval: {type: integer, default: 30}
    channel: {type: string, required: true}
accounts:
  type: array
  items:
    type: object
    properties:
      name: {type: string, required: true}
      password: {type: string, secret: true}
tags:
  type: array
  items: {type: string}
'@

    function New-ConfigurablePack([string] $Name = 'demo') {
        $path = New-TestPack -BasePath (Join-Path $env:STACKPACK_HOME 'packs') -Name $Name
        Set-Content (Join-Path $path 'config.schema.yaml') $schema
        Join-Path $env:STACKPACK_HOME "configs/$Name.yaml"
    }
}

Describe 'Set-PackConfig' {
    BeforeEach {
        $env:STACKPACK_HOME = Join-Path $TestDrive ([guid]::NewGuid().ToString('N'))
        $script:configPath = New-ConfigurablePack
    }
    AfterEach { Remove-Item env:STACKPACK_HOME -ErrorAction SilentlyContinue }

    Context 'Non-interactive' {
        It 'writes the values as YAML StackStorm reads, owner-only, and -PassThru masks secrets' {
            $result = Set-PackConfig demo -Value @{ url = 'https://x'; token = 'T0KEN-VALUE'; sensor = @{ channel = '#ops' } } -PassThru

            Test-Path $configPath | Should -BeTrue
            $text = Get-Content $configPath -Raw
            $text | Should -Match 'url: https://x'
            $text | Should -Match 'token: T0KEN-VALUE'
            if (-not $IsWindows) { [int][IO.File]::GetUnixFileMode($configPath) | Should -Be ([int]([IO.UnixFileMode]::UserRead -bor [IO.UnixFileMode]::UserWrite)) -Because 'configs hold secrets (0600)' }
            $result | Should -BeOfType ([StackPack.PackConfig])
            $result.Values.token | Should -Be '********'
            $result.Values.url | Should -Be 'https://x'
            $result.IsValid | Should -BeTrue
        }

        It 'merges into the existing config, nested objects by key; -Replace writes only what is given' {
            Set-PackConfig demo -Value @{ url = 'https://x'; port = 8443; sensor = @{ channel = '#a'; interval = 5 } }
            Set-PackConfig demo -Value @{ sensor = @{ interval = 10 } }
            $values = (Get-PackConfig demo -ShowSecret).Values
            $values.url | Should -Be 'https://x'
            $values.port | Should -Be 8443
            $values.sensor.channel | Should -Be '#a'
            $values.sensor.interval | Should -Be 10

            Set-PackConfig demo -Value @{ url = 'https://y' } -Replace
            @((Get-PackConfig demo).Values.Keys) | Should -Be @('url')
        }

        It 'reads values from a YAML or JSON file, and -Value goes on top' {
            $yaml = Join-Path $TestDrive 'values.yaml'
            Set-Content $yaml "url: https://from-file`nport: 9000"
            Set-PackConfig demo -Path $yaml -Value @{ port = 9001 }
            (Get-PackConfig demo).Values.port | Should -Be 9001
            $json = Join-Path $TestDrive 'values.json'
            Set-Content $json '{"url": "https://json", "tags": ["a", "b"]}'
            Set-PackConfig demo -Path $json
            (Get-PackConfig demo).Values.tags | Should -Be @('a', 'b')
        }

        It 'fails with ConfigValueRequired naming each missing dotted path, and writes nothing' {
            $err = $null
            Set-PackConfig demo -Value @{ sensor = @{ interval = 1 }; accounts = @(@{ password = 'p' }) } -ErrorVariable err -ErrorAction SilentlyContinue
            $err.Count | Should -Be 1
            $err[0].FullyQualifiedErrorId | Should -Be 'ConfigValueRequired,StackPack.Commands.Cmdlets.SetPackConfigCommand'
            $err[0].Exception.Message | Should -Match "url"
            $err[0].Exception.Message | Should -Match 'sensor\.channel'
            $err[0].Exception.Message | Should -Match 'accounts\[0\]\.name'
            Test-Path $configPath | Should -BeFalse
        }

        It 'fails with ConfigInvalid (path, rule, value) and leaves the file byte-identical' {
            Set-PackConfig demo -Value @{ url = 'https://x'; pin = 1234 }
            $before = [IO.File]::ReadAllBytes($configPath)
            $err = $null
            Set-PackConfig demo -Value @{ port = 'eighty'; mode = 'sso'; pin = 'SECRET-PIN-TEXT'; sensor = @{ channel = 'c'; bogus = 1 } } -ErrorVariable err -ErrorAction SilentlyContinue
            $err[0].FullyQualifiedErrorId | Should -BeLike 'ConfigInvalid,*'
            $message = $err[0].Exception.Message
            $message | Should -Match "'port' must be an integer \(value: `"eighty`"\)"
            $message | Should -Match "'mode' must be one of"
            $message | Should -Match "'sensor\.bogus' is not allowed"
            $message | Should -Match "'pin' must be an integer \(value: \*{8}\)"
            $message | Should -Not -Match 'SECRET-PIN-TEXT'
            [IO.File]::ReadAllBytes($configPath) | Should -Be $before
        }

        It 'accepts Jinja expressions for any type' {
            Set-PackConfig demo -Value @{ url = '{{ st2kv.system.url }}'; port = '{{ st2kv.system.port }}'; verify = '{% if x %}true{% endif %}' }
            (Get-PackConfig demo).IsValid | Should -BeTrue
            (Get-Content $configPath -Raw) | Should -Match "port: '\{\{ st2kv.system.port \}\}'"
        }

        It 'keeps arrays of objects with secrets, masked in every output stream' {
            $all = Set-PackConfig demo -Value @{ url = 'u'; accounts = @(@{ name = 'a'; password = 'PW-ONE' }, @{ name = 'b'; password = 'PW-TWO' }) } -PassThru -Verbose *>&1 | Out-String
            $all | Should -Not -Match 'PW-ONE|PW-TWO'
            $config = Get-PackConfig demo
            $config.Values.accounts[1].name | Should -Be 'b'
            $config.Values.accounts[1].password | Should -Be '********'
            (Get-PackConfig demo -ShowSecret).Values.accounts[0].password | Should -Be 'PW-ONE'
            ($config | Format-List * | Out-String) + ($config.Values | ConvertTo-Json -Depth 5) | Should -Not -Match 'PW-ONE|PW-TWO'
        }

        It 'writes nothing when the values are already there' {
            Set-PackConfig demo -Value @{ url = 'same' }
            $written = (Get-Item $configPath).LastWriteTimeUtc
            Start-Sleep -Milliseconds 50
            Set-PackConfig demo -Value @{ url = 'same' }
            (Get-Item $configPath).LastWriteTimeUtc | Should -Be $written
        }

        It 'changes nothing under -WhatIf' {
            Set-PackConfig demo -Value @{ url = 'https://x' } -WhatIf
            Test-Path $configPath | Should -BeFalse
            Set-PackConfig demo -Value @{ url = 'https://x' }
            $before = Get-Content $configPath -Raw
            Set-PackConfig demo -Value @{ url = 'https://changed' } -WhatIf
            Get-Content $configPath -Raw | Should -Be $before
        }

        It 'only validates when no values are given in a non-interactive session' {
            $err = $null
            Set-PackConfig demo -ErrorVariable err -ErrorAction SilentlyContinue
            $err[0].FullyQualifiedErrorId | Should -BeLike 'ConfigValueRequired,*'
            Test-Path $configPath | Should -BeFalse
        }

        It 'writes PackNotFound for a pack that is not installed' {
            { Set-PackConfig nosuch -Value @{ a = 1 } -ErrorAction Stop } | Should -Throw -ErrorId 'PackNotFound,*'
        }

        It 'accepts any values, with a warning, for a pack without a schema' {
            New-TestPack -BasePath (Join-Path $env:STACKPACK_HOME 'packs') -Name 'free' | Out-Null
            $warnings = $null
            Set-PackConfig free -Value @{ anything = 'goes' } -WarningVariable warnings -WarningAction SilentlyContinue
            "$warnings" | Should -Match 'no config.schema.yaml'
            (Get-PackConfig free).Values.anything | Should -Be 'goes'
        }

        It 'refuses to merge into a config file that is not valid YAML, and -Replace repairs it' {
            New-Item -ItemType Directory (Split-Path $configPath) -Force | Out-Null
            Set-Content $configPath "url: [broken"
            { Set-PackConfig demo -Value @{ url = 'x' } -ErrorAction Stop } | Should -Throw -ErrorId 'ConfigUnreadable,*'
            (Get-Content $configPath -Raw).Trim() | Should -Be 'url: [broken'
            Set-PackConfig demo -Value @{ url = 'repaired' } -Replace
            (Get-PackConfig demo).Values.url | Should -Be 'repaired'
        }

        It 'takes the pack from Get-Pack output' {
            Get-Pack demo | Set-PackConfig -Value @{ url = 'piped' }
            (Get-PackConfig demo).Values.url | Should -Be 'piped'
        }
    }

    Context 'Interactive (a scripted host answers the prompts)' {
        It 'prompts in schema order, keeps current values on Enter, reads secrets masked, and saves after a summary' {
            Set-PackConfig demo -Value @{ url = 'https://current'; token = 'OLD-TOKEN' }
            # url (keep), port, verify, mode (by number), token (masked, keep), pin (masked),
            # sensor.interval (keep default), sensor.channel, add an account? yes, name, password (masked), another? no, tags, save? yes
            $answers = @('', '8080', 'n', '2', '', '4321', '', '#ops', 'y', 'alice', 'ALICE-PW', 'n', 'a, b', 'y')
            $run = Invoke-WithScriptedHost -Script 'Set-PackConfig demo -PassThru' -Answers $answers

            $run.Errors | Should -BeNullOrEmpty
            $run.Host.Remaining | Should -Be 0
            $output = $run.Host.Output
            $output | Should -Match 'url \(string, required\): Service URL'
            $output | Should -Match 'url \[https://current\]: '
            $output | Should -Match '1 - basic'
            $output | Should -Match 'token \[\*{8}\]: '
            $output | Should -Match 'The config to save \(secrets masked\)'
            $output | Should -Match 'accounts\[0\]\.password = "\*{8}"'
            $output | Should -Not -Match 'OLD-TOKEN|ALICE-PW|4321'
            $run.Host.SecretPrompts.Count | Should -Be 3
            $run.Host.SecretPrompts[0] | Should -Match '^token'
            $run.Host.SecretPrompts[2] | Should -Match '^accounts\[0\]\.password'

            $saved = (Get-PackConfig demo -ShowSecret).Values
            $saved.url | Should -Be 'https://current'
            $saved.port | Should -Be 8080
            $saved.verify | Should -BeFalse
            $saved.mode | Should -Be 'pat'
            $saved.token | Should -Be 'OLD-TOKEN'
            $saved.pin | Should -Be 4321
            $saved.sensor.channel | Should -Be '#ops'
            $saved.accounts[0].password | Should -Be 'ALICE-PW'
            $saved.tags | Should -Be @('a', 'b')
            $run.Output[0].Values.token | Should -Be '********'
        }

        It 'asks again on bad numbers and booleans, and saves nothing when the person says no' {
            # url, port (bad then good), verify (bad then good), mode, token, pin, interval, channel, no account, tags, save? no
            $answers = @('https://x', 'eighty', '80', 'maybe', 'y', '', '', '', '', 'c', 'n', '', 'n')
            $run = Invoke-WithScriptedHost -Script 'Set-PackConfig demo' -Answers $answers
            $run.Host.Remaining | Should -Be 0
            $run.Host.Output | Should -Match "'eighty' is not a whole number"
            $run.Host.Output | Should -Match 'Answer y or n'
            $run.Host.Warnings | Should -Contain 'Not saved.'
            Test-Path $configPath | Should -BeFalse
        }

        It 'never prompts when values are given, even with a person there' {
            $run = Invoke-WithScriptedHost -Script 'Set-PackConfig demo -Value @{ url = "given" }' -Answers @()
            $run.Errors | Should -BeNullOrEmpty
            (Get-PackConfig demo).Values.url | Should -Be 'given'
        }
    }
}

Describe 'Get-PackConfig' {
    BeforeEach {
        $env:STACKPACK_HOME = Join-Path $TestDrive ([guid]::NewGuid().ToString('N'))
        $script:configPath = New-ConfigurablePack
    }
    AfterEach { Remove-Item env:STACKPACK_HOME -ErrorAction SilentlyContinue }

    It 'returns the defaults for a pack with no config file, and says so' {
        $config = Get-PackConfig demo
        $config.Exists | Should -BeFalse
        $config.Note | Should -Match 'No config file'
        $config.Values.port | Should -Be 443
        $config.Values.sensor.interval | Should -Be 30
        $config.IsValid | Should -BeFalse
        $config.Errors | Should -Match "'url' is required"
    }

    It 'shows the file''s values, and -Effective applies the defaults as StackStorm does at run time' {
        Set-PackConfig demo -Value @{ url = 'u'; sensor = @{ channel = 'c' } }
        $plain = Get-PackConfig demo
        $plain.Values.Contains('port') | Should -BeFalse
        $plain.Effective | Should -BeFalse
        $effective = Get-PackConfig demo -Effective
        $effective.Values.port | Should -Be 443
        $effective.Values.sensor.interval | Should -Be 30
        $effective.Effective | Should -BeTrue
    }

    It 'reports an invalid config file as data, with every problem' {
        New-Item -ItemType Directory (Split-Path $configPath) -Force | Out-Null
        Set-Content $configPath "url: u`nport: abc`nsensor: {}"
        $config = Get-PackConfig demo
        $config.IsValid | Should -BeFalse
        $config.Errors.Count | Should -Be 2
    }

    It 'lists every configurable pack, takes pipeline input, and reports unknown packs' {
        New-ConfigurablePack -Name 'second' | Out-Null
        New-TestPack -BasePath (Join-Path $env:STACKPACK_HOME 'packs') -Name 'plain' | Out-Null
        (Get-PackConfig).Pack | Should -Be @('demo', 'second')
        (Get-Pack second | Get-PackConfig).Pack | Should -Be 'second'
        $err = $null
        Get-PackConfig nosuch -ErrorVariable err -ErrorAction SilentlyContinue
        $err[0].FullyQualifiedErrorId | Should -Be 'PackNotFound,StackPack.Commands.Cmdlets.GetPackConfigCommand'
    }

    It 'never takes a folder whose pack.yaml names another ref for the pack that has the ref asked for' {
        # Folder "alpha" holds the pack whose ref is beta; the pack whose ref is alpha lives in folder "other".
        $packs = Join-Path $env:STACKPACK_HOME 'packs'
        New-TestPack -BasePath $packs -Name 'alpha' -Ref 'beta' | Out-Null
        New-TestPack -BasePath $packs -Name 'other' -Ref 'alpha' | Out-Null

        Set-PackConfig alpha -Value @{ who = 'the alpha pack' }
        Test-Path (Join-Path $env:STACKPACK_HOME 'configs/alpha.yaml') | Should -BeTrue
        Test-Path (Join-Path $env:STACKPACK_HOME 'configs/beta.yaml') | Should -BeFalse -Because 'the folder named alpha is the beta pack'
        $config = Get-PackConfig alpha
        $config.Pack | Should -Be 'alpha'
        $config.Values.who | Should -Be 'the alpha pack'
        (Set-PackConfig ALPHA -Value @{ who = 'again' } -PassThru).Pack | Should -Be 'alpha'
    }

    It 'reports a broken config schema with InvalidConfigSchema' {
        Set-Content (Join-Path $env:STACKPACK_HOME 'packs/demo/config.schema.yaml') "url: {type: string, format: uri}"
        $err = $null
        Get-PackConfig demo -ErrorVariable err -ErrorAction SilentlyContinue
        $err[0].FullyQualifiedErrorId | Should -BeLike 'InvalidConfigSchema,*'
        $err[0].Exception.Message | Should -Match "'format' was unexpected"
    }

    It 'validates the real github config fixture against the real github schema' {
        $fixtures = Get-FixturesPath
        if (-not $fixtures) { Set-ItResult -Skipped -Because '../shared/fixtures is not present beside the repository'; return }
        $packPath = Join-Path $env:STACKPACK_HOME 'packs/github'
        New-Item -ItemType Directory $packPath -Force | Out-Null
        Copy-Item (Join-Path $fixtures 'packs/github/pack.yaml'), (Join-Path $fixtures 'packs/github/config.schema.yaml') $packPath
        New-Item -ItemType Directory (Join-Path $env:STACKPACK_HOME 'configs') -Force | Out-Null
        Copy-Item (Join-Path $fixtures 'configs/github/tests/fixtures/full.yaml') (Join-Path $env:STACKPACK_HOME 'configs/github.yaml')
        $config = Get-PackConfig github
        $config.IsValid | Should -BeTrue
        $config.Values.token | Should -Be '********'
    }
}
