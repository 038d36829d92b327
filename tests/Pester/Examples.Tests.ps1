# Every example in the cmdlets' help, run as written against a temporary StackPack home with real
# git repositories, a local index and loopback servers. Documentation placeholders are the only
# thing replaced (a table below): example hosts that cannot resolve (git.example.com,
# mirror.example), system paths the test must not touch (/etc/st2, /srv/st2), and the person who
# would type a credential at Get-Credential.
BeforeDiscovery {
    Import-Module $env:STACKPACK_TEST_MODULE -Force
    # In command order, so that state builds up as a reader would run them (install before remove).
    $script:examples = foreach ($name in (Get-Module StackPack).ExportedCmdlets.Keys | Sort-Object) {
        $i = 0
        foreach ($example in (Get-Help $name -Full).Examples.Example) {
            @{ Command = $name; Number = ++$i; Code = ($example.Code -join "`n").Trim() }
        }
    }
}

BeforeAll {
    Import-Module $env:STACKPACK_TEST_MODULE -Force
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    $ProgressPreference = 'SilentlyContinue'

    # Not under TestDrive: Pester removes what each Describe block adds there when the block ends,
    # and these examples build on each other (one per Describe).
    $script:root = Join-Path ([IO.Path]::GetTempPath()) "stackpack-examples-$([guid]::NewGuid().ToString('N'))"
    $script:sources = Join-Path $root 'sources'
    $gitRoot = Join-Path $root 'gitroot'
    New-Item -ItemType Directory $gitRoot -Force | Out-Null
    $schema = "token:`n  type: string`n  secret: true`nrepository_sensor:`n  type: object`n  properties:`n    count: {type: integer, default: 10}"
    $repos = @{
        sensu  = New-TestGitPack -Path (Join-Path $sources 'stackstorm-sensu') -Name 'sensu' -Versions '1.0.0' -Extra "keywords: [monitoring]"
        github = New-TestGitPack -Path (Join-Path $sources 'stackstorm-github') -Name 'github' -Versions '2.1.5', '2.2.0'
        slack  = New-TestGitPack -Path (Join-Path $sources 'stackstorm-slack') -Name 'slack' -Versions '1.0.0' -Extra "keywords: [chat, chatops]"
        jira   = New-TestGitPack -Path (Join-Path $sources 'stackstorm-jira') -Name 'jira' -Versions '1.0.0'
        old_tool = New-TestGitPack -Path (Join-Path $sources 'stackstorm-old_tool') -Name 'old_tool' -Versions '0.1.0'
    }
    foreach ($pack in 'github', 'jira') {
        Set-Content (Join-Path $repos[$pack] 'config.schema.yaml') $schema
        Invoke-Git $repos[$pack] add -A | Out-Null
        Invoke-Git $repos[$pack] commit -q -m 'Config schema' | Out-Null
        Invoke-Git $repos[$pack] tag -f "v$(if ($pack -eq 'github') { '2.2.0' } else { '1.0.0' })" | Out-Null
    }
    Invoke-Git $root clone -q --bare $repos.jira (Join-Path $gitRoot 'ops/stackstorm-ops.git') | Out-Null
    # The private repository's pack is called ops.
    $opsWork = Join-Path $root 'ops-work'
    Invoke-Git $root clone -q (Join-Path $gitRoot 'ops/stackstorm-ops.git') $opsWork | Out-Null
    (Get-Content (Join-Path $opsWork 'pack.yaml') -Raw) -replace '(?m)^(ref|name): jira', '$1: ops' | Set-Content (Join-Path $opsWork 'pack.yaml')
    Invoke-Git $opsWork commit -q -am 'ops' | Out-Null
    Invoke-Git $opsWork push -q origin main | Out-Null

    $index = Join-Path $root 'index.json'
    Set-Content $index (New-TestIndex @{
        sensu  = @{ version = '1.0.0'; repo_url = "file://$($repos.sensu)"; keywords = @('monitoring'); author = 'StackStorm' }
        github = @{ version = '2.2.0'; versions = @('2.1.5', '2.2.0'); repo_url = "file://$($repos.github)"; author = 'StackStorm' }
        slack  = @{ version = '1.0.0'; repo_url = "file://$($repos.slack)"; keywords = @('chat', 'chatops'); author = 'StackStorm' }
        jira   = @{ version = '1.0.0'; repo_url = "file://$($repos.jira)"; author = 'StackStorm' }
    })
    $script:mirror = Join-Path $root 'mirror-index.json'
    Copy-Item $index $mirror
    $script:secondIndex = Join-Path $root 'local-index.json'
    Copy-Item $index $secondIndex

    $script:server = Start-LoopbackServer
    $server.ServeGit('/git', $gitRoot, 'deploy', 'Ex4mple-T0ken')
    $server.ServeStackStormRegister('EXAMPLE-API-KEY', 'sensu', 'github', 'slack', 'jira', 'old_tool', 'ops', 'my_pack')

    $script:saved = @{}
    foreach ($name in 'STACKPACK_HOME', 'STACKPACK_INDEX_URL', 'ST2_API_URL', 'ST2_API_KEY', 'PSModulePath') { $saved[$name] = [Environment]::GetEnvironmentVariable($name) }
    # Installed as a user installs it: 'Import-Module StackPack' by name works in a new pwsh.
    $env:PSModulePath = (Split-Path (Split-Path $env:STACKPACK_TEST_MODULE)) + [IO.Path]::PathSeparator + $env:PSModulePath
    $env:STACKPACK_HOME = Join-Path $root 'home'
    $env:STACKPACK_INDEX_URL = $index
    $env:ST2_API_URL = $server.Url('/api')
    $env:ST2_API_KEY = 'EXAMPLE-API-KEY'
    $script:st2conf = Join-Path $root 'st2.conf'
    Set-Content $st2conf "[system]`nbase_path = $env:STACKPACK_HOME`n[content]`nindex_url = $index"

    # What a reader has before trying the examples: a few installed packs, a pack folder, a values file.
    Install-Pack github=2.1.5, slack, jira, "file://$($repos.old_tool)" -SkipVirtualEnv | Out-Null
    $script:workFolder = New-Item -ItemType Directory (Join-Path $root 'work') -Force
    New-TestPack -BasePath $workFolder -Name 'my_pack' -Files 'actions/hello.yaml' | Out-Null
    Set-Content (Join-Path $workFolder 'jira.yaml') "token: abc`nrepository_sensor:`n  count: 5"

    # Documentation placeholder -> what stands for it here.
    $script:placeholders = [ordered]@{
        'https://git.example.com/' = $server.Url('/git/')
        'https://mirror.example/index.json' = $mirror
        '/srv/st2/index.json' = $secondIndex
        '/etc/st2/st2.conf' = $st2conf
    }
    # The person at the keyboard answering Get-Credential.
    function script:Get-Credential { [pscredential]::new('deploy', (ConvertTo-SecureString 'Ex4mple-T0ken' -AsPlainText -Force)) }
}

AfterAll {
    foreach ($name in $saved.Keys) { [Environment]::SetEnvironmentVariable($name, $saved[$name]) }
    $server.Dispose()
    Remove-Item $root -Recurse -Force -ErrorAction SilentlyContinue
}

Describe 'Help example <Command> #<Number>' -ForEach $examples {
    It 'runs without an error: <Code>' {
        $code = $Code
        foreach ($placeholder in $placeholders.Keys) { $code = $code.Replace($placeholder, $placeholders[$placeholder]) }
        Push-Location $workFolder
        try {
            # Every stream merged: an error record among the output is a failing example (a
            # terminating error fails the test by itself); warnings are allowed.
            $all = & ([scriptblock]::Create($code)) 2>&1 3>$null
            $errors = @($all | Where-Object { $_ -is [System.Management.Automation.ErrorRecord] })
            ($errors | Out-String) | Should -BeNullOrEmpty -Because "the example as documented must work: $code"
        }
        finally { Pop-Location }
    }
}
