# The DSC resource, loaded as PSDesiredStateConfiguration loads it (`using module <manifest>`, then
# [StackPackResource]::new()) in a fresh pwsh, and driven through Get/Test/Set on real git repositories.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    $script:dscManifest = Join-Path (Split-Path $env:STACKPACK_TEST_MODULE) 'StackPackDsc.psd1'

    # A pack with a config schema (a plain value and a secret), released as 0.1.0 and 0.2.0.
    $script:repo = Join-Path $TestDrive 'sources/stackstorm-greeter'
    New-Item -ItemType Directory $repo -Force | Out-Null
    Invoke-Git $repo init -q | Out-Null
    Set-Content (Join-Path $repo 'config.schema.yaml') "greeting: {type: string, required: true}`ntoken: {type: string, secret: true}`nretries: {type: integer, default: 3}"
    foreach ($version in '0.1.0', '0.2.0') {
        Set-Content (Join-Path $repo 'pack.yaml') "ref: greeter`nname: greeter`ndescription: Greets`nversion: $version`nauthor: Test Author`nemail: test@example.com"
        Invoke-Git $repo add -A | Out-Null
        Invoke-Git $repo commit -q -m "Release $version" | Out-Null
        Invoke-Git $repo tag "v$version" | Out-Null
    }
    $script:index = Join-Path $TestDrive 'index.json'
    Set-Content $index (New-TestIndex @{ greeter = @{ version = '0.2.0'; versions = @('0.1.0', '0.2.0'); repo_url = "file://$repo" } })
    $script:dscHome = Join-Path $TestDrive 'dsc-home'

    # One fresh process runs the whole scenario, as a DSC host would, and reports each step as JSON.
    $script:scenario = @"
using module '$dscManifest'
`$PSStyle.OutputRendering = 'PlainText'
`$ErrorActionPreference = 'Stop'
`$ProgressPreference = 'SilentlyContinue'
`$env:STACKPACK_HOME = '$dscHome'
`$env:STACKPACK_INDEX_URL = '$index'
function Snapshot { Get-ChildItem `$env:STACKPACK_HOME -Recurse -Force | Sort-Object FullName | ForEach-Object { "`$(`$_.FullName) `$(`$_.Length) `$(`$_.LastWriteTimeUtc.Ticks)" } }
`$steps = [ordered]@{}
`$r = [StackPackResource]::new()
`$r.Name = 'greeter'
`$r.Version = '0.1.0'
`$r.Config = @{ greeting = 'hello'; token = [pscredential]::new('ignored', (ConvertTo-SecureString 's3cret-token' -AsPlainText -Force)) }
`$steps.GetBefore = `$r.Get().Ensure.ToString()
`$steps.TestBefore = `$r.Test()
`$r.Set()
`$steps.TestAfterSet = `$r.Test()
`$before = Snapshot
`$r.Set()
`$steps.SecondSetDifferences = @(Compare-Object @(`$before) @(Snapshot) | ForEach-Object { "`$(`$_.SideIndicator) `$(`$_.InputObject)" })
`$anyVersion = [StackPackResource]::new(); `$anyVersion.Name = 'greeter'
`$steps.TestWithoutVersion = `$anyVersion.Test()
`$got = `$r.Get()
`$steps.GetEnsure = `$got.Ensure.ToString()
`$steps.GetVersion = `$got.Version
`$steps.GetGreeting = `$got.Config['greeting']
`$steps.GetToken = `$got.Config['token']
`$steps.ConfigFileText = Get-Content (Join-Path `$env:STACKPACK_HOME 'configs/greeter.yaml') -Raw
Set-Content (Join-Path `$env:STACKPACK_HOME 'configs/greeter.yaml') "greeting: drifted`ntoken: s3cret-token"
`$steps.TestAfterConfigDrift = `$r.Test()
`$r.Set()
`$steps.TestAfterConfigRepair = `$r.Test()
`$steps.RetriesKept = (Get-Content (Join-Path `$env:STACKPACK_HOME 'configs/greeter.yaml') -Raw)
`$r.Version = '0.2.0'
`$steps.TestNewVersion = `$r.Test()
`$r.Set()
`$steps.VersionAfterUpgrade = `$r.Get().Version
`$steps.TestAfterUpgrade = `$r.Test()
`$r.Ensure = 'Absent'
`$steps.TestAbsentWhileInstalled = `$r.Test()
`$r.Set()
`$steps.TestAbsentAfterSet = `$r.Test()
`$steps.GetAfterRemove = `$r.Get().Ensure.ToString()
`$bad = [StackPackResource]::new(); `$bad.Name = 'greeter'; `$bad.Version = '9.9.9'
try { `$bad.Set(); `$steps.BadVersion = 'no error' } catch { `$steps.BadVersion = `$_.FullyQualifiedErrorId }
'RESULT=' + (`$steps | ConvertTo-Json -Compress)
"@
    $script:output = @(Invoke-FreshPwsh -Script $scenario) -replace '\x1b\[[0-9;]*[A-Za-z]', ''
    $script:exit = $LASTEXITCODE
    $line = $output | Where-Object { $_ -like 'RESULT=*' } | Select-Object -Last 1
    $script:steps = if ($line) { $line.Substring(7) | ConvertFrom-Json } else { $null }
}

Describe 'StackPackResource (DSC)' {
    It 'loads through its manifest with DscResourcesToExport, as PSDSC does, and runs the scenario' {
        (Import-PowerShellDataFile $dscManifest).DscResourcesToExport | Should -Be @('StackPackResource')
        $exit | Should -Be 0 -Because ($output -join "`n")
        $steps | Should -Not -BeNullOrEmpty -Because ($output -join "`n")
    }

    It 'Get reports Absent and Test is false before anything is installed' {
        $steps.GetBefore | Should -Be 'Absent'
        $steps.TestBefore | Should -BeFalse
    }

    It 'Set converges: Test is then true, and a second Set changes nothing on disk' {
        $steps.TestAfterSet | Should -BeTrue
        @($steps.SecondSetDifferences) | Should -BeNullOrEmpty
    }

    It 'Test without a Version is true for the installed pack at the commit it is at' {
        $steps.TestWithoutVersion | Should -BeTrue
    }

    It 'Get returns the current state with the version and the config, secrets masked' {
        $steps.GetEnsure | Should -Be 'Present'
        $steps.GetVersion | Should -Be '0.1.0'
        $steps.GetGreeting | Should -Be 'hello'
        $steps.GetToken | Should -Not -Be 's3cret-token'
        $steps.ConfigFileText | Should -Match 'token: s3cret-token' -Because 'a PSCredential''s password is the secret value written'
    }

    It 'Test is false when a given config key drifted, and Set repairs it without touching other keys' {
        $steps.TestAfterConfigDrift | Should -BeFalse
        $steps.TestAfterConfigRepair | Should -BeTrue
        $steps.RetriesKept | Should -Match 'greeting: hello'
    }

    It 'Test is false for another version, and Set moves the pack to it' {
        $steps.TestNewVersion | Should -BeFalse
        $steps.VersionAfterUpgrade | Should -Be '0.2.0'
        $steps.TestAfterUpgrade | Should -BeTrue
    }

    It 'Ensure Absent removes the pack' {
        $steps.TestAbsentWhileInstalled | Should -BeFalse
        $steps.TestAbsentAfterSet | Should -BeTrue
        $steps.GetAfterRemove | Should -Be 'Absent'
    }

    It 'Set throws the engine''s error for a version that does not exist' {
        $steps.BadVersion | Should -BeLike 'VersionNotFound*'
    }
}
