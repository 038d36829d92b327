<#
.SYNOPSIS
    Generates the module's MAML help from docs/help/<Cmdlet>.help.psd1 and the built cmdlets.
.DESCRIPTION
    Syntax, parameter types, positions and pipeline input come from the compiled cmdlets
    themselves, so help cannot drift from the code; the prose comes from the .help.psd1 files.
    Fails when a cmdlet lacks a synopsis, a description or an example, or when any of its
    parameters is undocumented. build.ps1 runs this in a fresh process after compiling.
#>
param(
    [Parameter(Mandatory)] [string] $ModulePath,
    [Parameter(Mandatory)] [string] $SourceFolder,
    [Parameter(Mandatory)] [string] $OutFile
)

$ErrorActionPreference = 'Stop'
Import-Module $ModulePath -Force
$module = Get-Module StackPack
$common = [System.Management.Automation.PSCmdlet]::CommonParameters + [System.Management.Automation.PSCmdlet]::OptionalCommonParameters
# -WhatIf and -Confirm are shown in SYNTAX and PARAMETERS wherever a cmdlet has them (PowerShell
# appends [<CommonParameters>] itself); their text is the same for every cmdlet.
$shouldProcess = @{
    WhatIf  = 'Shows what the command would change, without changing anything.'
    Confirm = 'Asks for confirmation before each change.'
}
$alwaysCommon = [System.Management.Automation.PSCmdlet]::CommonParameters

function Esc([string] $text) { [System.Security.SecurityElement]::Escape($text) }

function Para([string] $text) {
    # Blank lines separate paragraphs in the sources.
    ($text.Trim() -split "\r?\n\s*\r?\n" | ForEach-Object { "<maml:para>$(Esc ($_ -replace '\s*\r?\n\s*', ' '))</maml:para>" }) -join ''
}

function PipelineText($parameter) {
    $kinds = @()
    if ($parameter.ValueFromPipelineByPropertyName) { $kinds += 'ByPropertyName' }
    if ($parameter.ValueFromPipeline) { $kinds += 'ByValue' }
    if ($kinds) { "True ($($kinds -join ', '))" } else { 'False' }
}

$problems = [System.Collections.Generic.List[string]]::new()
$commands = foreach ($command in ($module.ExportedCmdlets.Values | Sort-Object Name)) {
    $source = Join-Path $SourceFolder "$($command.Name).help.psd1"
    if (-not (Test-Path $source)) { $problems.Add("$($command.Name): no help source $source"); continue }
    $help = Import-PowerShellDataFile $source
    foreach ($key in 'Synopsis', 'Description') { if (-not $help[$key]) { $problems.Add("$($command.Name): missing $key") } }
    if (-not $help.Examples) { $problems.Add("$($command.Name): needs at least one example") }
    $parameters = $command.Parameters.Values | Where-Object { $_.Name -notin $common } | Sort-Object Name
    foreach ($parameter in $parameters) {
        if (-not $help.Parameters -or -not $help.Parameters[$parameter.Name]) { $problems.Add("$($command.Name): parameter -$($parameter.Name) is undocumented") }
    }
    foreach ($documented in @($help.Parameters.Keys)) {
        if ($documented -notin $parameters.Name) { $problems.Add("$($command.Name): help documents -$documented, which does not exist") }
    }

    $syntax = foreach ($set in $command.ParameterSets) {
        $items = foreach ($p in $set.Parameters | Where-Object { $_.Name -notin $alwaysCommon }) {
            $globbing = [bool]($p.Attributes | Where-Object { $_ -is [System.Management.Automation.SupportsWildcardsAttribute] })
            $position = if ($p.Position -ge 0) { $p.Position } else { 'named' }
            $value = if ($p.ParameterType -ne [System.Management.Automation.SwitchParameter]) { "<command:parameterValue required=`"true`">$(Esc $p.ParameterType.Name)</command:parameterValue>" }
            "<command:parameter required=`"$($p.IsMandatory.ToString().ToLower())`" position=`"$position`" pipelineInput=`"$(PipelineText $p)`" globbing=`"$($globbing.ToString().ToLower())`"><maml:name>$($p.Name)</maml:name>$value</command:parameter>"
        }
        "<command:syntaxItem><maml:name>$($command.Name)</maml:name>$($items -join '')</command:syntaxItem>"
    }

    $described = @($parameters) + @($command.Parameters.Values | Where-Object { $shouldProcess.ContainsKey($_.Name) })
    $parameterItems = foreach ($parameter in $described) {
        $text = if ($shouldProcess.ContainsKey($parameter.Name)) { $shouldProcess[$parameter.Name] } else { $help.Parameters[$parameter.Name] }
        $attribute = $parameter.Attributes | Where-Object { $_ -is [Parameter] } | Select-Object -First 1
        $globbing = [bool]($parameter.Attributes | Where-Object { $_ -is [System.Management.Automation.SupportsWildcardsAttribute] })
        $position = if ($attribute.Position -ge 0) { $attribute.Position } else { 'named' }
        $aliases = if ($parameter.Aliases.Count) { $parameter.Aliases -join ', ' } else { 'None' }
        "<command:parameter required=`"$($attribute.Mandatory.ToString().ToLower())`" position=`"$position`" pipelineInput=`"$(PipelineText $attribute)`" globbing=`"$($globbing.ToString().ToLower())`" aliases=`"$aliases`"><maml:name>$($parameter.Name)</maml:name><maml:description>$(Para $text)</maml:description><command:parameterValue required=`"true`">$(Esc $parameter.ParameterType.Name)</command:parameterValue><dev:type><maml:name>$(Esc $parameter.ParameterType.FullName)</maml:name></dev:type></command:parameter>"
    }

    $examples = for ($i = 0; $i -lt @($help.Examples).Count; $i++) {
        $example = @($help.Examples)[$i]
        "<command:example><maml:title>-------------------------- Example $($i + 1) --------------------------</maml:title><dev:code>$(Esc $example.Code.Trim())</dev:code><dev:remarks>$(Para $example.Remarks)</dev:remarks></command:example>"
    }

    # INPUTS: what the pipeline can bind, from the cmdlet itself (by value: the type; by property
    # name: the parameter names an object's properties bind to), unless the source says more.
    $byValue = $command.Parameters.Values | Where-Object { $_.Attributes | Where-Object { $_ -is [Parameter] -and $_.ValueFromPipeline } }
    $byName = $command.Parameters.Values | Where-Object { $_.Attributes | Where-Object { $_ -is [Parameter] -and $_.ValueFromPipelineByPropertyName } }
    $inputs = @(
        foreach ($p in $byValue | Sort-Object { $_.ParameterType.FullName } -Unique) {
            $element = if ($p.ParameterType.IsArray) { $p.ParameterType.GetElementType() } else { $p.ParameterType }
            "<command:inputType><dev:type><maml:name>$(Esc $element.FullName)</maml:name></dev:type><maml:description>$(Para "Bound to -$($p.Name).")</maml:description></command:inputType>"
        }
        if ($byName) {
            "<command:inputType><dev:type><maml:name>System.Management.Automation.PSObject</maml:name></dev:type><maml:description>$(Para "Objects whose properties bind by name: $(($byName.Name | Sort-Object | ForEach-Object { $p = $_; $a = $command.Parameters[$p].Aliases; if ($a.Count) { "$p (or $($a -join ', '))" } else { $p } }) -join ', ').")</maml:description></command:inputType>"
        }
    )
    if ($help.Inputs) { $inputs = @("<command:inputType><dev:type><maml:name>$(Esc (($help.Inputs -split ':')[0]))</maml:name></dev:type><maml:description>$(Para $help.Inputs)</maml:description></command:inputType>") }
    if (-not $inputs) {
        $inputs = @("<command:inputType><dev:type><maml:name>None</maml:name></dev:type><maml:description>$(Para 'This command takes no pipeline input.')</maml:description></command:inputType>")
    }
    if (-not $command.OutputType) { $problems.Add("$($command.Name): no [OutputType] for the OUTPUTS section") }

    $outputs = foreach ($type in $command.OutputType) {
        "<command:returnValue><dev:type><maml:name>$(Esc $type.Name)</maml:name></dev:type><maml:description>$(Para ($help.Outputs ?? $type.Name))</maml:description></command:returnValue>"
    }
    $notes = if ($help.Notes) { "<maml:alertSet><maml:alert>$(Para $help.Notes)</maml:alert></maml:alertSet>" }
    $links = foreach ($link in @($help.Links)) { "<maml:navigationLink><maml:linkText>$(Esc $link)</maml:linkText></maml:navigationLink>" }

    @"
<command:command xmlns:maml="http://schemas.microsoft.com/maml/2004/10" xmlns:command="http://schemas.microsoft.com/maml/dev/command/2004/10" xmlns:dev="http://schemas.microsoft.com/maml/dev/2004/10">
<command:details><command:name>$($command.Name)</command:name><command:verb>$($command.Verb)</command:verb><command:noun>$($command.Noun)</command:noun><maml:description>$(Para $help.Synopsis)</maml:description></command:details>
<maml:description>$(Para $help.Description)</maml:description>
<command:syntax>$($syntax -join '')</command:syntax>
<command:parameters>$($parameterItems -join '')</command:parameters>
<command:inputTypes>$($inputs -join '')</command:inputTypes>
<command:returnValues>$($outputs -join '')</command:returnValues>
$notes
<command:examples>$($examples -join '')</command:examples>
<command:relatedLinks>$($links -join '')</command:relatedLinks>
</command:command>
"@
}

if ($problems.Count) { throw "Help is incomplete:`n  $($problems -join "`n  ")" }
New-Item -ItemType Directory -Path (Split-Path $OutFile) -Force | Out-Null
Set-Content -Path $OutFile -Encoding utf8 -Value "<?xml version=`"1.0`" encoding=`"utf-8`"?>`n<helpItems schema=`"maml`" xmlns=`"http://msh`">`n$($commands -join "`n")`n</helpItems>"
