@{
    RootModule           = 'StackPack.Commands.dll'
    # Written by build.ps1 from Directory.Build.props (the one version source); 0.0.0 here is never shipped.
    ModuleVersion        = '0.0.0'
    GUID                 = '5b0f4a52-2d7e-4a8e-9a56-6f1f0c3c2a71'
    Author               = 'StackPack contributors'
    CompanyName          = 'StackPack'
    Copyright            = '(c) StackPack contributors. Apache-2.0.'
    Description          = 'Manage StackStorm packs from PowerShell: list, find, install, remove, configure and register packs, with typed objects, atomic installs and no credential leaks. Requires PowerShell 7.4 or later on Linux, macOS or Windows (x64; also arm64 on Linux and macOS). Windows PowerShell 5.1 is not supported: it runs on .NET Framework 4.x, which cannot load the module''s .NET 8 assemblies and has no AssemblyLoadContext to keep its YamlDotNet, Newtonsoft.Json and LibGit2Sharp apart from other modules''.'
    PowerShellVersion    = '7.4'
    CompatiblePSEditions = @('Core')
    FormatsToProcess     = @('StackPack.Format.ps1xml')
    CmdletsToExport      = @('Get-Pack', 'Find-Pack', 'Get-PackIndex', 'Get-PackConfig', 'Set-PackConfig', 'Install-Pack', 'Update-Pack', 'Remove-Pack', 'Register-Pack', 'Test-Pack', 'Export-PackSet')
    FunctionsToExport    = @()
    AliasesToExport      = @()
    VariablesToExport    = @()
    PrivateData          = @{
        PSData = @{
            # Only what is tested (Linux) or designed and packaged for (libgit2 for macOS and Windows).
            Tags         = @('StackStorm', 'st2', 'packs', 'ChatOps', 'automation', 'PSEdition_Core', 'Linux', 'Windows', 'MacOS')
            # ProjectUri, LicenseUri, Prerelease and ReleaseNotes are written by build.ps1
            # from Directory.Build.props and CHANGELOG.md.
            ProjectUri   = ''
            LicenseUri   = ''
            Prerelease   = ''
            ReleaseNotes = ''
        }
    }
}
