BeforeAll {
    Import-Module $env:STACKPACK_TEST_MODULE -Force
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    $ProgressPreference = 'SilentlyContinue'

    # About 600 bytes that expand to 9^9 values.
    $script:laughs = @(
        'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'
        foreach ($level in 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i') {
            $previous = [char]([int][char]$level - 1)
            "${level}: &$level [$((@("*$previous") * 9) -join ',')]"
        }
    ) -join "`n"
}

Describe 'Hostile YAML and JSON through the cmdlets' {
    BeforeEach {
        $env:STACKPACK_HOME = Join-Path $TestDrive ([guid]::NewGuid().ToString('N'))
        $script:packs = Join-Path $env:STACKPACK_HOME 'packs'
        New-Item -ItemType Directory -Path $packs -Force | Out-Null
    }
    AfterEach { Remove-Item env:STACKPACK_HOME, env:STACKPACK_INDEX_URL -ErrorAction SilentlyContinue }

    Context 'pack.yaml (Get-Pack)' {
        It 'refuses a billion-laughs pack.yaml with InvalidPackMetadata naming the file, in a process that keeps running' {
            New-TestPack -BasePath $packs -Name 'bomb' -Manifest "ref: bomb`nname: bomb`nversion: 1.0.0`n$laughs" | Out-Null
            New-TestPack -BasePath $packs -Name 'fine' | Out-Null

            $run = Invoke-Guarded "(Get-Pack -ErrorVariable e -ErrorAction SilentlyContinue).Ref; `$e | ForEach-Object { `$_.FullyQualifiedErrorId; `$_.Exception.Message }; 'still alive'"

            $run.TimedOut | Should -BeFalse
            $run.Output | Should -Match 'still alive'
            $run.Output | Should -Match 'fine'
            $run.Output | Should -Match 'InvalidPackMetadata,StackPack.Commands.Cmdlets.GetPackCommand'
            $run.Output | Should -Match ([regex]::Escape((Join-Path $packs 'bomb/pack.yaml')))
            $run.Output | Should -Match 'billion laughs'
        }

        It 'refuses 30,000 nested brackets with InvalidPackMetadata instead of a stack overflow that kills pwsh' {
            New-TestPack -BasePath $packs -Name 'deep' -Manifest "ref: deep`nname: deep`nversion: 1.0.0`nx: $('[' * 30000)$(']' * 30000)" | Out-Null

            $run = Invoke-Guarded "Get-Pack deep -ErrorVariable e -ErrorAction SilentlyContinue; `$e | ForEach-Object { `$_.FullyQualifiedErrorId; `$_.Exception.Message }; 'still alive'"

            $run.TimedOut | Should -BeFalse
            $run.ExitCode | Should -Be 0
            $run.Output | Should -Match 'still alive'
            $run.Output | Should -Match 'InvalidPackMetadata,'
            $run.Output | Should -Match 'more than 1000 levels'
            $run.Output | Should -Match ([regex]::Escape((Join-Path $packs 'deep/pack.yaml')) + ':4')
        }

        It 'makes Install-Pack refuse deep nesting in pack.yaml and an alias bomb in config.schema.yaml, with the process alive' {
            $deep = New-TestPack -BasePath (Join-Path $TestDrive 'src-deep') -Name 'deep' -Manifest "ref: deep`nname: deep`ndescription: d`nversion: 1.0.0`nauthor: a`nemail: a@example.com`nx: $('[' * 30000)$(']' * 30000)"
            $bomb = New-TestPack -BasePath (Join-Path $TestDrive 'src-bomb') -Name 'bomb' -Files 'actions/a.yaml'
            Set-Content (Join-Path $bomb 'config.schema.yaml') ("x:`n  type: object`n  default:`n" + (($laughs -split "`n" | ForEach-Object { "    $_" }) -join "`n"))

            $run = Invoke-Guarded "Install-Pack '$deep', '$bomb' -ErrorVariable e -ErrorAction SilentlyContinue -WarningAction SilentlyContinue | ForEach-Object { `"`$(`$_.Ref)=`$(`$_.Action)`" }; `$e | ForEach-Object { `$_.FullyQualifiedErrorId; `$_.Exception.Message }; 'still alive'"

            $run.TimedOut | Should -BeFalse
            $run.ExitCode | Should -Be 0
            $run.Output | Should -Match 'still alive'
            $run.Output | Should -Match 'InvalidPackMetadata,'
            $run.Output | Should -Match 'more than 1000 levels'
            $run.Output | Should -Match 'config.schema.yaml'
            $run.Output | Should -Match 'billion laughs'
        }

        It 'refuses a pack.yaml that is a link to /dev/zero or a FIFO, at once, naming the file' {
            New-Item -ItemType Directory (Join-Path $packs 'zero'), (Join-Path $packs 'fifo') | Out-Null
            New-Item -ItemType SymbolicLink -Path (Join-Path $packs 'zero/pack.yaml') -Target '/dev/zero' | Out-Null
            & mkfifo (Join-Path $packs 'fifo/pack.yaml')

            $run = Invoke-Guarded "Get-Pack -ErrorVariable e -ErrorAction SilentlyContinue; `$e | ForEach-Object { `$_.FullyQualifiedErrorId; `$_.Exception.Message }; 'still alive'" -TimeoutSec 60

            $run.TimedOut | Should -BeFalse
            $run.Output | Should -Match 'still alive'
            $run.Output | Should -Match ([regex]::Escape((Join-Path $packs 'zero/pack.yaml')) + '.*not a regular file')
            $run.Output | Should -Match ([regex]::Escape((Join-Path $packs 'fifo/pack.yaml')) + '.*FIFO')
            ([regex]::Matches($run.Output, 'InvalidPackMetadata,')).Count | Should -Be 2
        }

        It 'refuses a 70 MB pack.yaml by its size, naming the file and the limit' {
            $folder = Join-Path $packs 'huge'
            New-Item -ItemType Directory $folder | Out-Null
            $file = [IO.File]::Create((Join-Path $folder 'pack.yaml'))
            $file.SetLength(70MB)
            $file.Dispose()

            $err = $null
            Get-Pack huge -ErrorVariable err -ErrorAction SilentlyContinue

            $err[0].FullyQualifiedErrorId | Should -BeLike 'InvalidPackMetadata,*'
            $err[0].Exception.Message | Should -Match ([regex]::Escape((Join-Path $folder 'pack.yaml')))
            $err[0].Exception.Message | Should -Match '8 MiB'
        }

        It 'refuses a !!python/object/apply tag as st2''s safe_load does' {
            New-TestPack -BasePath $packs -Name 'pwn' -Extra 'keywords: !!python/object/apply:os.system ["touch /tmp/pwned"]' | Out-Null

            $err = $null
            Get-Pack pwn -ErrorVariable err -ErrorAction SilentlyContinue

            $err[0].FullyQualifiedErrorId | Should -BeLike 'InvalidPackMetadata,*'
            $err[0].Exception.Message | Should -Match 'could not determine a constructor for the tag .tag:yaml.org,2002:python/object/apply:os.system'
            $err[0].Exception.Message | Should -Match ([regex]::Escape((Join-Path $packs 'pwn/pack.yaml')) + ':6')
        }
    }

    Context 'Action files (Register-Pack)' {
        It 'fails a pack whose action file is a FIFO, naming it, and registers the others' {
            $bad = New-TestPack -BasePath $packs -Name 'piped' -Files 'actions/ok.yaml'
            & mkfifo (Join-Path $bad 'actions/x.yaml')
            New-TestPack -BasePath $packs -Name 'good' -Files 'actions/a.yaml' | Out-Null

            $run = Invoke-Guarded "Register-Pack -PassThru -ErrorVariable e -ErrorAction SilentlyContinue | ForEach-Object { `"`$(`$_.Pack)=`$(`$_.Registered)`" }; `$e | ForEach-Object { `$_.FullyQualifiedErrorId; `$_.Exception.Message }; 'still alive'" -TimeoutSec 60

            $run.TimedOut | Should -BeFalse
            $run.Output | Should -Match 'still alive'
            $run.Output | Should -Match 'good=True'
            $run.Output | Should -Match 'piped=False'
            $run.Output | Should -Match 'actions/x.yaml'
            $run.Output | Should -Match 'FIFO'
        }

        It 'fails a pack whose action file is an alias bomb or uses a python tag' {
            $bomb = New-TestPack -BasePath $packs -Name 'bombed'
            New-Item -ItemType Directory (Join-Path $bomb 'actions') | Out-Null
            Set-Content (Join-Path $bomb 'actions/bomb.yaml') "name: bomb`nrunner_type: local-shell-cmd`n$laughs"
            $tagged = New-TestPack -BasePath $packs -Name 'tagged'
            New-Item -ItemType Directory (Join-Path $tagged 'actions') | Out-Null
            Set-Content (Join-Path $tagged 'actions/t.yaml') "name: t`nrunner_type: local-shell-cmd`ndescription: !!python/name:os.system ''"

            $run = Invoke-Guarded "Register-Pack -PassThru -ErrorVariable e -ErrorAction SilentlyContinue | ForEach-Object { `"`$(`$_.Pack)=`$(`$_.Registered)`" }; `$e | ForEach-Object { `$_.FullyQualifiedErrorId; `$_.Exception.Message }; 'still alive'"

            $run.TimedOut | Should -BeFalse
            $run.Output | Should -Match 'still alive'
            $run.Output | Should -Match 'bombed=False'
            $run.Output | Should -Match 'tagged=False'
            $run.Output | Should -Match 'actions/bomb.yaml'
            $run.Output | Should -Match 'billion laughs'
            $run.Output | Should -Match 'actions/t.yaml'
            $run.Output | Should -Match 'could not determine a constructor'
        }
        It 'registers an action whose parameter default nests 200 levels, with a warning instead of a JSON "object cycle" exception' {
            $deep = New-TestPack -BasePath $packs -Name 'deepdefault'
            New-Item -ItemType Directory (Join-Path $deep 'actions') | Out-Null
            Set-Content (Join-Path $deep 'actions/d.yaml') "name: d`nrunner_type: local-shell-cmd`nparameters:`n  p:`n    type: string`n    default: $('[' * 200)$(']' * 200)"

            $warnings = $null
            $result = Register-Pack deepdefault -PassThru -WarningVariable warnings -WarningAction SilentlyContinue

            $result.Registered | Should -BeTrue
            "$warnings" | Should -Match 'actions/d.yaml:.*has default \[\[\['
        }
    }

    Context 'config.schema.yaml and configs (Get-PackConfig, Register-Pack, Install-Pack)' {
        BeforeEach {
            $script:server = Start-LoopbackServer
            $server.Set('/schema.json', 200, '{"type": "string"}') | Out-Null
        }
        AfterEach { $server.Dispose() }

        It 'refuses a $ref to <Kind> as InvalidConfigSchema naming the field, fetches and reads nothing, and goes on with other packs' -ForEach @(
            @{ Kind = 'an http URL'; Ref = 'http://127.0.0.1:{port}/schema.json' }
            @{ Kind = 'a local file'; Ref = '/etc/passwd' }
        ) {
            $reference = $Ref.Replace('{port}', $server.Port)
            $evil = New-TestPack -BasePath $packs -Name 'evil'
            Set-Content (Join-Path $evil 'config.schema.yaml') "token:`n  type: string`nremote:`n  `$ref: `"$reference`""
            $fine = New-TestPack -BasePath $packs -Name 'fine'
            Set-Content (Join-Path $fine 'config.schema.yaml') 'url: {type: string, default: x}'

            $err = $null
            $configs = @(Get-PackConfig -ErrorVariable err -ErrorAction SilentlyContinue)

            $configs.Pack | Should -Contain 'fine'
            $err[0].FullyQualifiedErrorId | Should -BeLike 'InvalidConfigSchema,*'
            $err[0].Exception.Message | Should -Match ([regex]::Escape((Join-Path $evil 'config.schema.yaml')))
            $err[0].Exception.Message | Should -Match 'remote'
            $err[0].Exception.Message | Should -Match ([regex]::Escape($reference))
            $server.Requests | Should -BeNullOrEmpty
        }

        It 'reports the http $ref from Register-Pack and Install-Pack without a request' {
            $source = New-TestPack -BasePath (Join-Path $TestDrive 'src') -Name 'evil' -Files 'actions/a.yaml'
            Set-Content (Join-Path $source 'config.schema.yaml') "remote:`n  `$ref: `"$($server.Url('/schema.json'))`""

            $installErrors = $null
            Install-Pack $source -ErrorVariable installErrors -ErrorAction SilentlyContinue -WarningAction SilentlyContinue | Out-Null
            $registerErrors = $null
            Register-Pack evil -ErrorVariable registerErrors -ErrorAction SilentlyContinue -WarningAction SilentlyContinue

            "$installErrors" | Should -Match 'config.schema.yaml'
            "$installErrors" | Should -Match '\$ref'
            "$registerErrors" | Should -Match 'config.schema.yaml'
            "$registerErrors" | Should -Match '\$ref'
            $server.Requests | Should -BeNullOrEmpty
        }

        It 'refuses a billion-laughs config with ConfigUnreadable naming the file' {
            New-TestPack -BasePath $packs -Name 'cfg' | Out-Null
            New-Item -ItemType Directory (Join-Path $env:STACKPACK_HOME 'configs') | Out-Null
            Set-Content (Join-Path $env:STACKPACK_HOME 'configs/cfg.yaml') $laughs

            $run = Invoke-Guarded "Get-PackConfig cfg -ErrorVariable e -ErrorAction SilentlyContinue | Out-Null; `$e | ForEach-Object { `$_.FullyQualifiedErrorId; `$_.Exception.Message }; 'still alive'"

            $run.TimedOut | Should -BeFalse
            $run.Output | Should -Match 'still alive'
            $run.Output | Should -Match 'ConfigUnreadable,'
            $run.Output | Should -Match ([regex]::Escape((Join-Path $env:STACKPACK_HOME 'configs/cfg.yaml')))
        }

        It 'refuses a billion-laughs config.schema.yaml with InvalidConfigSchema' {
            $pack = New-TestPack -BasePath $packs -Name 'schemabomb'
            Set-Content (Join-Path $pack 'config.schema.yaml') ("x:`n  type: object`n  default:`n" + (($laughs -split "`n" | ForEach-Object { "    $_" }) -join "`n"))

            $run = Invoke-Guarded "Get-PackConfig schemabomb -ErrorVariable e -ErrorAction SilentlyContinue | Out-Null; `$e | ForEach-Object { `$_.FullyQualifiedErrorId; `$_.Exception.Message }; 'still alive'"

            $run.TimedOut | Should -BeFalse
            $run.Output | Should -Match 'still alive'
            $run.Output | Should -Match 'InvalidConfigSchema,'
            $run.Output | Should -Match 'billion laughs'
        }
    }

    Context 'Indexes (Find-Pack, Install-Pack)' {
        It 'uses the last of two entries with the same name in Find-Pack and Install-Pack, and Find-Pack warns' {
            $first = New-TestGitPack -Path (Join-Path $TestDrive 'first/stackstorm-twice') -Name 'twice' -Versions '1.0.0'
            $second = New-TestGitPack -Path (Join-Path $TestDrive 'second/stackstorm-twice') -Name 'twice' -Versions '2.0.0'
            $index = Join-Path $TestDrive 'dup-index.json'
            Set-Content $index @"
{"packs": {
  "twice": {"name": "twice", "description": "first", "version": "1.0.0", "versions": ["1.0.0"], "repo_url": "file://$first"},
  "twice": {"name": "twice", "description": "second", "version": "2.0.0", "versions": ["2.0.0"], "repo_url": "file://$second"}
}}
"@
            $env:STACKPACK_INDEX_URL = $index

            $findWarnings = $null
            $found = @(Find-Pack twice -WarningVariable findWarnings -WarningAction SilentlyContinue)
            $installWarnings = $null
            $installed = Install-Pack twice -WarningVariable installWarnings -WarningAction SilentlyContinue

            $found | Should -HaveCount 1
            $found[0].Description | Should -Be 'second'
            $installed.Version | Should -Be '2.0.0'
            "$findWarnings" | Should -Match "'twice' more than once"
            "$installWarnings" | Should -Match "'twice' more than once"
        }

        It 'refuses a gzip bomb served without Content-Encoding, naming the URL' {
            $server = Start-LoopbackServer
            try {
                $memory = [IO.MemoryStream]::new()
                $gzip = [IO.Compression.GZipStream]::new($memory, [IO.Compression.CompressionLevel]::SmallestSize)
                $head = [Text.Encoding]::UTF8.GetBytes('{"packs": {')
                $gzip.Write($head, 0, $head.Length)
                $spaces = [byte[]]::new(1MB)
                [Array]::Fill($spaces, [byte]32)
                for ($i = 0; $i -lt 32; $i++) { $gzip.Write($spaces, 0, $spaces.Length) }
                $gzip.Dispose()
                $server.SetBytes('/index.json', 200, $memory.ToArray(), $null) | Out-Null
                $url = $server.Url('/index.json')
                $env:STACKPACK_INDEX_MAX_MB = '1'

                $result = Get-PackIndex -IndexUrl $url -WarningAction SilentlyContinue -ErrorAction SilentlyContinue

                $result.Status | Should -Be 'Error'
                $result.Message | Should -Match ([regex]::Escape($url))
                $result.Message | Should -Match '1 MB limit once decompressed'
            }
            finally {
                Remove-Item env:STACKPACK_INDEX_MAX_MB -ErrorAction SilentlyContinue
                $server.Dispose()
            }
        }
    }
}
