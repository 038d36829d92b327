@{
    RootModule           = 'StackPack.Commands.dll'
    ModuleVersion        = '0.1.0'
    GUID                 = '5b0f4a52-2d7e-4a8e-9a56-6f1f0c3c2a71'
    Author               = 'StackPack contributors'
    CompanyName          = 'StackPack'
    Copyright            = '(c) StackPack contributors. Apache-2.0.'
    Description          = 'Manage StackStorm packs from PowerShell: list, find, install, remove, configure and register packs, with typed objects, atomic installs and no credential leaks.'
    PowerShellVersion    = '7.4'
    CompatiblePSEditions = @('Core')
    # StackPack.Format.ps1xml is registered by the first StackPack command of a session (see
    # StackPackCmdlet.BeginProcessing): listed here, it would make every import build the format table.
    FormatsToProcess     = @()
    CmdletsToExport      = @('Get-Pack', 'Find-Pack', 'Get-PackIndex', 'Get-PackConfig', 'Set-PackConfig', 'Install-Pack', 'Remove-Pack', 'Register-Pack', 'Export-PackSet')
    FunctionsToExport    = @()
    AliasesToExport      = @()
    VariablesToExport    = @()
    PrivateData          = @{
        PSData = @{
            Tags       = @('StackStorm', 'st2', 'packs', 'PSEdition_Core', 'Linux', 'Windows', 'MacOS')
            LicenseUri = 'https://www.apache.org/licenses/LICENSE-2.0'
        }
    }
}
