BeforeAll {
    Import-Module $env:STACKPACK_TEST_MODULE -Force
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    $ProgressPreference = 'SilentlyContinue'

    $script:runners = 'action-chain, announcement, http-request, inquirer, local-shell-cmd, local-shell-script, noop, orquesta, python-script, remote-shell-cmd, remote-shell-script, winrm-cmd, winrm-ps-cmd, winrm-ps-script'
    $script:apache = "                                 Apache License`n                           Version 2.0, January 2004`n                        http://www.apache.org/licenses/`n"

    function New-ExchangePack {
        <# A pack that meets every Exchange rule. #>
        param([string] $BasePath, [string] $Name)
        $path = New-TestPack -BasePath $BasePath -Name $Name -Version '1.2.3' -Extra "keywords: [demo]`npython_versions: ['3']" -Files 'actions/run.yaml'
        Set-Content (Join-Path $path 'README.md') "# $Name"
        Set-Content (Join-Path $path 'LICENSE') $apache
        Set-Content (Join-Path $path 'CHANGES.md') "# Changes`n## 1.2.3`n- First."
        [IO.File]::WriteAllBytes((Join-Path $path 'icon.png'), [byte[]](0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 0))
        $path
    }
}

Describe 'Test-Pack' {
    BeforeEach {
        $env:STACKPACK_HOME = Join-Path $TestDrive ([guid]::NewGuid().ToString('N'))
        $script:work = Join-Path $TestDrive ([guid]::NewGuid().ToString('N'))
        New-Item -ItemType Directory $work | Out-Null
    }
    AfterEach { Remove-Item env:STACKPACK_HOME -ErrorAction SilentlyContinue }

    Context 'Checks' {
        It 'passes a good pack, writes one result and nothing anywhere' {
            $pack = New-TestPack -BasePath $work -Name 'good' -Files 'actions/run.yaml', 'rules/r.yaml', 'aliases/a.yaml', 'policies/p.yaml'
            $before = Get-TreeSnapshot $work
            $result = Test-Pack $pack -ErrorVariable errors
            $result | Should -BeOfType ([StackPack.PackTestResult])
            $result.Pack | Should -Be 'good'
            $result.Passed | Should -BeTrue
            $result.Errors | Should -Be 0
            $result.Duration | Should -BeOfType ([timespan])
            $errors | Should -BeNullOrEmpty
            Get-TreeSnapshot $work | Should -Be $before
            Test-Path $env:STACKPACK_HOME | Should -BeFalse -Because 'Test-Pack writes no registry, cache or config'
        }

        It 'reports a YAML and a JSON syntax error with line and column' {
            $pack = New-TestPack -BasePath $work -Name 'syntax'
            Set-Content (Join-Path $pack 'notes.yaml') "a: 1`nb: - 1`nc: 2"
            Set-Content (Join-Path $pack 'data.json') "{`n  `"a`": 1,,`n}"
            $result = Test-Pack $pack -ErrorAction SilentlyContinue
            $result.Passed | Should -BeFalse
            $yaml = $result.Problems | Where-Object File -eq 'notes.yaml'
            $yaml.Check, $yaml.ErrorId, $yaml.Line | Should -Be @('Syntax', 'InvalidYaml', 2)
            $yaml.Column | Should -BeGreaterThan 1
            $json = $result.Problems | Where-Object File -eq 'data.json'
            $json.Check, $json.ErrorId, $json.Line, $json.Column | Should -Be @('Syntax', 'InvalidJson', 2, 10)
            $json.Message | Should -Match 'not valid JSON'
        }

        It 'reports pack.yaml as st2 validates it' {
            $pack = New-TestPack -BasePath $work -Name 'meta' -Manifest "name: meta`ndescription: d`nauthor: a`nemail: a@example.com"
            $result = Test-Pack $pack -ErrorAction SilentlyContinue
            $problem = $result.Problems | Where-Object Check -eq 'PackMetadata'
            $problem.ErrorId | Should -Be 'InvalidPackMetadata'
            $problem.File | Should -Be 'pack.yaml'
            $problem.Message | Should -Match "'version'"
        }

        It 'reports config.schema.yaml as st2 validates it' {
            $pack = New-TestPack -BasePath $work -Name 'schema'
            Set-Content (Join-Path $pack 'config.schema.yaml') "token:`n  type: text`n  description: x"
            $result = Test-Pack $pack -ErrorAction SilentlyContinue
            $problem = $result.Problems | Where-Object Check -eq 'ConfigSchema'
            $problem.ErrorId | Should -Be 'InvalidConfigSchema'
            $problem.File | Should -Be 'config.schema.yaml'
            $problem.Line | Should -Be 2
        }

        It 'validates <ref>.yaml.example against the schema, Jinja accepted, and warns when there is none' {
            $pack = New-TestPack -BasePath $work -Name 'example'
            Set-Content (Join-Path $pack 'config.schema.yaml') "port:`n  type: integer`n  required: true`nhost:`n  type: string`n  required: true`ntoken:`n  type: string`n  secret: true`n  required: true"
            Set-Content (Join-Path $pack 'example.yaml.example') "host: '{{ st2kv.system.host }}'`ntoken: abc`nport: many"
            $result = Test-Pack $pack -ErrorAction SilentlyContinue
            $problem = $result.Problems | Where-Object Check -eq 'ExampleConfig'
            $problem | Should -HaveCount 1 -Because 'the Jinja host is accepted; only the port is wrong'
            $problem.ErrorId | Should -Be 'InvalidExampleConfig'
            $problem.File, $problem.Line, $problem.Column | Should -Be @('example.yaml.example', 3, 7)
            $problem.Message | Should -Match "'port'"

            Remove-Item (Join-Path $pack 'example.yaml.example')
            $result = Test-Pack $pack
            $result.Passed | Should -BeTrue
            ($result.Problems | Where-Object ErrorId -eq 'ExampleConfigMissing').Severity | Should -Be 'Warning'
        }

        It 'validates content as Register-Pack does: unknown runner, unknown field, duplicate names, missing entry point' {
            $pack = New-TestPack -BasePath $work -Name 'content' -Files 'actions/one.yaml', 'rules/r.yaml'
            Set-Content (Join-Path $pack 'actions/bad.yaml') "name: bad`nrunner_type: shell`ncolour: red"
            Set-Content (Join-Path $pack 'actions/twin.yaml') "name: one`nrunner_type: local-shell-cmd"
            Set-Content (Join-Path $pack 'actions/script.yaml') "name: script`nrunner_type: python-script`nentry_point: script.py"
            $result = Test-Pack $pack -ErrorAction SilentlyContinue
            $content = $result.Problems | Where-Object Check -eq 'Content'
            ($content | Where-Object { $_.File -eq 'actions/bad.yaml' -and $_.Message -match 'unknown runner type "shell"' }).Line | Should -Be 2
            ($content | Where-Object { $_.File -eq 'actions/bad.yaml' -and $_.Message -match "'colour'" }).ErrorId | Should -Be 'InvalidAction'
            ($content | Where-Object ErrorId -eq 'DuplicateContentName').File | Should -Be 'actions/twin.yaml'
            $entry = $content | Where-Object File -eq 'actions/script.yaml'
            $entry.Severity, $entry.Line, $entry.Column | Should -Be @('Warning', 3, 14)

            # Register-Pack refuses the same files.
            $home2 = Join-Path $TestDrive ([guid]::NewGuid().ToString('N'))
            New-Item -ItemType Directory (Join-Path $home2 'packs') -Force | Out-Null
            Copy-Item $pack (Join-Path $home2 'packs') -Recurse -Force
            $env:STACKPACK_HOME = $home2
            Register-Pack content -ErrorVariable registerErrors -ErrorAction SilentlyContinue -WarningAction SilentlyContinue
            $registerErrors[0].FullyQualifiedErrorId | Should -BeLike 'RegistrationFailed*'
            foreach ($file in ($content | Where-Object Severity -eq 'Error').File | Sort-Object -Unique) {
                $registerErrors[0].Exception.Message | Should -Match ([regex]::Escape($file))
            }
        }

        It 'checks the Exchange rules with -Exchange only' {
            $good = New-ExchangePack -BasePath $work -Name 'published'
            (Test-Pack $good -Exchange).Passed | Should -BeTrue

            $bare = New-TestPack -BasePath $work -Name 'bare' -Version '2.0.0' -Files 'actions/run.yaml'
            Set-Content (Join-Path $bare 'LICENSE') 'MIT License'
            Set-Content (Join-Path $bare 'CHANGES.md') '## 1.0.0'
            Set-Content (Join-Path $bare 'icon.png') 'not a png'
            (Test-Pack $bare).Passed | Should -BeTrue
            $result = Test-Pack $bare -Exchange -ErrorAction SilentlyContinue
            $result.Passed | Should -BeFalse
            ($result.Problems | Where-Object Check -eq 'Exchange').ErrorId | Sort-Object |
                Should -Be @('ExchangeChangesVersionMissing', 'ExchangeIconNotPng', 'ExchangeKeywordsMissing', 'ExchangeLicenseNotApache', 'ExchangePython3Missing', 'ExchangeReadmeMissing')
            Remove-Item (Join-Path $bare 'LICENSE'), (Join-Path $bare 'CHANGES.md'), (Join-Path $bare 'icon.png')
            ((Test-Pack $bare -Exchange -ErrorAction SilentlyContinue).Problems | Where-Object Check -eq 'Exchange').ErrorId |
                Should -Contain 'ExchangeLicenseMissing'
        }

        It 'tests every pack of a folder of packs, takes Get-Pack output, and writes PackTestFailed per failing pack' {
            New-TestPack -BasePath $work -Name 'one' -Files 'actions/run.yaml' | Out-Null
            $two = New-TestPack -BasePath $work -Name 'two'
            Set-Content (Join-Path $two 'actions.yaml') 'a: [' -Force
            $results = Test-Pack $work -ErrorVariable failures -ErrorAction SilentlyContinue
            $results.Pack | Should -Be @('one', 'two')
            $results.Passed | Should -Be @($true, $false)
            $failures | Should -HaveCount 1
            $failures[0].FullyQualifiedErrorId | Should -Be 'PackTestFailed,StackPack.Commands.Cmdlets.TestPackCommand'
            $failures[0].TargetObject | Should -Be $two
            { Test-Pack $two -ErrorAction Stop } | Should -Throw -ErrorId 'PackTestFailed,StackPack.Commands.Cmdlets.TestPackCommand'

            $env:STACKPACK_HOME = Join-Path $TestDrive ([guid]::NewGuid().ToString('N'))
            New-TestPack -BasePath (Join-Path $env:STACKPACK_HOME 'packs') -Name 'installed' -Files 'actions/run.yaml' | Out-Null
            (Get-Pack installed | Test-Pack).Pack | Should -Be 'installed'
        }

        It 'reports a folder that is not a pack, and a path that does not exist' {
            $empty = New-Item -ItemType Directory (Join-Path $work 'empty')
            $result = Test-Pack $empty -ErrorVariable failures -ErrorAction SilentlyContinue
            $result.Passed | Should -BeFalse
            $result.Problems[0].ErrorId | Should -Be 'NotAPack'
            $failures[0].FullyQualifiedErrorId | Should -BeLike 'PackTestFailed*'
            Test-Pack (Join-Path $work 'nowhere') -ErrorVariable missing -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
            $missing[0].FullyQualifiedErrorId | Should -BeLike 'PackPathNotFound*'
        }

        It 'shows one line per pack by default and the problems in a list' {
            $pack = New-TestPack -BasePath $work -Name 'shown'
            Set-Content (Join-Path $pack 'bad.yaml') 'a: ['
            $result = Test-Pack $pack -ErrorAction SilentlyContinue
            $table = ($result | Format-Table | Out-String -Width 200) -split "`n" | Where-Object { $_.Trim() }
            $table | Should -HaveCount 3
            $table[0] | Should -Match '^Pack\s+Passed\s+Errors\s+Warnings\s+Duration\s+Path'
            ($result | Format-List | Out-String -Width 300) | Should -Match 'Error bad\.yaml:\d+:\d+: is not valid YAML'
        }
    }

    Context 'Real packs from ../shared/fixtures' {
        It 'passes every fixture pack that Register-Pack registers, and fails a copy that Register-Pack refuses' {
            $fixtures = Get-FixturesPath
            if (-not $fixtures) { Set-ItResult -Skipped -Because '../shared/fixtures is not present beside the repository'; return }
            $conf = Join-Path $TestDrive 'fixtures.conf'
            Set-Content $conf "[system]`nbase_path = $(Join-Path $TestDrive 'fixture-base')`n[content]`npacks_base_paths = $(Join-Path $fixtures 'packs'):$(Join-Path $fixtures 'st2')"
            $registered = Register-Pack -ConfigFile $conf -PassThru -WarningAction SilentlyContinue
            $tested = Get-Pack -ConfigFile $conf | Test-Pack
            $tested | Should -HaveCount $registered.Count
            foreach ($result in $tested) {
                $result.Passed | Should -Be ($registered | Where-Object Pack -eq $result.Pack).Registered -Because "$($result.Pack): $($result.Problems | Where-Object Severity -eq Error)"
            }
            ($tested | Where-Object Pack -eq 'github').Problems | Where-Object Check -eq 'ExampleConfig' | Should -BeNullOrEmpty -Because 'github.yaml.example validates against its schema'

            # A copy of a real pack with one broken action and a broken example config.
            $base = Join-Path $TestDrive 'broken-home/packs'
            New-Item -ItemType Directory $base -Force | Out-Null
            Copy-Item (Join-Path $fixtures 'packs/github') $base -Recurse
            $action = Get-ChildItem (Join-Path $base 'github/actions') -Filter '*.yaml' | Select-Object -First 1
            Add-Content $action.FullName 'runner_type: no-such-runner'
            $env:STACKPACK_HOME = Join-Path $TestDrive 'broken-home'
            Register-Pack github -ErrorVariable refused -ErrorAction SilentlyContinue -WarningAction SilentlyContinue
            $refused[0].FullyQualifiedErrorId | Should -BeLike 'RegistrationFailed*'
            $result = Test-Pack (Join-Path $base 'github') -ErrorAction SilentlyContinue
            $result.Passed | Should -BeFalse
            ($result.Problems | Where-Object Severity -eq 'Error').File | Should -Contain "actions/$($action.Name)"
        }
    }

    Context 'Pipelines' {
        BeforeAll {
            $script:runnerList = $runners
        }

        It 'writes each problem as an Azure Pipelines logging command, escaped byte for byte, and progress as task.setprogress' {
            $pack = New-TestPack -BasePath $work -Name 'esc'
            New-Item -ItemType Directory (Join-Path $pack 'actions') | Out-Null
            # A file name and a value with every character the specs escape.
            [IO.File]::WriteAllText((Join-Path $pack 'actions/we;ird],na:me%.yaml'), "name: run`nrunner_type: `"x%;]\r\ny`"`n")
            $run = Invoke-Guarded "Test-Pack esc | Out-Null" -WorkingDirectory $work -Environment @{ TF_BUILD = 'True'; BUILD_SOURCESDIRECTORY = $work }
            $run.TimedOut | Should -BeFalse
            $expected = "##vso[task.logissue type=error;sourcepath=esc/actions/we%3Bird%5D,na:me%AZP25.yaml;linenumber=2;columnnumber=14;code=InvalidAction;]'runner_type' uses an unknown runner type `"x%AZP25;]%0D%0Ay`". Use one of the runners StackStorm ships: $runnerList."
            $run.Lines | Should -Contain $expected -Because $run.Output
            $run.Lines | Should -Contain '##vso[task.setprogress value=0;]Testing packs: esc (1/1)'
            ($run.Lines | Where-Object { $_ -like '##vso*' }) | Should -HaveCount 2 -Because 'PackTestFailed is not annotated again: its problems were'
        }

        It 'writes each problem as a GitHub Actions workflow command, escaped byte for byte' {
            $pack = New-TestPack -BasePath $work -Name 'esc'
            New-Item -ItemType Directory (Join-Path $pack 'actions') | Out-Null
            [IO.File]::WriteAllText((Join-Path $pack 'actions/we;ird],na:me%.yaml'), "name: run`nrunner_type: `"x%;]\r\ny`"`n")
            Set-Content (Join-Path $pack 'pack.yaml') "name: esc`nname: esc`ndescription: d`nversion: 1.0.0`nauthor: a`nemail: a@example.com"
            $run = Invoke-Guarded "Test-Pack esc | Out-Null" -WorkingDirectory $work -Environment @{ GITHUB_ACTIONS = 'true'; GITHUB_WORKSPACE = $work }
            $run.Lines | Should -Contain "::error file=esc/actions/we;ird]%2Cna%3Ame%25.yaml,line=2,col=14,title=InvalidAction::'runner_type' uses an unknown runner type `"x%25;]%0D%0Ay`". Use one of the runners StackStorm ships: $runnerList." -Because $run.Output
            $run.Lines | Should -Contain "::warning file=esc/pack.yaml,line=2,col=1,title=YamlWarning::duplicate key 'name' (first at line 1); the last value is used, as StackStorm does. Remove the duplicate."
            $run.Lines | Where-Object { $_ -like '*setprogress*' } | Should -BeNullOrEmpty -Because 'GitHub has no progress command'
        }

        It 'annotates the errors and warnings of every cmdlet, with secrets redacted, and none that the user silenced' {
            $packs = Join-Path $work 'home/packs'
            New-TestPack -BasePath $packs -Name 'broken' -Manifest "name: broken`ndescription: d`nauthor: a`nemail: a@example.com" | Out-Null
            New-TestPack -BasePath $packs -Name 'dupkey' -Manifest "name: dupkey`nname: dupkey`ndescription: d`nversion: 1.0.0`nauthor: a`nemail: a@example.com" | Out-Null
            $script = @'
Get-Pack | Out-Null
Install-Pack $env:PACK_URL -TimeoutSec 10 -Force | Out-Null
Test-Pack packs/broken -ErrorAction SilentlyContinue | Out-Null
'@
            $run = Invoke-Guarded $script -WorkingDirectory (Join-Path $work 'home') -Environment @{ TF_BUILD = 'True'; BUILD_SOURCESDIRECTORY = $work; STACKPACK_HOME = (Join-Path $work 'home'); PACK_URL = 'https://builder:s3cr3tpass@127.0.0.1:9/pack.git' }
            $run.TimedOut | Should -BeFalse
            $issues = $run.Lines | Where-Object { $_ -like '##vso`[task.logissue*' }
            $issues | Where-Object { $_ -like '##vso`[task.logissue type=error;sourcepath=home/packs/broken/pack.yaml;code=InvalidPackMetadata;]Invalid pack metadata*' } | Should -HaveCount 1 -Because ($issues -join "`n")
            $issues | Where-Object { $_ -like "##vso``[task.logissue type=warning;]Pack 'dupkey': *duplicate key 'name'*" } | Should -HaveCount 1
            $issues | Where-Object { $_ -like '##vso`[task.logissue type=error;*https://127.0.0.1:9/pack.git*' } | Should -Not -BeNullOrEmpty
            $run.Output | Should -Not -Match 's3cr3tpass'
            $issues | Where-Object { $_ -like '*NotAPack*' -or $_ -like '*broken/pack.yaml;linenumber*' } | Should -BeNullOrEmpty -Because '-ErrorAction SilentlyContinue silences the annotations too'
        }

        It 'lets no pack-controlled text start a logging command in the plain error, warning and verbose text' {
            # A hostile pack: a ref and a file name that end the log line and start their own commands.
            $injected = "`n##vso[task.setvariable variable=PWN]1`n::warning::x"
            $packs = Join-Path $work 'home/packs'
            $pack = New-TestPack -BasePath $packs -Name 'evil' -Manifest "ref: `"p\n##vso[task.setvariable variable=PWN]1\n::warning::x`"`nname: evil`ndescription: d`nversion: 1.0.0`nauthor: a`nemail: a@example.com"
            New-Item -ItemType Directory (Join-Path $pack 'actions') | Out-Null
            [IO.File]::WriteAllText((Join-Path $pack "actions/a$($injected.Replace("`n", "`r`n")).yaml"), "name: run`nrunner_type: nope`n")
            # -Raw (pwsh -c, as a CI step runs it): stderr is plain text, not CLIXML.
            $script = "`$PSStyle.OutputRendering = 'PlainText'; `$ProgressPreference = 'SilentlyContinue'; Import-Module '$env:STACKPACK_TEST_MODULE'; Test-Pack packs/evil -Verbose | Out-Null; Get-Pack -Verbose | Out-Null"
            $home_ = Join-Path $work 'home'
            $metadata = "Invalid pack metadata: $packs/evil/pack.yaml:1: 'ref' 'p\n##vso\[task.setvariable variable=PWN]1\n:\:warning:\:x' may only contain lowercase letters, digits and underscores (no dashes)."
            foreach ($ci in @{ TF_BUILD = 'True'; Own = '^##vso\[task\.(logissue|setprogress) ' }, @{ GITHUB_ACTIONS = 'true'; Own = '^::(error|warning) ' }) {
                $environment = @{ STACKPACK_HOME = $home_ } + $ci
                $environment.Remove('Own')
                $run = Invoke-Guarded $script -Raw -WorkingDirectory $home_ -Environment $environment
                $run.TimedOut | Should -BeFalse
                # A CI agent splits lines at CR as well as LF; Azure's finds '##vso[' anywhere in a line, GitHub's '::' after leading blanks.
                $lines = $run.Output -split "`r`n|`r|`n"
                $commands = $lines | Where-Object { $_ -match '##vso\[|^\s*::|##\[' }
                $commands | Where-Object { $_ -notmatch $ci.Own } | Should -BeNullOrEmpty -Because $run.Output
                $commands | Should -Not -BeNullOrEmpty -Because 'StackPack still writes its own annotations'
                $lines | Should -Contain "Get-Pack: $metadata Use e.g. ref: p___vso_task_setvariable_variable_pwn_1___warning__x." -Because $run.Output
                $lines | Where-Object { $_ -like 'Test-Pack: *' } | Should -BeLike "Test-Pack: Pack 'evil' ($packs/evil) failed Test-Pack with 2 error(s):\n  - pack.yaml:1: 'ref' 'p\n##vso\``[task.setvariable*  - actions/a\r\n##vso\``[task.setvariable variable=PWN]1\r\n:\:warning:\:x.yaml:2:14: *"
            }
            $issue = $lines | Where-Object { $_ -like '::error file=*title=InvalidAction::*' }
            $issue | Should -BeLike "::error file=$($packs.Replace(':', '%3A'))/evil/actions/a%0D%0A##vso``[task.setvariable variable=PWN]1%0D%0A%3A%3Awarning%3A%3Ax.yaml,line=2,col=14,title=InvalidAction::'runner_type' uses an unknown runner type `"nope`"*"

            $plain = Invoke-Guarded $script -Raw -WorkingDirectory $home_ -Environment @{ STACKPACK_HOME = $home_ }
            ($plain.Output -split "`r`n|`r|`n") | Should -Contain "Get-Pack: Invalid pack metadata: $packs/evil/pack.yaml:1: 'ref' 'p" -Because 'outside CI the message is printed as it is'
        }

        It 'writes a JUnit report that counts a suite per pack and a case per check, and an NUnit one' {
            New-ExchangePack -BasePath $work -Name 'fine' | Out-Null
            $bad = New-TestPack -BasePath $work -Name 'bad' -Files 'actions/run.yaml'
            Set-Content (Join-Path $bad 'actions/broken.yaml') "name: broken`nrunner_type: nope"
            Set-Content (Join-Path $bad 'x.json') '{'
            $junit = Join-Path $work 'out/results.xml'
            New-Item -ItemType Directory (Split-Path $junit) | Out-Null
            Test-Pack $work -OutputFile $junit -ErrorAction SilentlyContinue | Out-Null
            [xml] $report = Get-Content $junit -Raw
            $report.testsuites.tests | Should -Be '12'
            $report.testsuites.failures | Should -Be '2'
            $report.testsuites.skipped | Should -Be '2'
            $report.testsuites.testsuite.name | Should -Be @('bad', 'fine')
            $suite = $report.testsuites.testsuite | Where-Object name -eq 'bad'
            $suite.failures | Should -Be '2'
            ($suite.testcase | Where-Object name -eq 'Content').failure.InnerText | Should -Match 'bad/actions/broken\.yaml:2:14: .*unknown runner type "nope"'
            ($suite.testcase | Where-Object name -eq 'Syntax').failure.type | Should -Be 'InvalidJson'
            ($suite.testcase | Where-Object name -eq 'Exchange').skipped | Should -Not -BeNullOrEmpty

            $nunit = Join-Path $work 'out/results.nunit.xml'
            Test-Pack $work -Exchange -OutputFile $nunit -OutputFormat NUnitXml -ErrorAction SilentlyContinue | Out-Null
            [xml] $report = Get-Content $nunit -Raw
            $report.'test-results'.total | Should -Be '12'
            $report.'test-results'.failures | Should -Be '3' -Because 'bad fails Syntax, Content and Exchange'
            @($report.SelectNodes('//test-case[@result="Failure"]')).Count | Should -Be 3
        }

        It 'writes the report before failing with -ErrorAction Stop' {
            $bad = New-TestPack -BasePath $work -Name 'bad'
            Set-Content (Join-Path $bad 'x.yaml') 'a: ['
            $report = Join-Path $work 'r.xml'
            { Test-Pack $bad -OutputFile $report -ErrorAction Stop } | Should -Throw
            ([xml](Get-Content $report -Raw)).testsuites.failures | Should -Be '1'
        }

        It 'the README one-liner exits 0 for a good pack and non-zero for a failing one' {
            $good = New-TestPack -BasePath $work -Name 'good' -Files 'actions/run.yaml'
            $bad = New-TestPack -BasePath $work -Name 'bad'
            Set-Content (Join-Path $bad 'x.yaml') 'a: ['
            $oneLiner = "Import-Module '$env:STACKPACK_TEST_MODULE'; Test-Pack ./ -ErrorAction Stop"
            $run = Invoke-Guarded $oneLiner -Raw -WorkingDirectory $good
            $run.ExitCode | Should -Be 0 -Because $run.Output
            $run = Invoke-Guarded $oneLiner -Raw -WorkingDirectory $bad
            $run.ExitCode | Should -Not -Be 0
            $run.Output | Should -Match 'PackTestFailed|failed Test-Pack'
        }
    }

    Context 'Hostile input' {
        It 'reports a binary .yaml, a 50 MB YAML, an alias bomb, a FIFO and a link each on its file, in a process that stays alive' {
            $pack = New-TestPack -BasePath $work -Name 'hostile'
            [IO.File]::WriteAllBytes((Join-Path $pack 'binary.yaml'), [byte[]](0..255 + 0..255))
            $laughs = @(
                'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'
                'b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]'
                'c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]'
                'd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]'
                'e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]'
                'f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]'
                'g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]'
                'h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]'
            ) -join "`n"
            Set-Content (Join-Path $pack 'laughs.yaml') $laughs
            $big = [IO.File]::Create((Join-Path $pack 'big.yaml'))
            $line = [Text.Encoding]::UTF8.GetBytes("key: a value repeated until the file is fifty megabytes long`n")
            for ($written = 0; $written -lt 50MB; $written += $line.Length) { $big.Write($line, 0, $line.Length) }
            $big.Dispose()
            & mkfifo (Join-Path $pack 'pipe.yaml')
            New-Item -ItemType SymbolicLink -Path (Join-Path $pack 'passwd.yaml') -Target '/etc/passwd' | Out-Null
            $run = Invoke-Guarded "(Test-Pack hostile -ErrorAction SilentlyContinue).Problems | ForEach-Object { `"`$(`$_.ErrorId)|`$(`$_.File)`"; `$_.Message }; 'still alive'" -WorkingDirectory $work
            $run.TimedOut | Should -BeFalse
            $run.Lines | Should -Contain 'still alive'
            $run.Lines | Should -Contain 'InvalidYaml|binary.yaml'
            $run.Lines | Should -Contain 'PackFileTooLarge|big.yaml'
            $run.Lines | Should -Contain 'InvalidYaml|laughs.yaml'
            $run.Output | Should -Match 'would expand to more than 1,000,000 values \(a "billion laughs" document\?\)'
            $run.Lines | Should -Contain 'PackFileUnreadable|pipe.yaml'
            $run.Lines | Should -Contain 'UnsafePackContent|passwd.yaml'
            $run.Output | Should -Not -Match 'root:x:0'
        }

        It 'fails a pack Install-Pack refuses: pack.yaml -> /etc/passwd and a .. chain out, each UnsafePackContent, never read' {
            $pack = New-TestPack -BasePath $work -Name 'leaky'
            Remove-Item (Join-Path $pack 'pack.yaml')
            New-Item -ItemType SymbolicLink -Path (Join-Path $pack 'pack.yaml') -Target '/etc/passwd' | Out-Null
            New-Item -ItemType Directory (Join-Path $pack 'a/b') -Force | Out-Null
            New-Item -ItemType SymbolicLink -Path (Join-Path $pack 'a/b/up.txt') -Target '../../../../../../etc/shadow' | Out-Null
            $err = $null
            $report = Test-Pack $pack -ErrorVariable err -ErrorAction SilentlyContinue
            $report.Passed | Should -BeFalse
            $unsafe = @($report.Problems | Where-Object ErrorId -eq 'UnsafePackContent')
            $unsafe.File | Sort-Object | Should -Be @('a/b/up.txt', 'pack.yaml')
            $unsafe.Severity | Select-Object -Unique | Should -Be 'Error'
            ($report.Problems.Message -join "`n") | Should -Not -Match 'root:x:0'
            ($report.Problems.Message -join "`n") | Should -Not -Match 'does not follow links'
            $err[0].FullyQualifiedErrorId | Should -BeLike 'PackTestFailed,*'
        }

        It 'reports a file it may not read (as root too, run without the capability to read everything)' {
            $pack = New-TestPack -BasePath $work -Name 'locked'
            Set-Content (Join-Path $pack 'secret.yaml') 'a: 1'
            & chmod 000 (Join-Path $pack 'secret.yaml')
            try {
                if ((& id -u) -eq '0') {
                    # Root reads any file through CAP_DAC_OVERRIDE: a child without it (and without
                    # CAP_DAC_READ_SEARCH) is refused like any other user.
                    $pwsh = Get-FreshPwsh
                    $script = "Import-Module '$env:STACKPACK_TEST_MODULE'; (Test-Pack '$pack' -ErrorAction SilentlyContinue).Problems | Where-Object File -eq 'secret.yaml' | ForEach-Object ErrorId"
                    $ids = & setpriv --bounding-set '-dac_override,-dac_read_search' @pwsh -NoProfile -NonInteractive -c $script
                    $ids | Should -Be 'PackFileUnreadable'
                }
                else {
                    $problem = (Test-Pack $pack -ErrorAction SilentlyContinue).Problems | Where-Object File -eq 'secret.yaml'
                    $problem.ErrorId | Should -Be 'PackFileUnreadable'
                }
            }
            finally { & chmod 644 (Join-Path $pack 'secret.yaml') }
        }
    }
}
