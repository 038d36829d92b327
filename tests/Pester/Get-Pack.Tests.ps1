BeforeAll {
    Import-Module $env:STACKPACK_TEST_MODULE -Force
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    $ProgressPreference = 'SilentlyContinue'
}

Describe 'Get-Pack' {
    BeforeEach {
        $script:spHome = Join-Path $TestDrive ([guid]::NewGuid().ToString('N'))
        $env:STACKPACK_HOME = $script:spHome
        $script:packs = Join-Path $script:spHome 'packs'
        New-Item -ItemType Directory -Path $script:packs -Force | Out-Null
    }
    AfterEach {
        Remove-Item env:STACKPACK_HOME, env:ST2_CONFIG_PATH -ErrorAction SilentlyContinue
    }

    Context 'Listing' {
        It 'lists every installed pack as StackPack.PackInfo, sorted by ref' {
            New-TestPack -BasePath $packs -Name 'zulu' | Out-Null
            New-TestPack -BasePath $packs -Name 'alpha' -Version '1.2.3' | Out-Null
            New-TestPack -BasePath $packs -Name 'Mike' -Ref 'mike' | Out-Null

            $result = @(Get-Pack)

            $result.Ref | Should -Be @('alpha', 'mike', 'zulu')
            $result[0] | Should -BeOfType ([StackPack.PackInfo])
            $result[0].Version | Should -Be '1.2.3'
            $result[0].Path | Should -Be (Join-Path $packs 'alpha')
            $result[0].BasePath | Should -Be $packs
        }

        It 'returns nothing, without error, when no pack is installed' {
            $err = $null
            @(Get-Pack -ErrorVariable err).Count | Should -Be 0
            $err | Should -BeNullOrEmpty
        }

        It 'fills every documented property' {
            $path = New-TestPack -BasePath $packs -Name 'full' -Extra @'
keywords: [monitoring, alerts]
dependencies: [core, "github=2.1.5"]
contributors: ["Bob <bob@example.com>"]
stackstorm_version: ">=3.0.0"
python_versions: ["3"]
'@ -Files 'actions/a.yaml', 'actions/b.yml', 'actions/config.yaml', 'sensors/s.yaml', 'rules/r.yaml', 'aliases/x.yaml', 'policies/p.yaml', 'triggers/t.yaml'
            Set-Content (Join-Path $path 'config.schema.yaml') 'api_key: {type: string, secret: true}'
            New-Item -ItemType Directory (Join-Path $spHome 'configs') | Out-Null
            Set-Content (Join-Path $spHome 'configs/full.yaml') 'api_key: x'

            $pack = Get-Pack full

            $pack.Name | Should -Be 'full'
            $pack.Author | Should -Be 'Test Author'
            $pack.Email | Should -Be 'test@example.com'
            $pack.Keywords | Should -Be @('monitoring', 'alerts')
            $pack.Dependencies | Should -Be @('core', 'github=2.1.5')
            $pack.Contributors | Should -Be @('Bob <bob@example.com>')
            $pack.StackStormVersion | Should -Be '>=3.0.0'
            $pack.PythonVersions | Should -Be @('3')
            $pack.Actions | Should -Be 2
            $pack.Sensors, $pack.Rules, $pack.Aliases, $pack.Policies, $pack.Triggers | Should -Be @(1, 1, 1, 1, 1)
            $pack.HasConfigSchema | Should -BeTrue
            $pack.HasConfig | Should -BeTrue
            $pack.ConfigPath | Should -Be (Join-Path $spHome 'configs/full.yaml')
            $pack.IsSystem | Should -BeFalse
            $pack.RepoUrl | Should -BeNullOrEmpty
        }

        It 'marks core, packs, linux and chatops as system packs' {
            'core', 'packs', 'linux', 'chatops', 'default' | ForEach-Object { New-TestPack -BasePath $packs -Name $_ | Out-Null }
            $system = Get-Pack | Where-Object IsSystem
            $system.Ref | Should -Be @('chatops', 'core', 'linux', 'packs')
        }

        It 'shows where a git checkout came from, never with its credentials' {
            $path = New-TestGitPack -Path (Join-Path $packs 'gitpack') -Name 'gitpack' -Versions '0.1.0', '0.2.0'
            Invoke-Git $path remote add origin 'https://deploy:TOPSECRET123@git.example.com/o/stackstorm-gitpack.git' | Out-Null
            $head = (Invoke-Git $path rev-parse HEAD).Trim()

            $pack = Get-Pack gitpack

            $pack.RepoUrl | Should -Be 'https://git.example.com/o/stackstorm-gitpack.git'
            $pack.Commit | Should -Be $head
            $pack.Tag | Should -Be 'v0.2.0'
            $pack.Branch | Should -Be 'main'
            ($pack | Format-List * | Out-String) | Should -Not -Match 'TOPSECRET123'
        }
    }

    Context 'Names, wildcards and errors' {
        BeforeEach {
            New-TestPack -BasePath $packs -Name 'github' | Out-Null
            New-TestPack -BasePath $packs -Name 'gitlab' | Out-Null
            New-TestPack -BasePath $packs -Name 'Hello StackStorm' -Ref 'hello_st2' | Out-Null
        }

        It 'matches wildcards case-insensitively' {
            (Get-Pack 'GIT*').Ref | Should -Be @('github', 'gitlab')
        }

        It 'matches the display name as well as the ref' {
            (Get-Pack 'hello stackstorm').Ref | Should -Be 'hello_st2'
            (Get-Pack 'HELLO_ST2').Ref | Should -Be 'hello_st2'
        }

        It 'writes PackNotFound (ObjectNotFound, the name as target) for a literal name, and goes on' {
            $err = $null
            $result = Get-Pack 'nosuchpack', 'github' -ErrorVariable err -ErrorAction SilentlyContinue

            $result.Ref | Should -Be 'github'
            $err.Count | Should -Be 1
            $err[0].FullyQualifiedErrorId | Should -Be 'PackNotFound,StackPack.Commands.Cmdlets.GetPackCommand'
            $err[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
            $err[0].TargetObject | Should -Be 'nosuchpack'
            $err[0].ErrorDetails.RecommendedAction | Should -Match 'Install-Pack'
        }

        It 'stops a script under -ErrorAction Stop' {
            { Get-Pack 'nosuchpack' -ErrorAction Stop } | Should -Throw -ErrorId 'PackNotFound,*'
        }

        It 'emits nothing and no error for a wildcard that matches nothing' {
            $err = $null
            @(Get-Pack 'zzz*' -ErrorVariable err).Count | Should -Be 0
            $err | Should -BeNullOrEmpty
        }

        It 'writes a pack matched by several names only once' {
            @(Get-Pack 'github', 'git*').Count | Should -Be 2
        }
    }

    Context 'Pipeline' {
        BeforeEach {
            'one', 'two', 'three' | ForEach-Object { New-TestPack -BasePath $packs -Name $_ | Out-Null }
        }

        It 'takes names from the pipeline' {
            ('two', 'one' | Get-Pack).Ref | Should -Be @('two', 'one')
        }

        It 'takes Name by property name' {
            ([pscustomobject]@{ Name = 'three' } | Get-Pack).Ref | Should -Be 'three'
        }

        It 'accepts its own output' {
            (Get-Pack | Get-Pack).Ref | Should -Be @('one', 'three', 'two')
        }
    }

    Context 'Broken packs' {
        It 'reports a pack.yaml with problems, naming file, field and fix, and still lists the rest' {
            New-TestPack -BasePath $packs -Name 'good' | Out-Null
            New-TestPack -BasePath $packs -Name 'bad' -Manifest "name: bad`ndescription: d`nauthor: a`nemail: a@b.c`nversion: 0.1" | Out-Null
            $err = $null

            $result = Get-Pack -ErrorVariable err -ErrorAction SilentlyContinue

            $result.Ref | Should -Be 'good'
            $err.Count | Should -Be 1
            $err[0].FullyQualifiedErrorId | Should -Be 'InvalidPackMetadata,StackPack.Commands.Cmdlets.GetPackCommand'
            $err[0].CategoryInfo.Category | Should -Be 'InvalidData'
            $err[0].Exception.Message | Should -Match ([regex]::Escape((Join-Path $packs 'bad/pack.yaml')) + ':5')
            $err[0].Exception.Message | Should -Match "'version'"
            $err[0].Exception.Message | Should -Match '0\.1\.0'
        }

        It 'reports the broken pack when it is asked for by name' {
            New-TestPack -BasePath $packs -Name 'bad' -Manifest 'name: [unclosed' | Out-Null
            $err = $null
            Get-Pack bad -ErrorVariable err -ErrorAction SilentlyContinue
            $err[0].FullyQualifiedErrorId | Should -BeLike 'InvalidPackMetadata,*'
            $err[0].Exception.Message | Should -Match 'not valid YAML'
        }

        It 'warns about legal oddities such as duplicate keys' {
            New-TestPack -BasePath $packs -Name 'dupe' -Manifest "name: dupe`ndescription: d`nauthor: a`nemail: a@b.c`nversion: 0.0.1`nversion: 1.0.0" | Out-Null
            $warnings = $null
            $pack = Get-Pack dupe -WarningVariable warnings -WarningAction SilentlyContinue
            $pack.Version | Should -Be '1.0.0'
            $warnings | Should -Match "duplicate key 'version'"
        }
    }

    Context 'Where packs live' {
        It 'reads -ConfigFile: system packs path first, packs_base_paths after, first one wins' {
            $base = Join-Path $TestDrive 'st2base'
            $system = Join-Path $base 'packs'
            $extra = Join-Path $TestDrive 'extra-packs'
            New-TestPack -BasePath $system -Name 'shared' -Version '1.0.0' | Out-Null
            New-TestPack -BasePath $extra -Name 'shared' -Version '9.9.9' | Out-Null
            New-TestPack -BasePath $extra -Name 'extraonly' | Out-Null
            $conf = Join-Path $TestDrive 'st2.conf'
            Set-Content $conf "[system]`nbase_path = $base`n[content]`npacks_base_paths = ${extra}:"

            $result = Get-Pack -ConfigFile $conf

            $result.Ref | Should -Be @('extraonly', 'shared')
            ($result | Where-Object Ref -eq 'shared').Version | Should -Be '1.0.0'
            ($result | Where-Object Ref -eq 'extraonly').BasePath | Should -Be $extra
        }

        It 'resolves a relative -ConfigFile against the PowerShell location' {
            $base = Join-Path $TestDrive 'relbase'
            New-TestPack -BasePath (Join-Path $base 'packs') -Name 'relative' | Out-Null
            Set-Content (Join-Path $TestDrive 'rel.conf') "[system]`nbase_path = $base"
            Push-Location $TestDrive
            try { (Get-Pack -ConfigFile ./rel.conf).Ref | Should -Be 'relative' } finally { Pop-Location }
        }

        It 'reads $env:ST2_CONFIG_PATH when -ConfigFile is not given' {
            $base = Join-Path $TestDrive 'envbase'
            New-TestPack -BasePath (Join-Path $base 'packs') -Name 'fromenv' | Out-Null
            $conf = Join-Path $TestDrive 'env.conf'
            Set-Content $conf "[system]`nbase_path = $base"
            $env:ST2_CONFIG_PATH = $conf

            (Get-Pack).Ref | Should -Be 'fromenv'
        }

        It 'uses $env:STACKPACK_HOME as a base path laid out like StackStorm''s' {
            New-TestPack -BasePath $packs -Name 'inhome' | Out-Null
            (Get-Pack).Path | Should -Be (Join-Path $spHome 'packs/inhome')
        }

        It 'fails with a terminating InvalidSettings error for an unparsable st2.conf' {
            $conf = Join-Path $TestDrive 'broken.conf'
            Set-Content $conf "[system]`nthis line is not ini"
            { Get-Pack -ConfigFile $conf } | Should -Throw -ErrorId 'InvalidSettings,StackPack.Commands.Cmdlets.GetPackCommand'
        }

        It 'fails with ConfigFileNotFound for a missing -ConfigFile' {
            { Get-Pack -ConfigFile (Join-Path $TestDrive 'missing.conf') } | Should -Throw -ErrorId 'ConfigFileNotFound,*'
        }

        It 'fails with InvalidSettings when base_path is a file' {
            $file = Join-Path $TestDrive 'afile'
            Set-Content $file 'x'
            $conf = Join-Path $TestDrive 'filebase.conf'
            Set-Content $conf "[system]`nbase_path = $file"
            $thrown = $null
            try { Get-Pack -ConfigFile $conf } catch { $thrown = $_ }
            $thrown.FullyQualifiedErrorId | Should -BeLike 'InvalidSettings,*'
            $thrown.Exception.Message | Should -Match 'base_path'
        }

        It 'prefers the system st2.conf to STACKPACK_HOME, and warns that the home is ignored' {
            $base = Join-Path $TestDrive 'sysbase'
            New-TestPack -BasePath (Join-Path $base 'packs') -Name 'fromsystem' | Out-Null
            $system = Join-Path $TestDrive 'system-st2.conf'
            Set-Content $system "[system]`nbase_path = $base"
            $saved = $env:STACKPACK_SYSTEM_CONFIG
            $env:STACKPACK_SYSTEM_CONFIG = $system
            try {
                $warnings = $null
                (Get-Pack -WarningVariable warnings -WarningAction SilentlyContinue).Ref | Should -Be 'fromsystem'
                "$warnings" | Should -Match 'STACKPACK_HOME .* is ignored because'
            }
            finally { $env:STACKPACK_SYSTEM_CONFIG = $saved }
        }

        It 'says in verbose output which settings are in force' {
            $verbose = Get-Pack -Verbose 4>&1 | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] }
            "$verbose" | Should -Match 'StackPackHomeVariable'
        }
    }

    Context 'Formatting and metadata' {
        It 'shows Ref, Version, Name and Description by default, like st2 pack list' {
            New-TestPack -BasePath $packs -Name 'shown' -Description 'A shown pack' | Out-Null
            $lines = (Get-Pack | Format-Table | Out-String -Width 200) -split "`n" | Where-Object { $_.Trim() }
            $lines[0] | Should -Match '^Ref\s+Version\s+Name\s+Description\s*$'
            $lines[2] | Should -Match '^shown\s+0\.1\.0\s+shown\s+A shown pack'
        }

        It 'declares its output type and a pipeline-friendly Name parameter' {
            $command = Get-Command Get-Pack
            $command.OutputType.Name | Should -Contain 'StackPack.PackInfo'
            $command | Should -HaveParameter Name -Type 'string[]'
            $command.Parameters['Name'].Attributes.Where({ $_ -is [Parameter] })[0].ValueFromPipelineByPropertyName | Should -BeTrue
            $command.Parameters['Name'].Attributes.Where({ $_ -is [Parameter] })[0].Position | Should -Be 0
            $command | Should -HaveParameter ConfigFile -Type 'string'
        }
    }

    Context 'Real packs from ../shared/fixtures' {
        It 'lists every real pack (Exchange and st2''s own) without an error' {
            $fixtures = Get-FixturesPath
            if (-not $fixtures) { Set-ItResult -Skipped -Because '../shared/fixtures is not present beside the repository'; return }
            $conf = Join-Path $TestDrive 'fixtures.conf'
            Set-Content $conf "[system]`nbase_path = $(Join-Path $TestDrive 'fxbase')`n[content]`npacks_base_paths = $(Join-Path $fixtures 'packs'):$(Join-Path $fixtures 'st2')"
            $err = $null

            $result = Get-Pack -ConfigFile $conf -ErrorVariable err

            $err | Should -BeNullOrEmpty
            $result.Count | Should -Be (@(Get-ChildItem (Join-Path $fixtures 'packs'), (Join-Path $fixtures 'st2') -Directory | Where-Object { Test-Path (Join-Path $_ 'pack.yaml') })).Count
            ($result | Where-Object Ref -eq 'hello_st2').Name | Should -Be 'Hello StackStorm'
            ($result | Where-Object Ref -eq 'github').Actions | Should -BeGreaterThan 10
        }
    }
}
