# Output that travels: through ConvertTo-Json, Export-Csv / Import-Csv and back into the cmdlets.
BeforeAll {
    Import-Module $env:STACKPACK_TEST_MODULE -Force
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    $ProgressPreference = 'SilentlyContinue'
    $script:sources = Join-Path $TestDrive 'sources'
    # Display names that are not the refs: the ref must be what binds.
    $script:alpha = New-TestGitPack -Path (Join-Path $sources 'stackstorm-alpha') -Name 'alpha' -Versions '0.1.0', '0.2.0'
    $script:beta = New-TestGitPack -Path (Join-Path $sources 'stackstorm-beta') -Name 'beta' -Versions '1.0.0'
    foreach ($repo in $alpha, $beta) {
        $file = Join-Path $repo 'pack.yaml'
        $ref = (Split-Path $repo -Leaf) -replace '^stackstorm-'
        (Get-Content $file -Raw) -replace '(?m)^name: .*$', "name: The $ref display name" | Set-Content $file
        Invoke-Git $repo commit -q -am 'Display name' | Out-Null
    }
}

Describe 'Output that travels' {
    BeforeEach {
        $env:STACKPACK_HOME = Join-Path $TestDrive ([guid]::NewGuid().ToString('N'))
        $env:STACKPACK_INDEX_URL = Join-Path $TestDrive 'no-index.json'
    }
    AfterEach { Remove-Item env:STACKPACK_HOME, env:STACKPACK_INDEX_URL -ErrorAction SilentlyContinue }

    It 'writes enum-valued properties as their names and durations as ISO 8601 through ConvertTo-Json' {
        $installed = Install-Pack "file://$alpha" -SkipVirtualEnv -NoRegister
        ($installed | ConvertTo-Json | ConvertFrom-Json).Action | Should -Be 'Installed'
        ($installed | ConvertTo-Json) | Should -Match '"Action":\s*"Installed"'

        (Get-Pack alpha | ConvertTo-Json) | Should -Match '"RegistrationState":\s*"NotRegistered"'

        $registered = Register-Pack alpha -PassThru
        $json = $registered | ConvertTo-Json | ConvertFrom-Json
        $json.Elapsed | Should -Match '^P(T[\d.]+[HMS])+|^PT0S$'
        [System.Xml.XmlConvert]::ToTimeSpan($json.Elapsed) | Should -BeOfType ([timespan])
        (Get-Pack alpha | ConvertTo-Json) | Should -Match '"RegistrationState":\s*"Registered"'

        $index = Join-Path $TestDrive 'index.json'
        Set-Content $index (New-TestIndex @{ alpha = @{ repo_url = "file://$alpha" } })
        $health = Get-PackIndex -IndexUrl $index | ConvertTo-Json | ConvertFrom-Json
        $health.Status | Should -Be 'Valid'
        $health.Elapsed | Should -BeOfType ([string])
    }

    It 'writes the same names to Export-Csv' {
        Install-Pack "file://$alpha" -SkipVirtualEnv -NoRegister | Export-Csv (Join-Path $TestDrive 'result.csv')
        (Import-Csv (Join-Path $TestDrive 'result.csv')).Action | Should -Be 'Installed'
        Get-Pack | Export-Csv (Join-Path $TestDrive 'packs.csv')
        (Import-Csv (Join-Path $TestDrive 'packs.csv')).RegistrationState | Should -Be 'NotRegistered'
    }

    It 'reinstalls the same packs, by ref, at the same commits: Get-Pack | Export-Csv, then Import-Csv | Install-Pack' {
        Install-Pack "file://$alpha=v0.1.0", "file://$beta" -SkipVirtualEnv -NoRegister | Out-Null
        $before = Get-Pack | Select-Object Ref, Name, Commit
        $before | ForEach-Object { $_.Name | Should -Not -Be $_.Ref -Because 'the display name must not be what binds' }
        $csv = Join-Path $TestDrive 'packs.csv'
        Get-Pack | Export-Csv $csv

        $env:STACKPACK_HOME = Join-Path $TestDrive ([guid]::NewGuid().ToString('N'))   # another machine
        $results = Import-Csv $csv | Install-Pack -SkipVirtualEnv -NoRegister
        $results.Ref | Should -Be @('alpha', 'beta')
        $results.Action | Should -Be @('Installed', 'Installed')
        (Get-Pack | Select-Object Ref, Name, Commit | ConvertTo-Json) | Should -Be ($before | ConvertTo-Json)
        # Its pack.yaml Version column (0.1.0) is not a git version: the commit decides.
        (Get-Pack alpha).Tag | Should -Be 'v0.1.0'

        # The same through JSON, and again in place: nothing to do.
        (Get-Pack | ConvertTo-Json | ConvertFrom-Json | Install-Pack -SkipVirtualEnv -NoRegister).Action | Should -Be @('Unchanged', 'Unchanged')
    }

    It 'refuses a row without an origin with PackSourceUnknown, and installs the others' {
        $csv = Join-Path $TestDrive 'rows.csv'
        Set-Content $csv "Ref,Name,Version,RepoUrl,Commit`nlocal,Local pack,1.0.0,,0123456789abcdef0123456789abcdef01234567`nbeta,The beta display name,1.0.0,file://$beta,$((Invoke-Git $beta rev-parse HEAD).Trim())"
        $result = Import-Csv $csv | Install-Pack -SkipVirtualEnv -NoRegister -ErrorVariable err -ErrorAction SilentlyContinue
        $result.Ref | Should -Be 'beta'
        $err.FullyQualifiedErrorId | Should -Match '^PackSourceUnknown'
    }
}

Describe 'Set-PackConfig -Value' {
    BeforeAll {
        $env:STACKPACK_HOME = Join-Path $TestDrive 'config-home'
        $packs = Join-Path $env:STACKPACK_HOME 'packs'
        New-TestPack -BasePath $packs -Name 'gh' | Out-Null
        Set-Content (Join-Path $packs 'gh/config.schema.yaml') @'
token:
  type: string
repository_sensor:
  type: object
  properties:
    count: {type: integer, default: 10}
    org: {type: string}
    "legacy.key": {type: string}
'@
    }
    AfterAll { Remove-Item env:STACKPACK_HOME -ErrorAction SilentlyContinue }

    It 'takes a PSCustomObject from ConvertFrom-Json as well as a hashtable' {
        $values = '{ "token": "abc", "repository_sensor": { "org": "acme" } }' | ConvertFrom-Json
        $config = Set-PackConfig gh -Value $values -Replace -PassThru
        $config.Values.token | Should -Be 'abc'
        $config.Values.repository_sensor.org | Should -Be 'acme'
        Get-Content (Join-Path $env:STACKPACK_HOME 'configs/gh.yaml') -Raw | Should -Match 'org: acme'
    }

    It 'sets a nested key from a dotted -Value key, keeping its siblings' {
        Set-PackConfig gh -Value @{ token = 'abc'; repository_sensor = @{ org = 'acme' } } -Replace
        $config = Set-PackConfig gh -Value @{ 'repository_sensor.count' = 7 } -PassThru
        $config.Values.repository_sensor.count | Should -Be 7
        $config.Values.repository_sensor.org | Should -Be 'acme'
        $config.Values.Keys | Should -Not -Contain 'repository_sensor.count'
    }

    It 'keeps a key that is really dotted in the schema as one key (st2 allows dots in nested property names)' {
        $config = Set-PackConfig gh -Value @{ 'repository_sensor.legacy.key' = 'kept' } -PassThru
        $config.Values.repository_sensor['legacy.key'] | Should -Be 'kept'
        $config.Values.repository_sensor.Keys | Should -Not -Contain 'legacy'
        $config = Set-PackConfig gh -Value @{ repository_sensor = @{ 'legacy.key' = 'again' } } -PassThru
        $config.Values.repository_sensor['legacy.key'] | Should -Be 'again'
    }

    It 'refuses a -Value that is not a map with InvalidConfigInput and writes nothing' {
        $file = Join-Path $env:STACKPACK_HOME 'configs/gh.yaml'
        $before = Get-Content $file -Raw
        Set-PackConfig gh -Value 'token=abc' -ErrorVariable err -ErrorAction SilentlyContinue
        $err.FullyQualifiedErrorId | Should -Match '^InvalidConfigInput'
        Get-Content $file -Raw | Should -Be $before
    }
}
