# The PowerShell Gallery package: built by the same code as `build.ps1 -Task Package`, saved with
# Save-PSResource from a local file repository (what Install-PSResource does), then imported
# by name in a fresh pwsh and used.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    . (Join-Path $env:STACKPACK_TEST_REPO 'build/Release.ps1')
    $script:release = Get-ReleaseInfo -PropsPath (Join-Path $env:STACKPACK_TEST_REPO 'Directory.Build.props') `
        -ChangelogPath (Join-Path $env:STACKPACK_TEST_REPO 'CHANGELOG.md')
    $script:repository = Join-Path $TestDrive 'repository'
    $script:nupkg = Publish-ModulePackage -ModuleFolder (Split-Path $env:STACKPACK_TEST_MODULE) -PackageFolder $repository `
        -WorkFolder (Join-Path $TestDrive 'package-work') -Release $release -Pwsh (Get-FreshPwsh)

    Add-Type -AssemblyName System.IO.Compression.FileSystem
    $zip = [IO.Compression.ZipFile]::OpenRead($nupkg)
    try { $script:entries = @($zip.Entries.FullName | ForEach-Object { [Uri]::UnescapeDataString($_) }) } finally { $zip.Dispose() }

    # PSResourceGet keeps its repository list under XDG_DATA_HOME: a folder of the test's own
    # (it must exist, or .NET ignores it and PSResourceGet writes to the current folder).
    $script:psResourceSettings = (New-Item -ItemType Directory (Join-Path $TestDrive 'psresourceget')).FullName
}

Describe 'The StackPack package' {
    It 'is named StackPack.<version>.nupkg after the one version source' {
        Split-Path $nupkg -Leaf | Should -Be "StackPack.$($release.FullVersion).nupkg"
        Write-Host "Package size: $((Get-Item $nupkg).Length) bytes"
    }

    It 'carries libgit2 for linux-x64, linux-arm64, osx-x64, osx-arm64 and win-x64, and no other runtime' {
        $natives = $entries | Where-Object { $_ -like 'deps/runtimes/*' }
        $rids = $natives | ForEach-Object { ($_ -split '/')[2] } | Sort-Object -Unique
        $rids | Should -Be @('linux-arm64', 'linux-x64', 'osx-arm64', 'osx-x64', 'win-x64')
        foreach ($rid in $rids) { @($natives | Where-Object { $_ -like "deps/runtimes/$rid/native/*git2*" }).Count | Should -Be 1 }
    }

    It 'holds the module, its help, views and LICENSE, and no pdb, xml-doc, test or runtimeconfig clutter' {
        foreach ($file in 'StackPack.psd1', 'StackPack.Commands.dll', 'StackPack.Format.ps1xml', 'LICENSE', 'en-US/StackPack.Commands.dll-Help.xml',
            'deps/StackPack.Engine.dll', 'deps/StackPack.Engine.deps.json', 'deps/LibGit2Sharp.dll', 'deps/YamlDotNet.dll') {
            $entries | Should -Contain $file
        }
        $entries | Where-Object { $_ -match '\.(pdb|runtimeconfig\.json)$|Tests?\b|xunit|Pester' } | Should -BeNullOrEmpty
        $entries | Where-Object { $_ -match '\.xml$' -and $_ -notmatch '^en-US/|Content_Types' } | Should -BeNullOrEmpty
    }

    It 'trims deps.json to the packaged runtimes, so the resolver never names a missing file' {
        $zip = [IO.Compression.ZipFile]::OpenRead($nupkg)
        try {
            $reader = [IO.StreamReader]::new($zip.GetEntry('deps/StackPack.Engine.deps.json').Open())
            $deps = $reader.ReadToEnd() | ConvertFrom-Json -AsHashtable
            $reader.Dispose()
        }
        finally { $zip.Dispose() }
        $assets = foreach ($target in $deps.targets.Values) { foreach ($library in $target.Values) { if ($library.runtimeTargets) { $library.runtimeTargets.Keys } } }
        @($assets).Count | Should -Be 5
        foreach ($asset in $assets) { $entries | Should -Contain "deps/$asset" }
    }

    It 'has a manifest complete for the Gallery: links, release notes, tags, explicit exports' {
        $zip = [IO.Compression.ZipFile]::OpenRead($nupkg)
        try {
            $reader = [IO.StreamReader]::new($zip.GetEntry('StackPack.nuspec').Open())
            [xml] $nuspec = $reader.ReadToEnd()
            $reader.Dispose()
        }
        finally { $zip.Dispose() }
        $meta = $nuspec.package.metadata
        $meta.id | Should -Be 'StackPack'
        $meta.version | Should -Be $release.FullVersion
        $meta.projectUrl | Should -Be $release.ProjectUri
        $meta.licenseUrl | Should -Be $release.LicenseUri
        $meta.releaseNotes | Should -Not -BeNullOrEmpty
        $meta.tags -split ' ' | Should -Contain 'PSModule'
        $meta.tags -split ' ' | Should -Contain 'StackStorm'

        $manifest = Import-PowerShellDataFile (Join-Path $TestDrive 'package-work/StackPack/StackPack.psd1')
        foreach ($key in 'CmdletsToExport', 'FunctionsToExport', 'AliasesToExport', 'VariablesToExport') {
            $manifest.ContainsKey($key) | Should -BeTrue -Because "$key must be explicit, never a wildcard"
            $manifest[$key] | Where-Object { $_ -match '\*' } | Should -BeNullOrEmpty
        }
        $manifest.FormatsToProcess | Should -Be 'StackPack.Format.ps1xml'
    }

    It 'installs with Save-PSResource from a local repository and works when imported by name in a fresh pwsh' {
        $saved = Join-Path $TestDrive 'saved-modules'
        New-Item -ItemType Directory $saved | Out-Null
        $home1 = Join-Path $TestDrive 'home'
        $source = New-TestGitPack -Path (Join-Path $TestDrive 'sources/stackstorm-shipped') -Name 'shipped' -Versions '0.1.0', '0.2.0'
        $index = Join-Path $TestDrive 'index.json'
        Set-Content $index (New-TestIndex @{ shipped = @{ version = '0.2.0'; versions = @('0.1.0', '0.2.0'); repo_url = "file://$source" } })

        $output = Invoke-FreshPwsh -Environment @{ XDG_DATA_HOME = $psResourceSettings; STACKPACK_HOME = $home1 } -Script @"
`$ErrorActionPreference = 'Stop'
`$ProgressPreference = 'SilentlyContinue'
Register-PSResourceRepository -Name StackPackTestRepo -Uri '$repository' -Trusted
Save-PSResource -Name StackPack -Repository StackPackTestRepo -Path '$saved' -TrustRepository $(if ($release.Prerelease) { '-Prerelease' })
`$env:PSModulePath = '$saved' + [IO.Path]::PathSeparator + `$env:PSModulePath
Import-Module StackPack
`$module = Get-Module StackPack
'MODULE=' + `$module.Version + ' ' + `$module.ModuleBase.StartsWith('$saved')
'FORMATS=' + ((`$module.ExportedFormatFiles | Split-Path -Leaf) -join ',')
'FIND=' + ((Find-Pack shipped -IndexUrl '$index').Name -join ',')
`$installed = Install-Pack shipped -IndexUrl '$index' -SkipVirtualEnv -NoRegister
'INSTALL=' + `$installed.Ref + ' ' + `$installed.Version + ' ' + `$installed.Action
'GET=' + ((Get-Pack shipped | ForEach-Object { `$_.Ref + ' ' + `$_.Version + ' ' + `$_.Tag }) -join ',')
"@
        $LASTEXITCODE | Should -Be 0 -Because ($output -join "`n")
        $output | Should -Contain "MODULE=$($release.Version) True"
        $output | Should -Contain 'FORMATS=StackPack.Format.ps1xml'
        $output | Should -Contain 'FIND=shipped'
        $output | Should -Contain 'INSTALL=shipped 0.2.0 Installed'
        $output | Should -Contain 'GET=shipped 0.2.0 v0.2.0'
        Test-Path (Join-Path $saved "StackPack/$($release.Version)/deps/runtimes/linux-x64/native") | Should -BeTrue
    }
}
