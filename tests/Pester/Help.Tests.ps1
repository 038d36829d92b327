BeforeDiscovery {
    Import-Module $env:STACKPACK_TEST_MODULE -Force
    $script:cmdlets = (Get-Module StackPack).ExportedCmdlets.Keys | Sort-Object
}

BeforeAll {
    Import-Module $env:STACKPACK_TEST_MODULE -Force
    $script:common = [System.Management.Automation.PSCmdlet]::CommonParameters + [System.Management.Automation.PSCmdlet]::OptionalCommonParameters
}

Describe 'Help for <_>' -ForEach $cmdlets {
    BeforeAll {
        $script:help = Get-Help $_ -Full
        $script:command = Get-Command $_
    }

    It 'has a synopsis and a description' {
        $help.Synopsis | Should -Not -BeNullOrEmpty
        $help.Synopsis | Should -Not -Match '^\s*\w+-\w+\s*\['   # not the auto-generated syntax line
        ($help.Description.Text -join ' ') | Should -Not -BeNullOrEmpty
    }

    It 'has at least one example with remarks' {
        @($help.Examples.Example).Count | Should -BeGreaterThan 0
        @($help.Examples.Example)[0].Code | Should -Not -BeNullOrEmpty
    }

    It 'lists the error ids it raises' {
        # The ids this cmdlet raises: those its own source names, and those a test sees it raise
        # ({ Verb-Noun ... } | Should -Throw -ErrorId 'Id,*' on one line).
        $class = ($_ -replace '-', '') + 'Command'
        $sources = Get-ChildItem (Join-Path $env:STACKPACK_TEST_REPO 'src/StackPack.Commands/Cmdlets') -Filter "$class*.cs"
        $ids = [System.Collections.Generic.SortedSet[string]]::new()
        foreach ($match in ($sources | Select-String -Pattern 'ErrorRecords\.Create\("(?<id>[A-Z][A-Za-z0-9]+)"' -AllMatches).Matches) { [void]$ids.Add($match.Groups['id'].Value) }
        # The installed-pack lookup (StackPackCmdlet.FindInstalled/FindReadable, PackLookup.FindOne) writes
        # PackNotFound for a literal name; FindReadable and FindOne also the error of a named folder whose
        # pack.yaml cannot be read; FindOne PackNameAmbiguous.
        if ($sources | Select-String -Pattern 'FindInstalled\(|FindReadable\(|PackLookup\.FindOne\(') { [void]$ids.Add('PackNotFound') }
        if ($sources | Select-String -Pattern 'FindReadable\(|PackLookup\.FindOne\(') { [void]$ids.Add('InvalidPackMetadata'); [void]$ids.Add('PackUnreadable') }
        if ($sources | Select-String -SimpleMatch 'PackLookup.FindOne(') { [void]$ids.Add('PackNameAmbiguous') }
        $ids.Count + $sources.Count | Should -BeGreaterThan 0 -Because "the cmdlet's source must be found (a broken pattern finds nothing)"
        $tests = Get-ChildItem (Join-Path $env:STACKPACK_TEST_REPO 'tests/Pester') -Filter *.Tests.ps1
        $seen = $tests | Select-String -Pattern "\{\s*(\S+\s*\|\s*)?$([regex]::Escape($_))\b[^}]*\}\s*\|\s*Should -Throw -ErrorId '(?<id>[A-Z][A-Za-z0-9]+),"
        foreach ($match in $seen.Matches) { [void]$ids.Add($match.Groups['id'].Value) }
        $notes = ($help.alertSet.alert.Text -join ' ')
        if ($_ -eq 'Update-Pack') { $notes += ' ' + ((Get-Help Install-Pack -Full).alertSet.alert.Text -join ' ') }
        foreach ($id in $ids) {
            $notes | Should -Match "\b$id\b" -Because "$_ raises $id, so its help's notes must list it"
        }
    }

    It 'documents every parameter' {
        foreach ($name in $command.Parameters.Keys | Where-Object { $_ -notin $common }) {
            $parameter = $help.Parameters.Parameter | Where-Object Name -eq $name
            ($parameter.Description.Text -join ' ') | Should -Not -BeNullOrEmpty -Because "-$name needs a description"
        }
    }
}

Describe 'Help SYNTAX, INPUTS and OUTPUTS for <_>' -ForEach $cmdlets {
    BeforeAll {
        $script:help = Get-Help $_ -Full
        $script:command = Get-Command $_
        $script:syntaxText = ($help.Syntax | Out-String -Width 500)
    }

    It 'shows the common parameters, and -WhatIf/-Confirm where the cmdlet supports ShouldProcess' {
        $syntaxText | Should -Match '\[<CommonParameters>\]'
        if ($command.Parameters.ContainsKey('WhatIf')) {
            $syntaxText | Should -Match '\[-WhatIf\]'
            $syntaxText | Should -Match '\[-Confirm\]'
            ($help.Parameters.Parameter | Where-Object Name -eq 'WhatIf').Description.Text | Should -Not -BeNullOrEmpty
        }
        else {
            $syntaxText | Should -Not -Match '-WhatIf'
        }
    }

    It 'fills INPUTS and OUTPUTS' {
        @($help.inputTypes.inputType).Count | Should -BeGreaterThan 0
        ($help.inputTypes.inputType.type.name -join ' ') | Should -Not -BeNullOrEmpty
        @($help.returnValues.returnValue).Count | Should -BeGreaterThan 0
        ($help.returnValues.returnValue.type.name -join ' ') | Should -Match 'PackInfo|IndexPackInfo|PackIndexInfo|PackConfig|InstallResult|RegistrationResult|StackPack\.|System\.IO\.FileInfo'
    }
}

Describe 'about_StackPack' {
    BeforeAll {
        $script:about = Get-Help about_StackPack | Out-String -Width 200
        $script:aboutFile = Get-Content (Join-Path (Split-Path $env:STACKPACK_TEST_MODULE) 'en-US/about_StackPack.help.txt') -Raw
    }

    It 'is found by Get-Help and covers each topic' {
        $about | Should -Match 'about_StackPack'
        foreach ($heading in 'WHERE PACKS LIVE', 'VERSION SYNTAX', 'INDEXES AND CACHING', 'CREDENTIALS', 'PACK SETS AND DSC', 'PIPELINES', 'ERROR IDS', 'ENVIRONMENT VARIABLES') {
            $about | Should -Match $heading
        }
    }

    It 'lists every ErrorId the source code raises, with its meaning' {
        # ErrorCatalog holds every id the code raises (an xunit test checks that): each needs an entry here.
        $catalog = Get-Content (Join-Path $env:STACKPACK_TEST_REPO 'src/StackPack.Engine/Errors/ErrorCatalog.cs') -Raw
        $ids = [System.Collections.Generic.SortedSet[string]]::new()
        foreach ($entry in [regex]::Matches($catalog, 'new\("(?<id>[A-Z][A-Za-z0-9]+)", ErrorKind\.')) { [void]$ids.Add($entry.Groups['id'].Value) }
        $ids.Count | Should -BeGreaterThan 30 -Because 'the scan must find the ids (a broken pattern finds none)'
        foreach ($id in $ids) {
            $aboutFile | Should -Match "(?m)^    $id\r?\n        \S" -Because "$id needs an entry (its name, then its meaning) under ERROR IDS"
        }
    }

    It 'lists every environment variable the source code reads' {
        $source = Join-Path $env:STACKPACK_TEST_REPO 'src'
        $names = Get-ChildItem $source -Recurse -Filter *.cs | Where-Object FullName -notmatch '[\\/](bin|obj)[\\/]' |
            Select-String -CaseSensitive -Pattern '"(STACKPACK_[A-Z_]+|ST2_[A-Z_]+|HTTPS?_PROXY|NO_PROXY)"' -AllMatches |
            ForEach-Object { $_.Matches.Groups | Where-Object Name -eq 1 | ForEach-Object Value } | Sort-Object -Unique
        @($names).Count | Should -BeGreaterThan 5
        foreach ($name in $names) { $aboutFile | Should -Match ([regex]::Escape($name)) }
    }
}
