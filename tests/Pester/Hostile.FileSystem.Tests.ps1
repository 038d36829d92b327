# Hostile file systems through the cmdlets (issue 9: items 1, 2, 5 and the file-system smaller
# items): links out, link chains that escape only on the real file system, loops, FIFOs, names
# that are not UTF-8, linked pack folders, virtualenvs and configs. Each case is built for real;
# where a hang is possible the cmdlet runs in a child pwsh with a generous guard. Every test ends
# by comparing a victim folder outside the packs (kind, mode and SHA-256 of each entry).
BeforeAll {
    Import-Module $env:STACKPACK_TEST_MODULE -Force
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    $ProgressPreference = 'SilentlyContinue'

    # Files with telling modes (issue 9: a cleanup that followed links made 0400 0600 and 4555 4755).
    $script:victim = Join-Path $TestDrive 'victim'
    New-Item -ItemType Directory -Path (Join-Path $victim 'sub') -Force | Out-Null
    foreach ($entry in @(@('a', '400'), @('b', '444'), @('sub/c', '4555'))) {
        Set-Content (Join-Path $victim $entry[0]) $entry[0]
        chmod $entry[1] (Join-Path $victim $entry[0])
    }
    $script:victimBefore = Get-VictimListing $victim

    function New-PlainPack {
        <# A plain folder with a valid pack.yaml and one action. #>
        param([Parameter(Mandatory)] [string] $Name)
        New-TestPack -BasePath (Join-Path $TestDrive "src-$([guid]::NewGuid().ToString('N').Substring(0, 8))") -Name $Name -Ref $Name -Version '1.0.0' -Files 'actions/hello.yaml'
    }

    function Save-Repository {
        <# Commits a folder as a git repository (links are committed as links); returns a file:// URL. #>
        param([Parameter(Mandatory)] [string] $Path)
        Invoke-Git $Path init -q | Out-Null
        Invoke-Git $Path add -A | Out-Null
        Invoke-Git $Path commit -q -m release | Out-Null
        "file://$Path"
    }
}

Describe 'Hostile file systems' {
    BeforeEach {
        $env:STACKPACK_HOME = Join-Path $TestDrive ([guid]::NewGuid().ToString('N'))
        $script:packs = Join-Path $env:STACKPACK_HOME 'packs'
        New-Item -ItemType Directory -Path $packs -Force | Out-Null
    }
    AfterEach {
        Get-VictimListing $victim | Should -Be $victimBefore
        Remove-Item env:STACKPACK_HOME -ErrorAction SilentlyContinue
    }

    Context 'links out of the pack (items 1 and 2)' {
        It 'refuses a repository with outlink -> victim, and its cleanup leaves the victim alone (also with -WhatIf)' -TestCases @(
            @{ WhatIf = $false }, @{ WhatIf = $true }
        ) {
            param($WhatIf)
            $source = New-PlainPack 'outlink'
            New-Item -ItemType SymbolicLink -Path (Join-Path $source 'outlink') -Target $victim | Out-Null
            $url = Save-Repository $source
            $before = Get-TreeSnapshot $packs

            $err = $null
            Install-Pack $url -WhatIf:$WhatIf -ErrorVariable err -ErrorAction SilentlyContinue | Should -BeNullOrEmpty

            $err[0].FullyQualifiedErrorId | Should -Be 'UnsafePackContent,StackPack.Commands.Cmdlets.InstallPackCommand'
            $err[0].Exception.Message | Should -Match ([regex]::Escape("outlink -> $victim"))
            Get-TreeSnapshot $packs | Should -Be $before
        }

        It 'refuses the chain from the issue (a20/s -> ../.., esc -> a1/…/a20/s/../…/victim), naming esc' {
            $source = New-PlainPack 'chain'
            $levels = 1..20 | ForEach-Object { "a$_" }
            $a20 = Join-Path $source ($levels -join '/')
            New-Item -ItemType Directory -Path $a20 -Force | Out-Null
            New-Item -ItemType SymbolicLink -Path (Join-Path $a20 's') -Target ((@('..') * 20) -join '/') | Out-Null
            $target = "$($levels -join '/')/s/$((@('..') * 21) -join '/')$victim"
            New-Item -ItemType SymbolicLink -Path (Join-Path $source 'esc') -Target $target | Out-Null
            # The input is what the issue describes: the kernel leads esc to the victim, the text stays inside.
            Test-Path (Join-Path $source 'esc/sub/c') | Should -BeTrue
            [IO.Path]::GetFullPath($target, $source) | Should -BeLike "$source/*"
            $url = Save-Repository $source
            $before = Get-TreeSnapshot $packs

            $err = $null
            Install-Pack $url -ErrorVariable err -ErrorAction SilentlyContinue | Should -BeNullOrEmpty

            $err[0].FullyQualifiedErrorId | Should -Be 'UnsafePackContent,StackPack.Commands.Cmdlets.InstallPackCommand'
            $err[0].Exception.Message | Should -Match 'esc -> a1/a2/'
            $err[0].Exception.Message | Should -Match 'climbs out'
            Get-TreeSnapshot $packs | Should -Be $before
            Get-Pack chain -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        }

        It 'removes a pack folder that is a link to a checkout (and a linked virtualenv) as links: the checkout''s read-only .git objects stay as they were' {
            $checkout = New-PlainPack 'linked'
            Save-Repository $checkout | Out-Null
            $checkoutBefore = Get-VictimListing $checkout
            ($checkoutBefore -match '^\.git/objects/.* f 0444$').Count | Should -BeGreaterThan 0
            New-Item -ItemType SymbolicLink -Path (Join-Path $packs 'linked') -Target $checkout | Out-Null
            $venvs = Join-Path $env:STACKPACK_HOME 'virtualenvs'
            New-Item -ItemType Directory -Path $venvs -Force | Out-Null
            New-Item -ItemType SymbolicLink -Path (Join-Path $venvs 'linked') -Target $victim | Out-Null

            Remove-Pack linked -Confirm:$false

            Test-Path (Join-Path $packs 'linked') | Should -BeFalse
            Test-Path (Join-Path $venvs 'linked') | Should -BeFalse
            Get-VictimListing $checkout | Should -Be $checkoutBefore
        }
    }

    Context 'loops and special files (item 5)' {
        It 'installs and registers a pack with a link loop (d/e/l1 -> ..) within seconds' {
            $source = New-PlainPack 'loop'
            New-Item -ItemType Directory -Path (Join-Path $source 'd/e') -Force | Out-Null
            New-Item -ItemType SymbolicLink -Path (Join-Path $source 'd/e/l1') -Target '..' | Out-Null

            $run = Invoke-Guarded "Install-Pack '$source' -SkipVirtualEnv -ErrorVariable e -ErrorAction SilentlyContinue | ForEach-Object { 'installed ' + `$_.Ref }; Register-Pack loop -PassThru -ErrorVariable +e -ErrorAction SilentlyContinue | ForEach-Object { 'registered ' + `$_.Registered }; `$e | ForEach-Object { `$_.FullyQualifiedErrorId; `$_.Exception.Message }; 'still alive'"

            $run.TimedOut | Should -BeFalse
            $run.Output | Should -Match 'installed loop'
            $run.Output | Should -Match 'registered True'
            $run.Output | Should -Match 'still alive'
            (Get-Item (Join-Path $packs 'loop/d/e/l1')).LinkTarget | Should -Be '..'
        }

        It 'refuses a local folder with a FIFO in it without opening it' {
            $source = New-PlainPack 'piped'
            New-Item -ItemType Directory -Path (Join-Path $source 'lib') -Force | Out-Null
            mkfifo (Join-Path $source 'lib/pipe')

            $run = Invoke-Guarded "Install-Pack '$source' -SkipVirtualEnv -ErrorVariable e -ErrorAction SilentlyContinue; `$e | ForEach-Object { `$_.FullyQualifiedErrorId; `$_.Exception.Message }; 'still alive'"

            $run.TimedOut | Should -BeFalse
            $run.Output | Should -Match 'UnsafePackContent,StackPack.Commands.Cmdlets.InstallPackCommand'
            $run.Output | Should -Match "'lib/pipe', a FIFO"
            $run.Output | Should -Match 'still alive'
            Test-Path (Join-Path $packs 'piped') | Should -BeFalse
        }

        It 'reports a FIFO in a pack being registered as a problem on that file' {
            $pack = New-TestPack -BasePath $packs -Name 'fifo' -Ref 'fifo' -Files 'actions/hello.yaml'
            mkfifo (Join-Path $pack 'actions/pipe.yaml')
            mkfifo (Join-Path $pack 'notes')

            $run = Invoke-Guarded "Register-Pack fifo -ErrorVariable e -ErrorAction SilentlyContinue; `$e | ForEach-Object { `$_.FullyQualifiedErrorId; `$_.Exception.Message }; (Get-Pack fifo).Ref; 'still alive'"

            $run.TimedOut | Should -BeFalse
            $run.Output | Should -Match 'RegistrationFailed,StackPack.Commands.Cmdlets.RegisterPackCommand'
            $run.Output | Should -Match 'actions/pipe\.yaml.*FIFO'
            $run.Output | Should -Match "fifo`n"
            $run.Output | Should -Match 'still alive'
        }

        It 'refuses a file name that is not valid UTF-8 at staging, naming it' {
            $source = New-PlainPack 'badname'
            bash -c "touch '$source/actions/'`$'bad\xff.yaml'"

            try {
                $err = $null
                Install-Pack $source -SkipVirtualEnv -ErrorVariable err -ErrorAction SilentlyContinue | Should -BeNullOrEmpty

                $err[0].FullyQualifiedErrorId | Should -Be 'UnsafePackContent,StackPack.Commands.Cmdlets.InstallPackCommand'
                $err[0].Exception.Message | Should -Match "actions/bad.*not valid UTF-8"
                Test-Path (Join-Path $packs 'badname') | Should -BeFalse
            }
            finally {
                bash -c "rm -rf '$source'" # .NET (and so Pester's TestDrive cleanup) cannot delete a name it cannot encode
            }
        }
    }

    Context 'registering hand-placed content' {
        It 'names a file whose name is not valid UTF-8 and says what to do' {
            $pack = New-TestPack -BasePath $packs -Name 'oddname' -Ref 'oddname'
            bash -c "mkdir -p '$pack/actions' && printf 'name: a\nrunner_type: local-shell-cmd\n' > '$pack/actions/'`$'odd\xff.yaml'"
            try {
                $err = $null
                Register-Pack oddname -ErrorVariable err -ErrorAction SilentlyContinue | Out-Null
                $err[0].FullyQualifiedErrorId | Should -Be 'RegistrationFailed,StackPack.Commands.Cmdlets.RegisterPackCommand'
                $err[0].Exception.Message | Should -Match 'actions/odd.*name is not valid UTF-8'
                $err[0].Exception.Message | Should -Match 'UTF-8 name'
                $err[0].Exception.Message | Should -Not -Match 'Could not find file|YAML syntax'
            }
            finally {
                bash -c "rm -rf '$pack'"
            }
        }
    }

    Context 'configs' {
        BeforeEach {
            New-TestPack -BasePath $packs -Name 'conf' -Ref 'conf' | Out-Null
            $script:configs = Join-Path $env:STACKPACK_HOME 'configs'
            New-Item -ItemType Directory -Path $configs -Force | Out-Null
        }

        It 'writes through a config link to a regular file in the configs folder, keeping the link' {
            Set-Content (Join-Path $configs 'shared.yaml') 'old: 1'
            New-Item -ItemType SymbolicLink -Path (Join-Path $configs 'conf.yaml') -Target 'shared.yaml' | Out-Null

            Set-PackConfig conf -Value @{ fresh = 2 } -Replace -WarningAction SilentlyContinue

            (Get-Item (Join-Path $configs 'conf.yaml')).LinkTarget | Should -Be 'shared.yaml'
            Get-Content (Join-Path $configs 'shared.yaml') -Raw | Should -Match 'fresh: 2'
        }

        It 'refuses a config link that leads out of the configs folder with ConfigLinkRefused' {
            New-Item -ItemType SymbolicLink -Path (Join-Path $configs 'conf.yaml') -Target (Join-Path $victim 'b') | Out-Null

            $err = $null
            Set-PackConfig conf -Value @{ x = 1 } -Replace -ErrorVariable err -ErrorAction SilentlyContinue -WarningAction SilentlyContinue

            $err[0].FullyQualifiedErrorId | Should -Be 'ConfigLinkRefused,StackPack.Commands.Cmdlets.SetPackConfigCommand'
            $err[0].Exception.Message | Should -Match ([regex]::Escape((Join-Path $configs 'conf.yaml')))
            (Get-Item (Join-Path $configs 'conf.yaml')).LinkTarget | Should -Be (Join-Path $victim 'b')
        }

        It 'reports a configs folder that cannot be written as ConfigWriteFailed naming the file' {
            chattr +i $configs
            $LASTEXITCODE | Should -Be 0 -Because 'an immutable folder is how root gets a write refused'
            try {
                $err = $null
                Set-PackConfig conf -Value @{ x = 1 } -ErrorVariable err -ErrorAction SilentlyContinue -WarningAction SilentlyContinue

                $err[0].FullyQualifiedErrorId | Should -Be 'ConfigWriteFailed,StackPack.Commands.Cmdlets.SetPackConfigCommand'
                $err[0].Exception.Message | Should -Match ([regex]::Escape((Join-Path $configs 'conf.yaml')))
                $err[0].CategoryInfo.Category | Should -Be 'WriteError' -Because 'ConfigWriteFailed has one category, whatever failed (ErrorCatalog)'
            }
            finally { chattr -i $configs }
            Test-Path (Join-Path $configs 'conf.yaml') | Should -BeFalse
        }
    }
}
