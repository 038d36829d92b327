BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    $script:modulePath = $env:STACKPACK_TEST_MODULE
    $script:moduleFolder = Split-Path $modulePath
}

Describe 'The StackPack module' {
    It 'maps every engine enum value to the public enum by name, never by number' {
        # In a child process: the engine loads on the first command, in the module's own context.
        $result = Invoke-Guarded -Script @'
Get-Pack -ErrorAction SilentlyContinue | Out-Null
$engine = [AppDomain]::CurrentDomain.GetAssemblies() | Where-Object { $_.GetName().Name -eq 'StackPack.Engine' } | Select-Object -First 1
$pairs = @(
    @('StackPack.Engine.Install.InstallAction', [StackPack.PackInstallAction]),
    @('StackPack.Engine.Index.IndexStatus', [StackPack.PackIndexStatus]),
    @('StackPack.Engine.Registration.ContentType', [StackPack.ContentType])
)
foreach ($pair in $pairs) {
    foreach ($name in [Enum]::GetNames($engine.GetType($pair[0], $true))) {
        if ($name -notin [Enum]::GetNames($pair[1])) { "MISSING $($pair[0]).$name" }
    }
}
foreach ($name in [Enum]::GetNames([StackPack.ContentType])) {
    if ($name -notin [Enum]::GetNames($engine.GetType('StackPack.Engine.Registration.ContentType', $true))) { "MISSING engine ContentType.$name" }
}
'CHECKED'
'@
        $result.Output | Should -Match 'CHECKED'
        $result.Output | Should -Not -Match 'MISSING'
    }

    It 'has a valid manifest that exports exactly its cmdlets' {
        $manifest = Test-ModuleManifest $modulePath
        $manifest.Name | Should -Be 'StackPack'
        $manifest.PowerShellVersion | Should -Be '7.4'
        $manifest.CompatiblePSEditions | Should -Be 'Core'
        $manifest.ExportedCmdlets.Keys | Sort-Object | Should -Be @('Export-PackSet', 'Find-Pack', 'Get-Pack', 'Get-PackConfig', 'Get-PackIndex', 'Install-Pack', 'Register-Pack', 'Remove-Pack', 'Set-PackConfig', 'Test-Pack', 'Update-Pack')
    }

    It 'ships the engine and its dependencies in deps/, not beside the cmdlets' {
        Test-Path (Join-Path $moduleFolder 'deps/StackPack.Engine.dll') | Should -BeTrue
        Test-Path (Join-Path $moduleFolder 'deps/StackPack.Engine.deps.json') | Should -BeTrue
        foreach ($name in 'YamlDotNet.dll', 'LibGit2Sharp.dll', 'NJsonSchema.dll', 'Newtonsoft.Json.dll', 'StackPack.Engine.dll') {
            Test-Path (Join-Path $moduleFolder $name) | Should -BeFalse -Because "$name must load only into the module's own load context"
        }
    }

    It 'keeps its public types in the default load context and the engine in its own' {
        $output = Invoke-FreshPwsh -Script @"
`$ErrorActionPreference = 'Stop'
`$env:STACKPACK_HOME = '$(Join-Path $TestDrive 'alc-home')'
Import-Module '$modulePath'
Get-Pack | Out-Null
'TYPE-ALC=' + [System.Runtime.Loader.AssemblyLoadContext]::GetLoadContext([StackPack.PackInfo].Assembly).Name
`$engine = [AppDomain]::CurrentDomain.GetAssemblies() | Where-Object { `$_.GetName().Name -eq 'StackPack.Engine' }
'ENGINE-ALC=' + [System.Runtime.Loader.AssemblyLoadContext]::GetLoadContext(`$engine).Name
"@
        $LASTEXITCODE | Should -Be 0 -Because ($output -join "`n")
        $output | Should -Contain 'TYPE-ALC=Default'
        $output | Should -Contain 'ENGINE-ALC=StackPack.Engine'
    }

    It 'works in a session that loaded a different YamlDotNet first (as powershell-yaml users have)' {
        $oldYaml = $env:STACKPACK_TEST_OLD_YAMLDOTNET
        Test-Path $oldYaml | Should -BeTrue
        $packs = Join-Path $TestDrive 'yaml-home/packs'
        # A description over two lines: YAML the fast reader leaves to YamlDotNet, so the engine's own copy is loaded and used.
        New-TestPack -BasePath $packs -Name 'yamlcheck' -Version '3.2.1' -Description "checks which`n  YamlDotNet reads it" | Out-Null

        $output = Invoke-FreshPwsh -Script @"
`$ErrorActionPreference = 'Stop'
Add-Type -Path '$oldYaml'
`$before = [YamlDotNet.Serialization.Deserializer].Assembly.GetName().Version.ToString()
`$env:STACKPACK_HOME = '$(Join-Path $TestDrive 'yaml-home')'
Import-Module '$modulePath'
`$pack = Get-Pack yamlcheck
'SESSION-YAML=' + `$before
'ENGINE-YAML=' + (([System.Runtime.Loader.AssemblyLoadContext]::All | Where-Object Name -eq 'StackPack.Engine').Assemblies | Where-Object { `$_.GetName().Name -eq 'YamlDotNet' }).GetName().Version.ToString()
'PACK=' + `$pack.Ref + ' ' + `$pack.Version + ' ' + `$pack.Description
"@
        $LASTEXITCODE | Should -Be 0 -Because ($output -join "`n")
        $output | Should -Contain 'SESSION-YAML=13.0.0.0'
        $output | Should -Contain 'PACK=yamlcheck 3.2.1 checks which YamlDotNet reads it'
        ($output | Where-Object { $_ -like 'ENGINE-YAML=*' }) | Should -Not -Be 'ENGINE-YAML=13.0.0.0'
    }

    It 'finds libgit2 whatever the current folder, and clones a local repository through it' {
        $source = New-TestGitPack -Path (Join-Path $TestDrive 'clone-src/clonepack') -Name 'clonepack' -Versions '0.1.0', '0.2.0'
        $target = Join-Path $TestDrive 'clone-dst'
        $elsewhere = New-Item -ItemType Directory -Path (Join-Path $TestDrive 'some/other/folder') -Force

        # Get-Pack reads git checkouts through LibGit2Sharp; the clone uses the very same
        # libgit2 the module loaded into its context (Install-Pack will be the user-facing clone).
        $output = Invoke-FreshPwsh -WorkingDirectory $elsewhere -Script @"
`$ErrorActionPreference = 'Stop'
Import-Module '$modulePath'
`$env:STACKPACK_HOME = '$(Join-Path $TestDrive 'clone-home')'
Get-Pack | Out-Null
`$git = ([System.Runtime.Loader.AssemblyLoadContext]::All | Where-Object Name -eq 'StackPack.Engine').LoadFromAssemblyName([Reflection.AssemblyName]'LibGit2Sharp')
`$git.GetType('LibGit2Sharp.Repository')::Clone('$source', '$target') | Out-Null
New-Item -ItemType Directory '$(Join-Path $TestDrive 'clone-home/packs')' -Force | Out-Null
Move-Item '$target' '$(Join-Path $TestDrive 'clone-home/packs/clonepack')'
`$pack = Get-Pack clonepack
'CLONED=' + `$pack.Version + ' ' + `$pack.Tag + ' ' + `$pack.RepoUrl
"@
        $LASTEXITCODE | Should -Be 0 -Because ($output -join "`n")
        $output | Should -Contain "CLONED=0.2.0 v0.2.0 $source"
    }

    It 'lists its table views in the manifest: loaded with the module, gone after Remove-Module' {
        $output = Invoke-FreshPwsh -Script @"
`$ErrorActionPreference = 'Stop'
Import-Module '$modulePath'
'FORMAT-FILES=' + ((Get-Module StackPack).ExportedFormatFiles | Split-Path -Leaf)
'AFTER-IMPORT=' + [bool](Get-FormatData -TypeName StackPack.PackInfo)
'VIEWS=' + ((Get-FormatData -TypeName StackPack.*).TypeNames -join ',')
Remove-Module StackPack
'AFTER-REMOVE=' + [bool](Get-FormatData -TypeName StackPack.PackInfo)
"@
        $LASTEXITCODE | Should -Be 0 -Because ($output -join "`n")
        $output | Should -Contain 'FORMAT-FILES=StackPack.Format.ps1xml'
        $output | Should -Contain 'AFTER-IMPORT=True'
        $output | Should -Contain 'AFTER-REMOVE=False'
        ($output | Where-Object { $_ -like 'VIEWS=*' }) | Should -Match 'StackPack.InstallResult'
    }

    It 'has one version: the manifest''s is the assemblies'' (Directory.Build.props), with release notes from CHANGELOG.md' {
        $manifest = Import-PowerShellDataFile $modulePath
        [xml] $props = Get-Content (Join-Path $env:STACKPACK_TEST_REPO 'Directory.Build.props') -Raw
        $prefix = "$($props.Project.PropertyGroup.VersionPrefix)".Trim()
        $suffix = "$($props.Project.PropertyGroup.VersionSuffix)".Trim()
        $manifest.ModuleVersion | Should -Be $prefix
        "$($manifest.PrivateData.PSData.Prerelease)" | Should -Be $suffix
        $assembly = [Reflection.AssemblyName]::GetAssemblyName((Join-Path $moduleFolder 'StackPack.Commands.dll'))
        $assembly.Version.ToString(3) | Should -Be $prefix
        $engine = [Diagnostics.FileVersionInfo]::GetVersionInfo((Join-Path $moduleFolder 'deps/StackPack.Engine.dll'))
        $engine.ProductVersion | Should -BeLike "$(if ($suffix) { "$prefix-$suffix" } else { $prefix })*"
        $changelog = Get-Content (Join-Path $env:STACKPACK_TEST_REPO 'CHANGELOG.md') -Raw
        $manifest.PrivateData.PSData.ReleaseNotes | Should -Not -BeNullOrEmpty
        $changelog.Replace("`r`n", "`n").Contains($manifest.PrivateData.PSData.ReleaseNotes) | Should -BeTrue
        $manifest.PrivateData.PSData.ProjectUri | Should -Match '^https://'
        $manifest.PrivateData.PSData.LicenseUri | Should -Match '^https://'
        Test-Path (Join-Path $moduleFolder 'LICENSE') | Should -BeTrue
    }

    It 'states that Windows PowerShell 5.1 is unsupported, and why, in the manifest and the README' {
        $manifest = Import-PowerShellDataFile $modulePath
        $manifest.Description | Should -Match 'Windows PowerShell 5\.1 is not supported: it runs on \.NET Framework'
        $readme = Get-Content (Join-Path $env:STACKPACK_TEST_REPO 'README.md') -Raw
        $readme | Should -Match 'Windows PowerShell 5\.1 is not supported'
    }

    It 'can be imported twice with -Force in one session' {
        $output = Invoke-FreshPwsh -Script @"
`$ErrorActionPreference = 'Stop'
`$env:STACKPACK_HOME = '$(Join-Path $TestDrive 'twice-home')'
Import-Module '$modulePath'; Get-Pack | Out-Null
Import-Module '$modulePath' -Force; Get-Pack | Out-Null
'OK'
"@
        $LASTEXITCODE | Should -Be 0 -Because ($output -join "`n")
        $output | Should -Contain 'OK'
    }
}
