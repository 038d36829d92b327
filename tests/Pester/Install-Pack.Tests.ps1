BeforeAll {
    Import-Module $env:STACKPACK_TEST_MODULE -Force
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    $ProgressPreference = 'SilentlyContinue'

    # Source repositories shared by the tests (read-only for them).
    $script:sources = Join-Path $TestDrive 'sources'
    $script:hello = New-TestGitPack -Path (Join-Path $sources 'stackstorm-hello') -Name 'hello' -Versions '0.1.0', '0.2.0', '1.0.0'
    Invoke-Git $hello branch feature | Out-Null
    $script:helloV1 = (Invoke-Git $hello rev-parse v0.1.0).Trim()
    $script:base = New-TestGitPack -Path (Join-Path $sources 'stackstorm-base') -Name 'base' -Versions '1.0.0', '2.0.0'
    $script:app = New-TestGitPack -Path (Join-Path $sources 'stackstorm-app') -Name 'app' -Versions '1.0.0' -Extra "dependencies:`n  - base=1.0.0" # by index name: a fetched pack may not name a local folder
    $script:index = Join-Path $TestDrive 'index.json'
    Set-Content $index (New-TestIndex @{
        hello = @{ version = '0.2.0'; versions = @('0.1.0', '0.2.0', '1.0.0'); repo_url = "file://$hello" }
        base  = @{ version = '2.0.0'; repo_url = "file://$base" }
    })
}

Describe 'Install-Pack' {
    BeforeEach {
        $env:STACKPACK_HOME = Join-Path $TestDrive ([guid]::NewGuid().ToString('N'))
        $env:STACKPACK_INDEX_URL = $index
        $script:packs = Join-Path $env:STACKPACK_HOME 'packs'
    }
    AfterEach { Remove-Item env:STACKPACK_HOME, env:STACKPACK_INDEX_URL, env:STACKPACK_ST2_VERSION -ErrorAction SilentlyContinue }

    Context 'Every form st2 accepts' {
        It 'installs a short name through the index, at the index''s version' {
            $result = Install-Pack hello
            $result | Should -BeOfType ([StackPack.InstallResult])
            $result.Ref | Should -Be 'hello'
            $result.Version | Should -Be '0.2.0'
            $result.Action | Should -Be 'Installed'
            $result.Source | Should -Be "file://$hello"
            $result.Path | Should -Be (Join-Path $packs 'hello')
            (Get-Pack hello).Tag | Should -Be 'v0.2.0'
        }

        It 'installs name=version and -Version, with or without the v prefix' {
            (Install-Pack 'hello=0.1.0').Version | Should -Be '0.1.0'
            (Install-Pack hello -Version v1.0.0).Version | Should -Be '1.0.0'
        }

        It 'installs a branch, a full commit and a short commit' {
            (Install-Pack "$hello=feature").Version | Should -Be '1.0.0'
            (Get-Pack hello).Branch | Should -Be 'feature'
            (Install-Pack "$hello=$helloV1").Commit | Should -Be $helloV1
            (Install-Pack "$hello=$($helloV1.Substring(0, 7))" -Force).Version | Should -Be '0.1.0'
        }

        It 'installs the default branch of a URL without a version' {
            $result = Install-Pack "file://$hello"
            $result.Version | Should -Be '1.0.0'
            $result.Commit | Should -Be (Invoke-Git $hello rev-parse HEAD).Trim()
        }

        It 'installs only the committed content of a local git repository' {
            $repo = New-TestGitPack -Path (Join-Path $TestDrive 'local/stackstorm-localgit') -Name 'localgit'
            Set-Content (Join-Path $repo 'uncommitted.txt') 'not committed'
            Install-Pack $repo | Out-Null
            Test-Path (Join-Path $packs 'localgit/uncommitted.txt') | Should -BeFalse
            Test-Path (Join-Path $packs 'localgit/actions/hello.yaml') | Should -BeTrue
        }

        It 'copies a plain folder as it is' {
            $folder = New-TestPack -BasePath (Join-Path $TestDrive 'plain') -Name 'plainpack' -Files 'actions/a.yaml'
            New-Item -ItemType Directory (Join-Path $folder 'empty_dir') | Out-Null
            $result = Install-Pack $folder
            $result.Action | Should -Be 'Installed'
            Test-Path (Join-Path $packs 'plainpack/empty_dir') | Should -BeTrue
            (Get-Pack plainpack).RepoUrl | Should -BeNullOrEmpty
        }

        It 'installs several packs in one call' {
            (Install-Pack hello, base).Ref | Should -Be @('hello', 'base')
        }

        It 'takes Find-Pack output from the pipeline' {
            (Find-Pack -Name base | Install-Pack).Version | Should -Be '2.0.0'
        }

        It 'fails with VersionNotFound listing the versions that exist, semver-sorted' {
            $err = $null
            Install-Pack 'hello=9.9.9' -ErrorVariable err -ErrorAction SilentlyContinue
            $err[0].FullyQualifiedErrorId | Should -Be 'VersionNotFound,StackPack.Commands.Cmdlets.InstallPackCommand'
            $err[0].Exception.Message | Should -Match 'Available versions: 1\.0\.0, 0\.2\.0, 0\.1\.0'
            Test-Path (Join-Path $packs 'hello') | Should -BeFalse
        }

        It 'writes PackNotFoundInIndex for an unknown name and goes on with the others' {
            $err = $null
            $result = Install-Pack nosuchpack, base -ErrorVariable err -ErrorAction SilentlyContinue
            $result.Ref | Should -Be 'base'
            $err[0].FullyQualifiedErrorId | Should -BeLike 'PackNotFoundInIndex,*'
            $err[0].TargetObject | Should -Be 'nosuchpack'
        }
    }

    Context 'Upgrades, downgrades and what stays' {
        It 'upgrades and downgrades, reports the previous version, and never touches the config' {
            Install-Pack 'hello=0.1.0' | Out-Null
            New-Item -ItemType Directory (Join-Path $env:STACKPACK_HOME 'configs') | Out-Null
            $config = Join-Path $env:STACKPACK_HOME 'configs/hello.yaml'
            Set-Content $config 'token: keep-me'
            $before = [IO.File]::ReadAllBytes($config)

            $up = Install-Pack 'hello=1.0.0'
            $up.Action | Should -Be 'Upgraded'
            $up.PreviousVersion | Should -Be '0.1.0'
            $down = Install-Pack 'hello=0.2.0'
            $down.Action | Should -Be 'Downgraded'
            $down.PreviousVersion | Should -Be '1.0.0'
            [IO.File]::ReadAllBytes($config) | Should -Be $before
            (Get-Pack hello).Version | Should -Be '0.2.0'
        }

        It 'is Unchanged when already installed at the same commit; a local edit is reported and kept, and -Force reinstalls' {
            Install-Pack 'hello=0.2.0' | Out-Null
            (Install-Pack 'hello=0.2.0').Action | Should -Be 'Unchanged'
            $marker = Join-Path $packs 'hello/local-edit.txt'
            Set-Content $marker 'x'
            $err = $null
            Install-Pack 'hello=0.2.0' -ErrorVariable err -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
            $err[0].FullyQualifiedErrorId | Should -BeLike 'PackModified,*'
            $err[0].Exception.Message | Should -Match 'local-edit\.txt \(added\)'
            Test-Path $marker | Should -BeTrue
            (Install-Pack 'hello=0.2.0' -Force).Action | Should -Be 'Reinstalled'
            Test-Path $marker | Should -BeFalse
        }

        It 'leaves no staging or backup folders behind' {
            Install-Pack 'hello=0.1.0' | Out-Null
            Install-Pack 'hello=1.0.0' | Out-Null
            @(Get-ChildItem $packs -Force).Name | Should -Be @('hello')
        }
    }

    Context 'From Get-Pack' {
        It 'installs what Get-Pack shows from its own origin at its installed commit (Unchanged), not from the index' {
            Install-Pack "file://$hello=0.1.0" | Out-Null
            $result = Get-Pack hello | Install-Pack
            $result.Action | Should -Be 'Unchanged'
            $result.Source | Should -Be (Get-Pack hello).RepoUrl
            (Get-Pack hello | Install-Pack -Force).Action | Should -Be 'Reinstalled'
            (Get-Pack hello).Version | Should -Be '0.1.0'
        }

        It 'reinstalls at the installed commit even when it is past the tag of its pack.yaml version' {
            $ahead = New-TestGitPack -Path (Join-Path $TestDrive 'ahead/stackstorm-ahead') -Name 'ahead' -Versions '1.0.0'
            Set-Content (Join-Path $ahead 'CHANGES.txt') 'a commit after v1.0.0, same pack.yaml version'
            Invoke-Git $ahead commit -q -am 'after the tag' | Out-Null
            $head = (Invoke-Git $ahead rev-parse HEAD).Trim()
            Install-Pack $ahead | Out-Null
            $result = Get-Pack ahead | Install-Pack
            $result.Action | Should -Be 'Unchanged'
            $result.Commit | Should -Be $head
        }

        It 'takes an installed pack''s display name, in any case, for its ref' {
            $greet = New-TestGitPack -Path (Join-Path $TestDrive 'greet/stackstorm-greet') -Name 'greet' -Versions '1.0.0'
            $file = Join-Path $greet 'pack.yaml'
            (Get-Content $file -Raw) -replace '(?m)^name: .*$', 'name: Greeting Pack' | Set-Content $file
            Invoke-Git $greet commit -q -am 'Display name' | Out-Null
            Invoke-Git $greet tag -f v1.0.0 | Out-Null
            $greetIndex = Join-Path $TestDrive 'greet-index.json'
            Set-Content $greetIndex (New-TestIndex @{ greet = @{ version = '1.0.0'; repo_url = "file://$greet" } })
            (Install-Pack greet -IndexUrl $greetIndex -SkipVirtualEnv -NoRegister).Action | Should -Be 'Installed'
            (Get-Pack greet).Name | Should -Be 'Greeting Pack'

            $result = Install-Pack 'GREETING PACK' -IndexUrl $greetIndex -SkipVirtualEnv -NoRegister
            $result.Ref | Should -Be 'greet'
            $result.Action | Should -Be 'Unchanged'
        }

        It 'fails clearly when given nothing to install' {
            { Install-Pack -ErrorAction Stop } | Should -Throw -ErrorId 'NoPackGiven,*'
        }

        It 'says a copied pack has no known origin' {
            Install-Pack (New-TestPack -BasePath (Join-Path $TestDrive 'copied') -Name 'copied') | Out-Null
            $err = $null
            Get-Pack copied | Install-Pack -ErrorVariable err -ErrorAction SilentlyContinue
            $err[0].FullyQualifiedErrorId | Should -BeLike 'PackSourceUnknown,*'
        }
    }

    Context 'Dependencies' {
        It 'installs dependencies first, with the pinned version, and says who needs them' {
            $result = Install-Pack "file://$app"
            $result.Ref | Should -Be @('base', 'app')
            $result[0].Version | Should -Be '1.0.0'
            $result[0].RequiredBy | Should -Be @('app')
            $result[1].RequiredBy | Should -BeNullOrEmpty
        }

        It 'does not install a pack whose dependency fails while installing' {
            $locks = Join-Path $env:STACKPACK_HOME 'locks'
            New-Item -ItemType Directory $locks -Force | Out-Null
            $held = [IO.File]::Open((Join-Path $locks 'base.lock'), 'OpenOrCreate', 'ReadWrite', 'None')
            try {
                $err = $null
                Install-Pack "file://$app" -TimeoutSec 1 -ErrorVariable err -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
                $err.FullyQualifiedErrorId | Should -Be @('PackLocked,StackPack.Commands.Cmdlets.InstallPackCommand', 'DependencyFailed,StackPack.Commands.Cmdlets.InstallPackCommand')
                Test-Path (Join-Path $packs 'app') | Should -BeFalse
            }
            finally { $held.Dispose() }
        }

        It 'skips dependencies with -SkipDependencies' {
            (Install-Pack "file://$app" -SkipDependencies).Ref | Should -Be 'app'
            Test-Path (Join-Path $packs 'base') | Should -BeFalse
        }

        It 'stops the whole plan when a pin differs from the installed version, naming both sides' {
            Install-Pack 'base=2.0.0' | Out-Null
            $err = $null
            $result = Install-Pack "file://$app", hello -ErrorVariable err -ErrorAction SilentlyContinue
            $result | Should -BeNullOrEmpty
            $err[0].FullyQualifiedErrorId | Should -BeLike 'DependencyConflict,*'
            $err[0].Exception.Message | Should -Match "'base' is installed at 2\.0\.0, but 'app' requires 1\.0\.0"
            Test-Path (Join-Path $packs 'app') | Should -BeFalse
            Test-Path (Join-Path $packs 'hello') | Should -BeFalse
        }

        It 'stops the whole plan when two packs pin different versions of one dependency' {
            $other = New-TestGitPack -Path (Join-Path $TestDrive 'conflict/stackstorm-other') -Name 'other' -Extra "dependencies:`n  - base=2.0.0"
            $err = $null
            Install-Pack "file://$app", "file://$other" -ErrorVariable err -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
            $err[0].FullyQualifiedErrorId | Should -BeLike 'DependencyConflict,*'
            $err[0].Exception.Message | Should -Match 'two versions: 1\.0\.0 .*and 2\.0\.0'
            @(Get-ChildItem $packs -Force -ErrorAction SilentlyContinue).Count | Should -Be 0 -Because 'nothing is installed and nothing is left behind'

        }
    }

    Context 'Checks before anything changes' {
        It 'refuses an invalid ref with InvalidPackMetadata' {
            $bad = New-TestGitPack -Path (Join-Path $TestDrive 'bad/stackstorm-bad') -Name 'bad-ref'
            { Install-Pack $bad -ErrorAction Stop } | Should -Throw -ErrorId 'InvalidPackMetadata,*'
        }

        It 'refuses a pack with a symbolic link pointing outside itself' {
            $linked = New-TestPack -BasePath (Join-Path $TestDrive 'links') -Name 'linked'
            New-Item -ItemType SymbolicLink -Path (Join-Path $linked 'passwd') -Target '/etc/passwd' | Out-Null
            $err = $null
            Install-Pack $linked -ErrorVariable err -ErrorAction SilentlyContinue
            $err[0].FullyQualifiedErrorId | Should -BeLike 'UnsafePackContent,*'
            $err[0].Exception.Message | Should -Match 'passwd -> /etc/passwd'
            Test-Path (Join-Path $packs 'linked') | Should -BeFalse
        }

        It 'checks stackstorm_version against the host''s StackStorm, and -Force overrides it' {
            $future = New-TestGitPack -Path (Join-Path $TestDrive 'future/stackstorm-future') -Name 'future' -Extra 'stackstorm_version: ">=4.0.0"'
            $env:STACKPACK_ST2_VERSION = '3.8.1'
            $err = $null
            Install-Pack $future -ErrorVariable err -ErrorAction SilentlyContinue
            $err[0].FullyQualifiedErrorId | Should -BeLike 'IncompatibleStackStormVersion,*'
            $err[0].Exception.Message | Should -Match 'requires StackStorm ">=4\.0\.0", but current version is "3\.8\.1"'
            (Install-Pack $future -Force).Action | Should -Be 'Installed'
        }

        It 'changes nothing on disk with -WhatIf and says what would happen' {
            Install-Pack 'hello=0.1.0' -NoRegister | Out-Null
            $before = Get-TreeSnapshot $env:STACKPACK_HOME
            # "What if:" lines go to the host, not to a stream: a scripted host reads them.
            $run = Invoke-WithScriptedHost -Script "Install-Pack 'hello=1.0.0', 'file://$app' -WhatIf; Install-Pack 'hello=0.1.0' -WhatIf"
            $whatIf = $run.Host.Output
            Get-TreeSnapshot $env:STACKPACK_HOME | Should -Be $before
            $whatIf | Should -Match ([regex]::Escape("What if: Performing the operation `"Upgraded pack`" on target `"hello 1.0.0 from file://$hello into $(Join-Path $packs 'hello')`""))
            $whatIf | Should -Match 'What if: .*"Install pack" on target "base 1\.0\.0'
            $whatIf | Should -Match 'What if: .*"Register pack .hello."'
        }

        It 'creates nothing in a fresh home with -WhatIf' {
            Install-Pack hello -WhatIf | Out-Null
            Test-Path $env:STACKPACK_HOME | Should -BeFalse
        }
    }

    Context 'Private repositories and credentials' {
        BeforeAll {
            $script:server = Start-LoopbackServer
            $script:gitRoot = Join-Path $TestDrive 'gitroot'
            New-Item -ItemType Directory $gitRoot | Out-Null
            Invoke-Git $TestDrive clone -q --bare $hello (Join-Path $gitRoot 'private.git') | Out-Null
            $server.ServeGit('/git', $gitRoot, 'deploy', 'S3cr3t-T0ken-42')
            $script:privateUrl = $server.Url('/git/private.git')
            $script:token = 'S3cr3t-T0ken-42'
        }
        AfterAll { $server.Dispose() }

        It 'installs with a token in the https URL, and the token appears in no output and no file' {
            $withToken = $privateUrl -replace '^http://', "http://deploy:$token@"
            $all = Install-Pack "$withToken=0.2.0" -Verbose *>&1
            ($all | Where-Object { $_ -is [StackPack.InstallResult] }).Version | Should -Be '0.2.0'
            ($all | Out-String) + ($all | Format-List * | Out-String) | Should -Not -Match $token
            $leaks = Get-ChildItem $env:STACKPACK_HOME -Recurse -File -Force | Where-Object { (Get-Content $_.FullName -Raw -ErrorAction SilentlyContinue) -match $token }
            $leaks | Should -BeNullOrEmpty
            (Get-Content (Join-Path $packs 'hello/.git/config') -Raw) | Should -Match ([regex]::Escape($privateUrl))
            (Get-Pack hello).RepoUrl | Should -Be $privateUrl
        }

        It 'shows the token in no progress, debug or host output of an interactive session' {
            $withToken = $privateUrl -replace '^http://', "http://deploy:$token@"
            $run = Invoke-WithScriptedHost -Script "Install-Pack '$withToken=0.1.0' -Force -Debug -Verbose *>&1 | Out-String"
            $run.Errors | Should -BeNullOrEmpty
            $run.Host.Progress.Count | Should -BeGreaterThan 0
            ($run.Host.Progress -join "`n") + $run.Host.Output + ($run.Output -join "`n") | Should -Not -Match $token
        }

        It 'installs with -Credential' {
            $credential = [pscredential]::new('deploy', (ConvertTo-SecureString $token -AsPlainText -Force))
            (Install-Pack $privateUrl -Credential $credential).Version | Should -Be '1.0.0'
        }

        It 'fails fast with AuthenticationFailed without credentials or with wrong ones, never showing them' {
            $elapsed = Measure-Command {
                $err = $null
                Install-Pack $privateUrl -ErrorVariable err -ErrorAction SilentlyContinue
                $err[0].FullyQualifiedErrorId | Should -BeLike 'AuthenticationFailed,*'
                # In words a user understands, not libgit2's ("no callback set").
                $err[0].Exception.Message | Should -Match 'asks for credentials, and none were given'
                $err[0].Exception.Message | Should -Not -Match 'callback'
                $wrong = [pscredential]::new('deploy', (ConvertTo-SecureString 'Wrong-Password-99' -AsPlainText -Force))
                Install-Pack $privateUrl -Credential $wrong -ErrorVariable err -ErrorAction SilentlyContinue
                $err[0].FullyQualifiedErrorId | Should -BeLike 'AuthenticationFailed,*'
                $err[0].Exception.Message | Should -Match 'rejected the credentials'
                ($err | Out-String) | Should -Not -Match 'Wrong-Password-99'
            }
            $elapsed.TotalSeconds | Should -BeLessThan 20
            Test-Path (Join-Path $packs 'hello') | Should -BeFalse
        }
    }

    Context 'Locks' {
        It 'waits for another process that holds the pack''s lock, then fails with PackLocked naming it' {
            $locks = Join-Path $env:STACKPACK_HOME 'locks'
            New-Item -ItemType Directory $locks -Force | Out-Null
            Set-Content (Join-Path $locks 'hello.owner') 'process 4242 (pwsh) of tester'
            $held = [IO.File]::Open((Join-Path $locks 'hello.lock'), 'OpenOrCreate', 'ReadWrite', 'None')
            try {
                $err = $null
                $elapsed = Measure-Command { Install-Pack hello -TimeoutSec 1 -ErrorVariable err -ErrorAction SilentlyContinue }
                $err[0].FullyQualifiedErrorId | Should -BeLike 'PackLocked,*'
                $err[0].Exception.Message | Should -Match 'process 4242'
                $elapsed.TotalSeconds | Should -BeGreaterOrEqual 1
            }
            finally { $held.Dispose() }
            (Install-Pack hello).Action | Should -Be 'Installed'
        }

        It 'lets two concurrent installs of the same pack both finish, one after the other' {
            $script1 = "Import-Module '$env:STACKPACK_TEST_MODULE'; `$env:STACKPACK_INDEX_URL = '$index'; (Install-Pack 'hello=1.0.0').Action.ToString()"
            $jobs = 1..2 | ForEach-Object {
                Start-Job -ScriptBlock { param($s, $h) $env:STACKPACK_HOME = $h; & ([scriptblock]::Create($s)) } -ArgumentList $script1, $env:STACKPACK_HOME
            }
            $results = $jobs | Wait-Job -Timeout 120 | Receive-Job
            $jobs | Remove-Job -Force
            @($results | Sort-Object) | Should -Be @('Installed', 'Unchanged')
            (Get-Pack hello).Version | Should -Be '1.0.0'
        }
    }
}
