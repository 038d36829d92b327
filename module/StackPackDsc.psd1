@{
    # The DSC resource for StackPack: PSDesiredStateConfiguration 2.x loads it with
    # `using module <this manifest>` (DSC v3 through its PowerShell adapter). It calls the
    # StackPack cmdlets of the module beside it, so DSC and Install-Pack share one engine.
    RootModule           = 'StackPackDsc.psm1'
    ModuleVersion        = '0.1.0'
    GUID                 = '41cf93af-b9c7-472a-9a72-65565feddef0'
    Author               = 'StackPack contributors'
    CompanyName          = 'StackPack'
    Copyright            = '(c) StackPack contributors. Apache-2.0.'
    Description          = 'A class-based DSC resource (StackPackResource) that keeps a StackStorm pack installed at a version, converged, and configured.'
    PowerShellVersion    = '7.4'
    CompatiblePSEditions = @('Core')
    DscResourcesToExport = @('StackPackResource')
    FunctionsToExport    = @()
    CmdletsToExport      = @()
    AliasesToExport      = @()
    VariablesToExport    = @()
    PrivateData          = @{
        PSData = @{
            Tags       = @('StackStorm', 'st2', 'packs', 'DSC', 'DscResource', 'PSEdition_Core')
            LicenseUri = 'https://www.apache.org/licenses/LICENSE-2.0'
        }
    }
}
