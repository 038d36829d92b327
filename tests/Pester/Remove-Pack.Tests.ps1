# Remove-Pack: real packs installed from real git repositories, removed for real.
BeforeAll {
    Import-Module $env:STACKPACK_TEST_MODULE -Force
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    $ProgressPreference = 'SilentlyContinue'

    $script:hello = New-TestGitPack -Path (Join-Path $TestDrive 'sources/stackstorm-hello') -Name 'hello' -Versions '0.1.0'
    $script:index = Join-Path $TestDrive 'index.json'
    Set-Content $index (New-TestIndex @{ hello = @{ version = '0.1.0'; repo_url = "file://$hello" } })
}

Describe 'Remove-Pack' {
    BeforeEach {
        $env:STACKPACK_HOME = Join-Path $TestDrive ([guid]::NewGuid().ToString('N'))
        $env:STACKPACK_INDEX_URL = $index
        $script:packs = Join-Path $env:STACKPACK_HOME 'packs'
        Install-Pack 'hello=0.1.0' | Out-Null
        New-Item -ItemType Directory (Join-Path $env:STACKPACK_HOME 'configs'), (Join-Path $env:STACKPACK_HOME 'virtualenvs/hello') -Force | Out-Null
        Set-Content (Join-Path $env:STACKPACK_HOME 'configs/hello.yaml') 'a: 1'
    }
    AfterEach { Remove-Item env:STACKPACK_HOME, env:STACKPACK_INDEX_URL -ErrorAction SilentlyContinue }

    It 'removes the pack and its virtualenv, keeps its config, and -PassThru shows what was removed' {
        $removed = Remove-Pack hello -PassThru
        $removed | Should -BeOfType ([StackPack.PackInfo])
        $removed.Version | Should -Be '0.1.0'
        Test-Path (Join-Path $packs 'hello') | Should -BeFalse
        Test-Path (Join-Path $env:STACKPACK_HOME 'virtualenvs/hello') | Should -BeFalse
        Test-Path (Join-Path $env:STACKPACK_HOME 'configs/hello.yaml') | Should -BeTrue
        @(Get-ChildItem $packs -Force).Count | Should -Be 0
    }

    It 'keeps the virtualenv with -KeepVirtualEnv and removes the config with -RemoveConfig' {
        Remove-Pack hello -KeepVirtualEnv -RemoveConfig
        Test-Path (Join-Path $env:STACKPACK_HOME 'virtualenvs/hello') | Should -BeTrue
        Test-Path (Join-Path $env:STACKPACK_HOME 'configs/hello.yaml') | Should -BeFalse
    }

    It 'refuses system packs unless -Force' {
        New-TestPack -BasePath $packs -Name 'core' | Out-Null
        $err = $null
        Remove-Pack core -ErrorVariable err -ErrorAction SilentlyContinue
        $err[0].FullyQualifiedErrorId | Should -Be 'SystemPackProtected,StackPack.Commands.Cmdlets.RemovePackCommand'
        Test-Path (Join-Path $packs 'core') | Should -BeTrue
        Remove-Pack core -Force
        Test-Path (Join-Path $packs 'core') | Should -BeFalse
    }

    It 'refuses a pack others depend on, naming them, unless -Force' {
        New-TestPack -BasePath $packs -Name 'needs_hello' -Extra "dependencies: [`"hello=0.1.0`"]" | Out-Null
        $err = $null
        Remove-Pack hello -ErrorVariable err -ErrorAction SilentlyContinue
        $err[0].FullyQualifiedErrorId | Should -BeLike 'PackInUse,*'
        $err[0].Exception.Message | Should -Match "'needs_hello'"
        Remove-Pack hello -Force
        Test-Path (Join-Path $packs 'hello') | Should -BeFalse
    }

    It 'removes several packs in dependency order in one call (Get-Pack x* | Remove-Pack), whatever order they come in' {
        # x_top needs x_mid and x_base; x_mid needs x_base; piped in alphabetical order (x_base first).
        New-TestPack -BasePath $packs -Name 'x_base' | Out-Null
        New-TestPack -BasePath $packs -Name 'x_mid' -Extra 'dependencies: [x_base]' | Out-Null
        New-TestPack -BasePath $packs -Name 'x_top' -Extra "dependencies: [x_mid, x_base]" | Out-Null
        $before = Get-TreeSnapshot $packs
        $err = $null
        Get-Pack x_* | Remove-Pack -WhatIf -ErrorVariable err
        $err | Should -BeNullOrEmpty -Because '-WhatIf previews the whole call, dependants first'
        Get-TreeSnapshot $packs | Should -Be $before
        $removed = Get-Pack x_* | Remove-Pack -PassThru
        @($removed.Ref) | Should -Be @('x_top', 'x_mid', 'x_base')
        Get-Pack x_* | Should -BeNullOrEmpty
        Test-Path (Join-Path $packs 'hello') | Should -BeTrue
    }

    It 'keeps a dependency whose dependant is not in the call, and removes the rest of the call' {
        New-TestPack -BasePath $packs -Name 'y_base' | Out-Null
        New-TestPack -BasePath $packs -Name 'y_top' -Extra 'dependencies: [y_base]' | Out-Null
        $err = $null
        $removed = Remove-Pack y_base, hello -PassThru -ErrorVariable err -ErrorAction SilentlyContinue
        @($removed.Ref) | Should -Be @('hello')
        $err[0].FullyQualifiedErrorId | Should -BeLike 'PackInUse,*'
        $err[0].Exception.Message | Should -Match "'y_top'"
        Test-Path (Join-Path $packs 'y_base') | Should -BeTrue
    }

    It 'writes PackNotFound for a pack that is not installed, and goes on' {
        $err = $null
        Remove-Pack nosuch, hello -ErrorVariable err -ErrorAction SilentlyContinue
        $err[0].FullyQualifiedErrorId | Should -BeLike 'PackNotFound,*'
        Test-Path (Join-Path $packs 'hello') | Should -BeFalse
    }

    It 'takes Get-Pack output and honours -WhatIf' {
        $before = Get-TreeSnapshot $env:STACKPACK_HOME
        Get-Pack hello | Remove-Pack -WhatIf
        Get-TreeSnapshot $env:STACKPACK_HOME | Should -Be $before
        Get-Pack hello | Remove-Pack
        Test-Path (Join-Path $packs 'hello') | Should -BeFalse
    }

    Context 'Names as Get-Pack takes them' {
        BeforeEach {
            New-TestPack -BasePath $packs -Name 'opsgenie' | Out-Null
            New-TestPack -BasePath $packs -Name 'stackstorm-opscenter' -Ref 'center' | Out-Null
            New-TestPack -BasePath $packs -Name 'github' | Out-Null
        }

        It 'removes every pack a wildcard matches (ref, display name or folder, any case), and -WhatIf removes none' {
            $before = Get-TreeSnapshot $env:STACKPACK_HOME
            Remove-Pack 'OP*' -WhatIf
            Get-TreeSnapshot $env:STACKPACK_HOME | Should -Be $before

            $removed = Remove-Pack 'OP*', '*-ops*' -PassThru
            @($removed.Ref | Sort-Object) | Should -Be @('center', 'opsgenie')
            @((Get-Pack).Ref) | Should -Be @('github', 'hello')
        }

        It 'asks for each pack a wildcard matches on its own (-Confirm: no to the first, yes to the second)' {
            $run = Invoke-WithScriptedHost -Script "Remove-Pack 'op*', '*-ops*' -Confirm" -Answers 'N', 'Y'
            $run.Errors | Should -BeNullOrEmpty
            @((Get-Pack).Ref) | Should -Be @('github', 'hello', 'opsgenie')
        }

        It 'removes Get-Pack output by its ref, never by a display name that is another pack''s ref or a wildcard' {
            $manifest = "description: d`nversion: 1.0.0`nauthor: A`nemail: a@example.com`nname: "
            New-TestPack -BasePath $packs -Name 'my_jira' -Manifest ($manifest + 'jira') | Out-Null
            New-TestPack -BasePath $packs -Name 'jira' | Out-Null
            New-TestPack -BasePath $packs -Name 'starry' -Manifest ($manifest + "'h*'") | Out-Null
            (Get-Pack my_jira).Name | Should -Be 'jira'
            (Get-Pack starry).Name | Should -Be 'h*'

            $removed = Get-Pack my_jira, starry | Remove-Pack -PassThru
            @($removed.Ref) | Should -Be @('my_jira', 'starry')
            @((Get-Pack).Ref) | Should -Be @('center', 'github', 'hello', 'jira', 'opsgenie')
        }

        It 'removes a listed pack only while it is that pack: gone or replaced, the object is PackNotFound and nothing else goes' {
            $manifest = "description: d`nversion: 1.0.0`nauthor: A`nemail: a@example.com`nname: "
            New-TestPack -BasePath $packs -Name 'foo' | Out-Null
            $listed = Get-Pack foo
            Remove-Pack foo
            # Now another pack's display name is 'foo': the old object must not stand for it.
            New-TestPack -BasePath $packs -Name 'bar' -Manifest ($manifest + 'foo') | Out-Null

            $err = $null
            $listed | Remove-Pack -ErrorVariable err -ErrorAction SilentlyContinue
            $err[0].FullyQualifiedErrorId | Should -BeLike 'PackNotFound,*'
            (Get-Pack bar).Ref | Should -Be 'bar'
        }

        It 'leaves a system pack a wildcard matches alone, without an error that would stop the rest' {
            New-TestPack -BasePath $packs -Name 'core' | Out-Null
            New-TestPack -BasePath $packs -Name 'wa' | Out-Null
            New-TestPack -BasePath $packs -Name 'wb' | Out-Null

            $removed = Remove-Pack 'co*', 'w*' -PassThru -ErrorAction Stop
            @($removed.Ref) | Should -Be @('wa', 'wb')
            Test-Path (Join-Path $packs 'core') | Should -BeTrue
        }

        It 'writes nothing for a wildcard that matches nothing, and PackNotFound for a literal name' {
            $err = $null
            Remove-Pack 'zz*' -ErrorVariable err
            $err | Should -BeNullOrEmpty
            Remove-Pack 'zz' -ErrorVariable err -ErrorAction SilentlyContinue
            $err[0].FullyQualifiedErrorId | Should -Be 'PackNotFound,StackPack.Commands.Cmdlets.RemovePackCommand'
            @((Get-Pack).Ref).Count | Should -Be 4
        }
    }

    Context 'A pack whose pack.yaml cannot be read' {
        BeforeEach {
            $script:broken = New-TestPack -BasePath $packs -Name 'broken_pack' -Manifest "name: [unclosed`nversion: 1"
            New-Item -ItemType Directory (Join-Path $env:STACKPACK_HOME 'virtualenvs/broken_pack/bin') -Force | Out-Null
            Set-Content (Join-Path $env:STACKPACK_HOME 'configs/broken_pack.yaml') 'b: 2'
        }

        It 'is removed by its folder name, its virtualenv with it, its config kept' {
            $err = $null
            Get-Pack broken_pack -ErrorVariable err -ErrorAction SilentlyContinue
            $err[0].FullyQualifiedErrorId | Should -BeLike 'InvalidPackMetadata,*'

            Remove-Pack broken_pack -WhatIf
            Test-Path $broken | Should -BeTrue

            $removed = Remove-Pack BROKEN_PACK -PassThru
            $removed.Ref | Should -Be 'broken_pack'
            $removed.Path | Should -Be $broken
            Test-Path $broken | Should -BeFalse
            Test-Path (Join-Path $env:STACKPACK_HOME 'virtualenvs/broken_pack') | Should -BeFalse
            Test-Path (Join-Path $env:STACKPACK_HOME 'configs/broken_pack.yaml') | Should -BeTrue
            @(Get-ChildItem $packs -Force).Name | Should -Be @('hello') -Because 'the folder went in one rename to the trash, and the trash is gone'
            $err = $null
            Get-Pack -ErrorVariable err | Out-Null
            $err | Should -BeNullOrEmpty
        }

        It 'is matched by a wildcard on its folder name' {
            Remove-Pack 'broken*'
            Test-Path $broken | Should -BeFalse
            Test-Path (Join-Path $packs 'hello') | Should -BeTrue
        }

        It 'is kept while a readable pack names it as a dependency, unless -Force' {
            New-TestPack -BasePath $packs -Name 'needs_broken' -Extra 'dependencies: [broken_pack]' | Out-Null
            $err = $null
            Remove-Pack broken_pack -ErrorVariable err -ErrorAction SilentlyContinue
            $err[0].FullyQualifiedErrorId | Should -BeLike 'PackInUse,*'
            Test-Path $broken | Should -BeTrue
            Remove-Pack needs_broken, broken_pack
            Test-Path $broken | Should -BeFalse
        }
    }
}
