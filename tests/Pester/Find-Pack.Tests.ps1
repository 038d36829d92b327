BeforeAll {
    Import-Module $env:STACKPACK_TEST_MODULE -Force
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    $ProgressPreference = 'SilentlyContinue'
    $script:server = Start-LoopbackServer
}

AfterAll {
    $server.Dispose()
}

Describe 'Find-Pack' {
    BeforeEach {
        $env:STACKPACK_HOME = Join-Path $TestDrive ([guid]::NewGuid().ToString('N'))
        $server.ClearRequests()
        $script:main = $server.Url("/$([guid]::NewGuid().ToString('N'))/index.json")
        $server.Set(([uri]$main).AbsolutePath, 200, (New-TestIndex @{
            sensu      = @{ author = 'StackStorm, Inc.'; description = 'Sensu Monitoring'; keywords = @('sensu', 'monitoring'); versions = @('0.9.0', '1.0.2', '0.10.0'); version = '1.0.2' }
            sensu_go   = @{ description = 'Sensu Go' }
            nagios     = @{ description = 'Nagios, an alternative to sensu'; keywords = @('monitoring') }
            github     = @{ description = 'GitHub integration'; keywords = @('git', 'scm'); author = 'StackStorm, Inc.' }
            hue        = @{ name = 'Philips Hue'; description = 'Lights'; keywords = @('iot') }
        }), $null, 0) | Out-Null
    }
    AfterEach { Remove-Item env:STACKPACK_HOME -ErrorAction SilentlyContinue }

    Context 'Search' {
        It 'ranks exact name, then prefix, then keyword and description matches' {
            $result = Find-Pack sensu -IndexUrl $main
            $result.Name | Should -Be @('sensu', 'sensu_go', 'nagios')
            $result.Match | Should -Be @('ExactName', 'NamePrefix', 'Description')
            $result[0] | Should -BeOfType ([StackPack.IndexPackInfo])
        }

        It 'is case-insensitive and searches keywords, description and author' {
            (Find-Pack MONITORING -IndexUrl $main).Name | Should -Be @('nagios', 'sensu')
            (Find-Pack 'stackstorm, inc' -IndexUrl $main).Name | Should -Be @('github', 'sensu')
        }

        It 'does not search repository URLs or emails' {
            @(Find-Pack 'example.invalid' -IndexUrl $main).Count | Should -Be 0
        }

        It 'lists every pack without a query' {
            (Find-Pack -IndexUrl $main).Name | Should -Be @('github', 'hue', 'nagios', 'sensu', 'sensu_go')
        }

        It 'filters by -Keyword (wildcards) and -Author (substring)' {
            (Find-Pack -Keyword 'mon*' -IndexUrl $main).Name | Should -Be @('nagios', 'sensu')
            (Find-Pack -Author stackstorm -IndexUrl $main).Name | Should -Be @('github', 'sensu')
            (Find-Pack sensu -Keyword monitoring -Author stackstorm -IndexUrl $main).Name | Should -Be 'sensu'
        }
    }

    Context 'Exact lookups' {
        It 'shows one pack with everything the index knows, versions newest first' {
            $pack = Find-Pack -Name sensu -IndexUrl $main
            $pack.Version | Should -Be '1.0.2'
            $pack.Versions | Should -Be @('1.0.2', '0.10.0', '0.9.0')
            $pack.Description | Should -Be 'Sensu Monitoring'
            $pack.Keywords | Should -Be @('sensu', 'monitoring')
            $pack.RepoUrl | Should -Be 'https://example.invalid/stackstorm-sensu'
            $pack.IndexUrl | Should -Be $main
        }

        It 'matches wildcards and display names, and takes names from the pipeline' {
            (Find-Pack -Name 'sensu*' -IndexUrl $main).Name | Should -Be @('sensu', 'sensu_go')
            (Find-Pack -Name 'philips hue' -IndexUrl $main).Name | Should -Be 'hue'
            ('github', 'hue' | Find-Pack -IndexUrl $main).Name | Should -Be @('github', 'hue')
        }

        It 'writes PackNotFoundInIndex for a literal name no index has, and goes on' {
            $err = $null
            $result = Find-Pack -Name nosuch, github -IndexUrl $main -ErrorVariable err -ErrorAction SilentlyContinue
            $result.Name | Should -Be 'github'
            $err.Count | Should -Be 1
            $err[0].FullyQualifiedErrorId | Should -Be 'PackNotFoundInIndex,StackPack.Commands.Cmdlets.FindPackCommand'
            $err[0].TargetObject | Should -Be 'nosuch'
            $err[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
        }

        It 'binds Get-Pack output to look installed packs up in the index' {
            New-TestPack -BasePath (Join-Path $env:STACKPACK_HOME 'packs') -Name 'github' | Out-Null
            (Get-Pack github | Find-Pack -IndexUrl $main).Version | Should -Be '1.0.0'
        }
    }

    Context 'Several indexes' {
        It 'merges left to right: the first index hides the same name in later ones, and says where each came from' {
            $second = $server.Url('/second/index.json')
            $server.Set('/second/index.json', 200, (New-TestIndex @{ sensu = @{ version = '9.9.9' }; extra = @{} }), $null, 0) | Out-Null

            $result = Find-Pack -IndexUrl $main, $second
            ($result | Where-Object Name -eq 'sensu').Version | Should -Be '1.0.2'
            ($result | Where-Object Name -eq 'sensu').IndexUrl | Should -Be $main
            ($result | Where-Object Name -eq 'extra').IndexUrl | Should -Be $second

            $verbose = Find-Pack -IndexUrl $main, $second -Verbose 4>&1 | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] }
            "$verbose" | Should -Match "Pack 'sensu' in .*second.* is hidden"
        }

        It 'goes on with the good indexes when one is broken, with a warning' {
            $server.Set('/broken/index.json', 500, 'oops', $null, 0) | Out-Null
            $warnings = $null
            $result = Find-Pack -Name github -IndexUrl $server.Url('/broken/index.json'), $main -WarningVariable warnings -WarningAction SilentlyContinue
            $result.Name | Should -Be 'github'
            "$warnings" | Should -Match 'HTTP 500'
        }

        It 'stops with NoIndexAvailable when no index can be loaded' {
            $server.Set('/down/index.json', 503, '', $null, 0) | Out-Null
            { Find-Pack sensu -IndexUrl $server.Url('/down/index.json') -WarningAction SilentlyContinue } | Should -Throw -ErrorId 'NoIndexAvailable,*'
        }

        It 'names the index URLs as the error''s target, as text (never a list object)' {
            $server.Set('/down/index.json', 503, '', $null, 0) | Out-Null
            $urls = $server.Url('/down/index.json'), $server.Url('/down2/index.json')
            $record = $null
            try { Find-Pack sensu -IndexUrl $urls -WarningAction SilentlyContinue } catch { $record = $_ }
            $record.TargetObject | Should -BeOfType [string]
            $record.TargetObject | Should -Be ($urls -join ', ')
        }

        It 'reads st2.conf [content] index_url when -IndexUrl is not given' {
            $conf = Join-Path $TestDrive 'index.conf'
            Set-Content $conf "[system]`nbase_path = $(Join-Path $TestDrive 'idxbase')`n[content]`nindex_url = $main"
            (Find-Pack -Name hue -ConfigFile $conf).Name | Should -Be 'hue'
        }

        It 'reads a local index file by path and by file:// URL (air-gapped mirrors)' {
            $file = Join-Path $TestDrive 'mirror.json'
            Set-Content $file (New-TestIndex @{ offline = @{ description = 'from disk' } })
            (Find-Pack offline -IndexUrl $file).Description | Should -Be 'from disk'
            (Find-Pack offline -IndexUrl ([uri]::new($file, [UriKind]::Absolute)).AbsoluteUri).Name | Should -Be 'offline'
        }
    }

    Context 'Caching' {
        It 'uses a fresh cached copy without a request, and -Refresh fetches again' {
            Find-Pack -IndexUrl $main | Out-Null
            Find-Pack -IndexUrl $main | Out-Null
            $server.Requests.Count | Should -Be 1
            Find-Pack -IndexUrl $main -Refresh | Out-Null
            $server.Requests.Count | Should -Be 2
        }

        It 'revalidates with the ETag after the freshness window' {
            $path = '/etag/index.json'
            $server.Set($path, 200, (New-TestIndex @{ tagged = @{} }), '"abc"', 0) | Out-Null
            Find-Pack -IndexUrl $server.Url($path) | Out-Null
            $env:STACKPACK_INDEX_MAX_AGE = '0.001'
            try {
                Start-Sleep -Milliseconds 20
                (Find-Pack -IndexUrl $server.Url($path)).Name | Should -Be 'tagged'
            }
            finally { Remove-Item env:STACKPACK_INDEX_MAX_AGE }
            $server.Requests[-1].Header('If-None-Match') | Should -Be '"abc"'
        }

        It 'uses the cached copy, with a warning that says how old it is, when the index is unreachable' {
            $path = '/flaky/index.json'
            $server.Set($path, 200, (New-TestIndex @{ cachedpack = @{} }), $null, 0) | Out-Null
            Find-Pack -IndexUrl $server.Url($path) | Out-Null
            $server.Set($path, 500, 'down', $null, 0) | Out-Null

            $warnings = $null
            $result = Find-Pack -IndexUrl $server.Url($path) -Refresh -WarningVariable warnings -WarningAction SilentlyContinue

            $result.Name | Should -Be 'cachedpack'
            "$warnings" | Should -Match 'using its cached copy from \d+ s ago'
        }
    }

    Context 'Timeouts' {
        It 'never hangs: a slow index times out after -TimeoutSec' {
            $server.Set('/slow/index.json', 200, (New-TestIndex @{ slow = @{} }), $null, 10000) | Out-Null
            $elapsed = Measure-Command {
                { Find-Pack -IndexUrl $server.Url('/slow/index.json') -TimeoutSec 1 -WarningAction SilentlyContinue } | Should -Throw -ErrorId 'NoIndexAvailable,*'
            }
            $elapsed.TotalSeconds | Should -BeLessThan 5
        }
    }

    Context 'Formatting and metadata' {
        It 'shows Name, Version, Description and Author by default, like st2 pack search' {
            $lines = (Find-Pack -Name github -IndexUrl $main | Format-Table | Out-String -Width 200) -split "`n" | Where-Object { $_.Trim() }
            $lines[0] | Should -Match '^Name\s+Version\s+Description\s+Author\s*$'
            $lines[2] | Should -Match '^github\s+1\.0\.0\s+GitHub integration\s+StackStorm, Inc\.'
        }

        It 'declares its output type and parameters' {
            $command = Get-Command Find-Pack
            $command.OutputType.Name | Should -Contain 'StackPack.IndexPackInfo'
            $command | Should -HaveParameter Query -Type string
            $command | Should -HaveParameter Name -Type 'string[]'
            $command | Should -HaveParameter IndexUrl -Type 'string[]'
            $command | Should -HaveParameter Refresh -Type switch
        }
    }

    Context 'The real Exchange index from ../shared/fixtures' {
        It 'loads whole and finds sensu first for "sensu"' {
            $fixtures = Get-FixturesPath
            if (-not $fixtures) { Set-ItResult -Skipped -Because '../shared/fixtures is not present beside the repository'; return }
            $index = Join-Path $fixtures 'exchange/index.json'
            @(Find-Pack -IndexUrl $index).Count | Should -Be 169
            (Find-Pack sensu -IndexUrl $index)[0].Name | Should -Be 'sensu'
            (Find-Pack -Name astral -IndexUrl $index).Ref | Should -Be 'astral'
        }
    }
}

Describe 'Get-PackIndex' {
    BeforeEach {
        $env:STACKPACK_HOME = Join-Path $TestDrive ([guid]::NewGuid().ToString('N'))
        $server.Set('/health/good.json', 200, (New-TestIndex @{ a = @{}; b = @{} }), $null, 0) | Out-Null
    }
    AfterEach { Remove-Item env:STACKPACK_HOME -ErrorAction SilentlyContinue }

    It 'reports every index in priority order, broken ones as data with the reason' {
        $server.Set('/health/list.json', 200, '[]', $null, 0) | Out-Null
        $server.Set('/health/nopacks.json', 200, '{"metadata": {}}', $null, 0) | Out-Null
        $server.Set('/health/empty.json', 200, '{}', $null, 0) | Out-Null
        $server.Set('/health/bad.json', 200, '{"packs": ', $null, 0) | Out-Null
        $server.Set('/health/error.json', 404, '', $null, 0) | Out-Null
        $refused = Start-LoopbackServer; $refusedUrl = $refused.Url('/x.json'); $refused.Dispose()
        $err = $null

        $result = Get-PackIndex -IndexUrl ($server.Url('/health/good.json'), $server.Url('/health/list.json'), $server.Url('/health/nopacks.json'),
            $server.Url('/health/empty.json'), $server.Url('/health/bad.json'), $server.Url('/health/error.json'), $refusedUrl) -ErrorVariable err

        $err | Should -BeNullOrEmpty
        $result.Status | Should -Be @('Valid', 'Malformed', 'Malformed', 'Empty', 'Malformed', 'Unresponsive', 'Unresponsive')
        $result.Priority | Should -Be (1..7)
        $result[0].PackCount | Should -Be 2
        $result[0].Message | Should -Be 'Success.'
        $result[1].Message | Should -Be 'Expected an index object, got a list instead.'
        $result[2].Message | Should -Be 'Index object is missing "packs" attribute.'
        $result[5].Message | Should -Match 'HTTP 404'
        $result[6].Message | Should -Match 'cannot be reached'
        $result | ForEach-Object { [System.Xml.XmlConvert]::ToTimeSpan($_.Elapsed) | Should -BeOfType ([timespan]) }   # ISO 8601
    }

    It 'shows cache use and age' {
        $url = $server.Url('/health/good.json')
        (Get-PackIndex -IndexUrl $url).FromCache | Should -BeFalse
        $cached = Get-PackIndex -IndexUrl $url
        $cached.FromCache | Should -BeTrue
        [System.Xml.XmlConvert]::ToTimeSpan($cached.CacheAge) | Should -BeOfType ([timespan])   # ISO 8601
        $cached.FetchedAt | Should -BeOfType ([datetimeoffset])
    }

    It 'never shows credentials from an index URL' {
        $url = "http://user:PRIVATE-TOKEN@127.0.0.1:$($server.Port)/health/good.json"
        $all = Get-PackIndex -IndexUrl $url -Verbose *>&1 | Out-String
        $all | Should -Not -Match 'PRIVATE-TOKEN'
        (Get-PackIndex -IndexUrl $url).Status | Should -Be 'Valid'
    }
}
