BeforeAll {
    Import-Module $env:STACKPACK_TEST_MODULE -Force
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    $ProgressPreference = 'SilentlyContinue'

    $script:sources = Join-Path $TestDrive 'sources'
    $script:hello = New-TestGitPack -Path (Join-Path $sources 'stackstorm-hello') -Name 'hello' -Versions '0.1.0', '0.2.0'
    $script:index = Join-Path $TestDrive 'index.json'
    Set-Content $index (New-TestIndex @{ hello = @{ version = '0.2.0'; versions = @('0.1.0', '0.2.0'); repo_url = "file://$hello" } })
}

Describe 'Install-Pack -Destination when the pack is installed in another packs path' {
    BeforeEach {
        $env:STACKPACK_HOME = Join-Path $TestDrive ([guid]::NewGuid().ToString('N'))
        $env:STACKPACK_INDEX_URL = $index
        $script:packs = Join-Path $env:STACKPACK_HOME 'packs'
        $script:other = Join-Path $env:STACKPACK_HOME 'other-packs'
        Install-Pack hello -SkipVirtualEnv -NoRegister | Out-Null
    }
    AfterEach { Remove-Item env:STACKPACK_HOME, env:STACKPACK_INDEX_URL -ErrorAction SilentlyContinue }

    It 'fails with PackInstalledElsewhere naming both paths, never a result pointing at nothing' {
        $before = Get-TreeSnapshot $env:STACKPACK_HOME
        $err = $null
        $result = Install-Pack hello -Destination $other -SkipVirtualEnv -NoRegister -ErrorVariable err -ErrorAction SilentlyContinue
        $result | Should -BeNullOrEmpty
        $err[0].FullyQualifiedErrorId | Should -BeLike 'PackInstalledElsewhere,*'
        $err[0].Exception.Message | Should -Match ([regex]::Escape((Join-Path $packs 'hello')))
        $err[0].Exception.Message | Should -Match ([regex]::Escape((Join-Path $other 'hello')))
        Get-TreeSnapshot $env:STACKPACK_HOME | Should -Be $before
    }

    It 'installs a second copy at the destination with -Force, and leaves the first alone' {
        $result = Install-Pack hello -Destination $other -Force -SkipVirtualEnv -NoRegister
        $result.Action | Should -Be 'Installed'
        $result.Path | Should -Be (Join-Path $other 'hello')
        Test-Path (Join-Path $other 'hello/pack.yaml') | Should -BeTrue
        Test-Path (Join-Path $packs 'hello/pack.yaml') | Should -BeTrue
    }

    It 'is Unchanged at the destination where it is installed' {
        Install-Pack hello -Destination $packs -SkipVirtualEnv -NoRegister | ForEach-Object Action | Should -Be 'Unchanged'
    }
}

Describe 'st2-host fidelity: owners, groups and modes' {
    BeforeAll {
        $script:isRoot = -not $IsWindows -and (& id -u) -eq '0'
        $script:canAddGroups = $isRoot -and [bool](Get-Command groupadd -ErrorAction SilentlyContinue)
        $script:createdGroups = [System.Collections.Generic.List[string]]::new()
        function script:Get-Facts([string] $Path) { (& stat -c '%u:%g %a' $Path) }
        function script:New-TestGroup {
            $name = 'sptest' + [guid]::NewGuid().ToString('N').Substring(0, 8)
            & groupadd $name
            if ($LASTEXITCODE -ne 0) { throw "groupadd $name failed" }
            $createdGroups.Add($name)
            $name
        }
    }
    AfterAll {
        foreach ($group in $createdGroups) { & groupdel $group 2>$null }
    }
    BeforeEach {
        $env:STACKPACK_HOME = Join-Path $TestDrive ([guid]::NewGuid().ToString('N'))
        $env:STACKPACK_INDEX_URL = $index
        $script:packs = Join-Path $env:STACKPACK_HOME 'packs'
        $script:configs = Join-Path $env:STACKPACK_HOME 'configs'
        $pack = New-TestPack -BasePath $packs -Name 'cfg'
        Set-Content (Join-Path $pack 'config.schema.yaml') "greeting: {type: string}`ntoken: {type: string, secret: true}"
        New-Item -ItemType Directory $configs -Force | Out-Null
        $script:configFile = Join-Path $configs 'cfg.yaml'
    }
    AfterEach { Remove-Item env:STACKPACK_HOME, env:STACKPACK_INDEX_URL, env:STACKPACK_ST2_GROUP -ErrorAction SilentlyContinue }

    It 'Set-PackConfig keeps a rewritten config''s owner, group and mode' {
        Set-Content $configFile 'greeting: hi'
        & chmod 0640 $configFile
        if ($isRoot) { & chown 65534:65534 $configFile }
        $before = Get-Facts $configFile
        Set-PackConfig cfg -Value @{ greeting = 'hello' }
        (Get-Content $configFile -Raw) | Should -Match 'greeting: hello'
        Get-Facts $configFile | Should -Be $before
        if ($isRoot) { $before | Should -BeLike '65534:65534 640' }
    }

    It 'a new config gets the configs folder''s owner and group, and 0600 when that group is not st2''s' {
        & chown 65534:65534 $configs
        Set-PackConfig cfg -Value @{ greeting = 'hello' }
        Get-Facts $configFile | Should -Be '65534:65534 600'
    }

    It 'a new config is 0660 in a configs folder owned by st2''s group' {
        $group = New-TestGroup
        $gid = (& getent group $group).Split(':')[2]
        $env:STACKPACK_ST2_GROUP = $group
        & chgrp $group $configs
        Set-PackConfig cfg -Value @{ greeting = 'hello'; token = 's3cret' }
        Get-Facts $configFile | Should -Be "0:$gid 660"
    }

    It 'packs installed into an st2 layout get [content] pack_group and group-writable modes, through symbolic links never' {
        $group = New-TestGroup
        $gid = (& getent group $group).Split(':')[2]
        $st2 = Join-Path $TestDrive ([guid]::NewGuid().ToString('N'))
        New-Item -ItemType Directory $st2 | Out-Null
        $conf = Join-Path $st2 'st2.conf'
        Set-Content $conf "[system]`nbase_path = $st2`n[content]`npack_group = $group"
        $result = Install-Pack hello -ConfigFile $conf -SkipVirtualEnv -NoRegister
        $result.Path | Should -Be (Join-Path $st2 'packs/hello')
        Get-Facts $result.Path | Should -Be "0:$gid 775"
        Get-Facts (Join-Path $result.Path 'pack.yaml') | Should -Be "0:$gid 664"
        Get-Facts (Join-Path $result.Path 'actions') | Should -Be "0:$gid 775"
        Get-Facts (Join-Path $result.Path '.git') | Should -Be "0:$gid 775"
    }

    It 'says so (verbose) when the pack group does not exist, and installs with the usual modes' {
        $st2 = Join-Path $TestDrive ([guid]::NewGuid().ToString('N'))
        New-Item -ItemType Directory $st2 | Out-Null
        $conf = Join-Path $st2 'st2.conf'
        Set-Content $conf "[system]`nbase_path = $st2`n[content]`npack_group = nosuchgroup-stackpack"
        $verbose = Install-Pack hello -ConfigFile $conf -SkipVirtualEnv -NoRegister -Verbose 4>&1 | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] }
        ($verbose.Message -join "`n") | Should -Match "pack group 'nosuchgroup-stackpack' \(\[content\] pack_group\) does not exist"
        Test-Path (Join-Path $st2 'packs/hello/pack.yaml') | Should -BeTrue
    }
}
