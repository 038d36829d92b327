# Install-Pack run again (by DSC, Ansible, a nightly pipeline) must repair drift, on real git
# repositories, real virtualenvs and a real loopback index.
BeforeAll {
    Import-Module $env:STACKPACK_TEST_MODULE -Force
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    $ProgressPreference = 'SilentlyContinue'

    $script:sources = Join-Path $TestDrive 'sources'
    $script:base = New-TestGitPack -Path (Join-Path $sources 'stackstorm-base') -Name 'base' -Versions '1.0.0', '2.0.0'
    $script:app = New-TestGitPack -Path (Join-Path $sources 'stackstorm-app') -Name 'app' -Versions '1.0.0' -Extra "dependencies:`n  - base=1.0.0" # by index name: a fetched pack may not name a local folder
    $script:other = New-TestGitPack -Path (Join-Path $sources 'stackstorm-other') -Name 'other' -Versions '1.0.0'

    # A pack with Python content: v1 and v2 differ only in requirements.txt (comments: no package index here).
    $script:py = New-TestGitPack -Path (Join-Path $sources 'stackstorm-pyp') -Name 'pyp' -Versions '1.0.0' -Files 'actions/run.yaml', 'actions/run.py'
    Set-Content (Join-Path $py 'requirements.txt') '# v1 needs nothing'
    Invoke-Git $py add -A | Out-Null
    Invoke-Git $py commit -q -m 'requirements v1' | Out-Null
    Invoke-Git $py tag req1 | Out-Null
    Set-Content (Join-Path $py 'requirements.txt') '# v2 still needs nothing, but says so differently'
    Invoke-Git $py commit -q -am 'requirements v2' | Out-Null
    Invoke-Git $py tag req2 | Out-Null

    # A pack whose action StackStorm would refuse (no runner_type).
    $script:badContent = New-TestGitPack -Path (Join-Path $sources 'stackstorm-badcontent') -Name 'badcontent' -Versions '1.0.0'
    Set-Content (Join-Path $badContent 'actions/broken.yaml') "name: broken`ndescription: no runner"
    Invoke-Git $badContent add -A | Out-Null
    Invoke-Git $badContent commit -q -m 'a broken action' | Out-Null
    Invoke-Git $badContent tag v1.0.1 | Out-Null # the index's version for it
    $script:needsBad = New-TestGitPack -Path (Join-Path $sources 'stackstorm-needsbad') -Name 'needsbad' -Extra "dependencies:`n  - badcontent"

    $script:index = Join-Path $TestDrive 'index.json'
    Set-Content $index (New-TestIndex @{
        base  = @{ version = '2.0.0'; versions = @('1.0.0', '2.0.0'); repo_url = "file://$base" }
        other = @{ version = '1.0.0'; repo_url = "file://$other" }
        badcontent = @{ version = '1.0.1'; repo_url = "file://$badContent" }
    })
}

Describe 'Install-Pack converges' {
    BeforeEach {
        $env:STACKPACK_HOME = Join-Path $TestDrive ([guid]::NewGuid().ToString('N'))
        $env:STACKPACK_INDEX_URL = $index
        $env:PIP_NO_INDEX = '1'
        $script:packs = Join-Path $env:STACKPACK_HOME 'packs'
        $script:venv = Join-Path $env:STACKPACK_HOME 'virtualenvs/pyp'
    }
    AfterEach { Remove-Item env:STACKPACK_HOME, env:STACKPACK_INDEX_URL, env:PIP_NO_INDEX -ErrorAction SilentlyContinue }

    It 'rebuilds a deleted virtualenv (Repaired, saying so; -WhatIf only says it), then is Unchanged' {
        (Install-Pack "$py=req1").Action | Should -Be 'Installed'
        Remove-Item $venv -Recurse -Force
        $run = Invoke-WithScriptedHost -Script "Install-Pack '$py=req1' -WhatIf"
        $run.Host.Output | Should -Match 'What if: Performing the operation "Repair pack" on target "pyp: virtualenv missing'
        Test-Path $venv | Should -BeFalse

        $repaired = Install-Pack "$py=req1"
        $repaired.Action | Should -Be 'Repaired'
        $repaired.Repairs | Should -Match 'virtualenv missing'
        Test-Path (Join-Path $venv 'bin/python') | Should -BeTrue
        (Install-Pack "$py=req1").Action | Should -Be 'Unchanged'
    }

    It 'rebuilds a virtualenv that was built from another requirements.txt' {
        Install-Pack "$py=req1" | Out-Null
        $stamp = Get-Content (Join-Path $venv '.stackpack-requirements.sha256') -Raw
        # Moved to req2 without touching the virtualenv: it still reflects req1's requirements.txt.
        (Install-Pack "$py=req2" -SkipVirtualEnv).Action | Should -Be 'Reinstalled'
        $repaired = Install-Pack "$py=req2"
        $repaired.Action | Should -Be 'Repaired'
        $repaired.Repairs | Should -Match 'not built from the current requirements.txt'
        Get-Content (Join-Path $venv '.stackpack-requirements.sha256') -Raw | Should -Not -Be $stamp
        (Install-Pack "$py=req2").Action | Should -Be 'Unchanged'
    }

    It 'installs a dependency that was removed, and leaves the pack that needs it Unchanged' {
        Install-Pack "file://$app" | Out-Null
        Remove-Pack base -Force
        $result = Install-Pack "file://$app"
        $result.Ref | Should -Be @('base', 'app')
        $result[0].Action | Should -Be 'Installed'
        $result[0].Version | Should -Be '1.0.0'
        $result[0].RequiredBy | Should -Be @('app')
        $result[1].Action | Should -Be 'Unchanged'
    }

    It 'takes the whole installed set from Get-Pack, pins included, and finds it all Unchanged' {
        Install-Pack "file://$app", other | Out-Null
        $again = Get-Pack | Install-Pack
        $again.Ref | Sort-Object | Should -Be @('app', 'base', 'other')
        $again.Action | Sort-Object -Unique | Should -Be 'Unchanged'
    }

    It 'refuses to move a pack off the version an installed pack pins, naming both, unless -Force; run again, the pin is restored' {
        Install-Pack "file://$app" | Out-Null
        $err = $null
        Install-Pack 'base=2.0.0' -ErrorVariable err -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        $err[0].FullyQualifiedErrorId | Should -BeLike 'DependencyConflict,*'
        $err[0].Exception.Message | Should -Match "'base' is to be installed at 2\.0\.0, but the installed pack 'app' requires base 1\.0\.0"
        (Get-Pack base).Version | Should -Be '1.0.0'

        # Also through Get-Pack | Install-Pack.
        Get-Pack base | Install-Pack -Version v2.0.0 -ErrorVariable err -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        $err[0].FullyQualifiedErrorId | Should -BeLike 'DependencyConflict,*'

        $forced = Install-Pack 'base=2.0.0' -Force -WarningVariable warnings -WarningAction SilentlyContinue
        $forced.Action | Should -Be 'Upgraded'
        $warnings | Should -Match "installed pack 'app' requires base 1\.0\.0"

        $again = Install-Pack "file://$app"
        $again[0].Ref | Should -Be 'base'
        $again[0].Action | Should -Be 'Downgraded'
        $again[0].Version | Should -Be '1.0.0'
        $again[1].Action | Should -Be 'Unchanged'
    }

    It 'reports local edits to committed files (PackModified), keeps them, and -Force discards them' {
        Install-Pack other | Out-Null
        $action = Join-Path $packs 'other/actions/hello.yaml'
        # Modes are the installer's business (st2 makes packs group-writable): not an edit.
        & chmod 0775 $action
        (Install-Pack other).Action | Should -Be 'Unchanged'
        Add-Content $action '# a local edit'
        Remove-Item (Join-Path $packs 'other/CHANGES.txt')
        $err = $null
        Install-Pack other -ErrorVariable err -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        $err[0].FullyQualifiedErrorId | Should -BeLike 'PackModified,*'
        $err[0].Exception.Message | Should -Match 'actions/hello\.yaml \(modified\)'
        $err[0].Exception.Message | Should -Match 'CHANGES\.txt \(deleted\)'
        Get-Content $action -Raw | Should -Match 'a local edit'
        (Install-Pack other -Force).Action | Should -Be 'Reinstalled'
        Get-Content $action -Raw | Should -Not -Match 'a local edit'
        (Install-Pack other).Action | Should -Be 'Unchanged'
    }

    It 'reports a committed file replaced by a link to a system file as an edit, without following the link' {
        Install-Pack other | Out-Null
        $action = Join-Path $packs 'other/actions/hello.yaml'
        Remove-Item $action
        New-Item -ItemType SymbolicLink -Path $action -Target '/etc/passwd' | Out-Null
        $err = $null
        Install-Pack other -ErrorVariable err -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        $err[0].FullyQualifiedErrorId | Should -BeLike 'PackModified,*'
        $err[0].Exception.Message | Should -Match 'actions/hello\.yaml \(modified\)'
        $err[0].Exception.Message | Should -Not -Match 'root:'
        (Install-Pack other -Force).Action | Should -Be 'Reinstalled'
        (Get-Item $action).LinkType | Should -BeNullOrEmpty
    }

    It 'takes a repeated name with and without a version as the pinned one, in either order' {
        $first = Install-Pack base, 'base=1.0.0'
        @($first).Count | Should -Be 1
        $first.Version | Should -Be '1.0.0'
        $second = Install-Pack 'base=2.0.0', base
        @($second).Count | Should -Be 1
        $second.Version | Should -Be '2.0.0'
    }

    It 'refuses -Version for a name that already pins one, before anything changes' {
        { Install-Pack 'base=1.0.0' -Version 2.0.0 -ErrorAction Stop } | Should -Throw -ErrorId 'VersionGivenTwice,*'
        { Install-Pack 'base=1.0.0' -Version 2.0.0 -ErrorAction SilentlyContinue } | Should -Throw "*already pins version 1.0.0, so -Version 2.0.0 cannot apply*"
        Test-Path $packs | Should -BeFalse
    }
}

Describe 'Install-Pack checks content in the plan, and never stops half-way' {
    BeforeEach {
        $env:STACKPACK_HOME = Join-Path $TestDrive ([guid]::NewGuid().ToString('N'))
        $env:STACKPACK_INDEX_URL = $index
        $script:packs = Join-Path $env:STACKPACK_HOME 'packs'
    }
    AfterEach { Remove-Item env:STACKPACK_HOME, env:STACKPACK_INDEX_URL -ErrorAction SilentlyContinue }

    It 'refuses the whole plan when a dependency would fail registration, naming the file, even under Stop' {
        $ErrorActionPreference = 'Stop'
        $caught = $null
        try { Install-Pack other, "file://$needsBad" } catch { $caught = $_ }
        $caught.FullyQualifiedErrorId | Should -BeLike 'InvalidPackContent,*'
        $caught.Exception.Message | Should -Match "Pack 'badcontent'"
        $caught.Exception.Message | Should -Match 'actions[/\\]broken\.yaml'
        @(Get-ChildItem $packs -Force -ErrorAction SilentlyContinue).Count | Should -Be 0 -Because 'nothing changes when the plan is refused'
    }

    It 'installs it anyway with -Force and registers what registers' {
        $result = Install-Pack "file://$needsBad" -Force -WarningAction SilentlyContinue
        $result.Ref | Should -Be @('badcontent', 'needsbad')
        (Get-Pack badcontent).RegistrationState | Should -Be 'Registered'
    }

    It 'under $ErrorActionPreference = Stop, a pack that fails mid-plan stops nothing else; the error comes at the end' {
        $locks = Join-Path $env:STACKPACK_HOME 'locks'
        New-Item -ItemType Directory $locks -Force | Out-Null
        $held = [IO.File]::Open((Join-Path $locks 'base.lock'), 'OpenOrCreate', 'ReadWrite', 'None')
        try {
            $ErrorActionPreference = 'Stop'
            $caught = $null
            $written = [Collections.Generic.List[object]]::new()
            try { Install-Pack other, 'base=1.0.0', "file://$needsBad" -TimeoutSec 1 -Force -WarningAction SilentlyContinue | ForEach-Object { $written.Add($_) } }
            catch { $caught = $_ }
            $caught.FullyQualifiedErrorId | Should -BeLike 'PackLocked,*'
            $written.Ref | Should -Be @('other', 'badcontent', 'needsbad')
            Test-Path (Join-Path $packs 'base') | Should -BeFalse
            Test-Path (Join-Path $packs 'needsbad') | Should -BeTrue -Because 'the step after the failed one was applied before the error stopped the command'
        }
        finally { $held.Dispose() }
    }
}

Describe 'Install-Pack revalidates its index' {
    BeforeAll {
        $script:server = Start-LoopbackServer
        $script:indexUrl = $server.Url('/index.json')
        $script:publish = {
            param([string] $Version, [string] $ETag)
            $server.Set('/index.json', 200, (New-TestIndex @{ base = @{ version = $Version; versions = @('1.0.0', '2.0.0'); repo_url = "file://$base" } }), $ETag) | Out-Null
        }
    }
    AfterAll { $server.Dispose() }
    BeforeEach {
        $env:STACKPACK_HOME = Join-Path $TestDrive ([guid]::NewGuid().ToString('N'))
        $env:STACKPACK_INDEX_URL = $indexUrl
    }
    AfterEach { Remove-Item env:STACKPACK_HOME, env:STACKPACK_INDEX_URL -ErrorAction SilentlyContinue }

    It 'asks again on every call: a 304 keeps the cached copy, a new ETag brings the new version at once' {
        & $publish '1.0.0' '"one"'
        (Install-Pack base).Version | Should -Be '1.0.0'
        $server.ClearRequests()
        (Install-Pack base).Action | Should -Be 'Unchanged'
        $asked = @($server.Requests | Where-Object Path -eq '/index.json')
        $asked.Count | Should -Be 1
        $asked[0].Header('If-None-Match') | Should -Be '"one"' -Because 'a conditional request: the server answered 304'

        & $publish '2.0.0' '"two"'
        $upgraded = Install-Pack base
        $upgraded.Action | Should -Be 'Upgraded'
        $upgraded.Version | Should -Be '2.0.0'

        # Find-Pack alone keeps the freshness window: no request.
        $server.ClearRequests()
        (Find-Pack -Name base).Version | Should -Be '2.0.0'
        @($server.Requests | Where-Object Path -eq '/index.json').Count | Should -Be 0
    }

    It 'downloads in full with -Refresh' {
        & $publish '1.0.0' '"one"'
        Install-Pack base | Out-Null
        $server.ClearRequests()
        Install-Pack base -Refresh | Out-Null
        $asked = @($server.Requests | Where-Object Path -eq '/index.json')
        $asked.Count | Should -Be 1
        $asked[0].Header('If-None-Match') | Should -BeNullOrEmpty
    }

    It 'uses the cached copy with a warning when the index cannot be reached' {
        & $publish '1.0.0' '"one"'
        Install-Pack base | Out-Null
        $server.Set('/index.json', 503, 'down for maintenance') | Out-Null
        $result = Install-Pack base -WarningVariable warnings -WarningAction SilentlyContinue
        $result.Action | Should -Be 'Unchanged'
        $warnings | Should -Match 'HTTP 503.*using its cached copy'
    }
}
