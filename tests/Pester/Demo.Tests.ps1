BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
}

Describe 'The demo (build.ps1 -Task Demo)' {
    It 'runs to the end on a temporary home and shows the cmdlets working' {
        $demo = Join-Path $env:STACKPACK_TEST_REPO 'tools/Demo.ps1'
        $output = Invoke-FreshPwsh -Script "& '$demo' -ModulePath '$env:STACKPACK_TEST_MODULE'"
        $text = $output -join "`n"

        $LASTEXITCODE | Should -Be 0 -Because $text
        $text | Should -Match 'Demo finished\.'
        $text | Should -Match 'hello_demo\s+1\.0\.0\s+Hello Demo'
        $text | Should -Match 'Tag\s+: v1\.0\.0'
        $text | Should -Match 'hello_demo\s+0\.2\.0\s+Installed'
        $text | Should -Match 'hello_demo\s+1\.0\.0\s+0\.2\.0\s+Upgraded'
        $text | Should -Match 'hello_demo\s+1\.0\.0\s+1\.0\.0\s+Unchanged'
        $text | Should -Match 'Available versions: 1\.0\.0, 0\.2\.0, 0\.1\.0'
        $text | Should -Match 'SystemPackProtected'
        $text | Should -Match 'hello_demo\s+Registered'
        $text | Should -Match 'Stale'
        $text | Should -Match 'hello_demo\s+0 \{hello_demo\.greet\}'
        $text | Should -Match 'PackNotFound,StackPack\.Commands\.Cmdlets\.GetPackCommand'
        $text | Should -Match 'InvalidPackMetadata'
        $text | Should -Match 'hello_demo\s+1\.0\.0\s+Name\w+\s+A small pack'
        $text | Should -Match 'Versions\s+: \{1\.0\.0, 0\.2\.0, 0\.1\.0\}'
        $text | Should -Match 'Malformed'
        $text | Should -Match "(?s)ConfigInvalid.*'retries' must be an integer"
        $text | Should -Match '"api_token":"\*{8}"'
        $text | Should -Not -Match 'demo-secret-token"'
    }
}
