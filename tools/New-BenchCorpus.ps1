<#
.SYNOPSIS
    Writes a seeded corpus of packs shaped like the StackStorm Exchange, for the benchmarks:
    about 170 packs, about 11,000 YAML files (13-14 MB): actions of realistic size with 5-15
    parameters, their Python entry points, and some sensors, rules, aliases and policies, each
    pack with a config schema. The same seed always writes the same bytes.
.OUTPUTS
    The folder written, with the list of YAML files in <Path>/yaml-files.txt (for the peer).
#>
param(
    [Parameter(Mandatory)] [string] $Path,
    [int] $Packs = 170,
    [int] $Seed = 20261202
)

$ErrorActionPreference = 'Stop'
$random = [Random]::new($Seed)
$words = -split 'instance volume bucket cluster alert ticket user group host service queue topic record zone network subnet snapshot image key secret role policy event metric dashboard incident channel message repository branch build deployment job pipeline node pod namespace'
$verbs = -split 'get list create delete update describe start stop restart attach detach enable disable run sync'
$types = 'string', 'string', 'string', 'integer', 'boolean', 'array', 'object', 'number'
$runners = 'python-script', 'python-script', 'python-script', 'orquesta', 'local-shell-cmd', 'http-request'
$yamlFiles = [System.Collections.Generic.List[string]]::new()
$utf8 = [Text.UTF8Encoding]::new($false)

function Pick([object[]] $from) { $from[$random.Next($from.Count)] }
function Write-Text([string] $file, [string] $text, [switch] $Yaml) {
    [IO.File]::WriteAllText($file, $text, $utf8)
    if ($Yaml) { $yamlFiles.Add($file) }
}

function New-Parameter([string] $name) {
    $type = Pick $types
    $lines = @("  ${name}:", "    type: $type", "    description: `"The $name for this request, as the API expects it.`"")
    switch ($type) {
        'string' {
            if ($random.Next(3) -eq 0) { $lines += "    default: `"$(Pick $words)-$($random.Next(1000))`"" }
            if ($random.Next(5) -eq 0) { $lines += '    enum:'; 1..4 | ForEach-Object { $lines += "      - $(Pick $words)_$_" } }
            if ($random.Next(6) -eq 0) { $lines += '    secret: true' }
        }
        'integer' { $lines += "    default: $($random.Next(1, 500))"; $lines += '    minimum: 0' }
        'boolean' { $lines += "    default: $(if ($random.Next(2)) { 'true' } else { 'false' })" }
        'array' { $lines += '    items:', '      type: string'; if ($random.Next(2)) { $lines += '    default: []' } }
        'object' { $lines += '    default: {}' }
        'number' { $lines += "    default: $($random.Next(1, 100)).5" }
    }
    if ($random.Next(4) -eq 0) { $lines += '    required: true' }
    if ($random.Next(8) -eq 0) { $lines += '    immutable: false' }
    $lines -join "`n"
}

New-Item -ItemType Directory -Path $Path -Force | Out-Null
foreach ($p in 1..$Packs) {
    $pack = 'bench_{0:D3}' -f $p
    $root = Join-Path $Path $pack
    foreach ($folder in 'actions', 'actions/workflows', 'sensors', 'rules', 'aliases', 'policies') {
        New-Item -ItemType Directory -Path (Join-Path $root $folder) -Force | Out-Null
    }
    Write-Text (Join-Path $root 'pack.yaml') (@(
            '---', "ref: $pack", "name: $pack", "description: `"Integration number $p for the benchmark corpus, shaped like an Exchange pack.`"",
            'keywords:', "  - $(Pick $words)", "  - $(Pick $words)", "  - bench", "version: `"$($random.Next(0, 3)).$($random.Next(0, 20)).$($random.Next(0, 10))`"",
            'author: StackPack Bench', 'email: bench@example.com', 'python_versions:', '  - "3"', 'contributors:', '  - "Someone <someone@example.com>"'
        ) -join "`n") -Yaml
    $schema = @('---', 'api_url:', '  type: "string"', '  description: "The service URL"', '  required: true', '  default: "https://api.example.com"',
        'token:', '  type: "string"', '  secret: true', '  required: false', 'timeout:', '  type: "integer"', '  default: 30',
        'accounts:', '  type: "array"', '  items:', '    type: "object"', '    properties:', '      name:', '        type: "string"', '        required: true',
        '      region:', '        type: "string"')
    Write-Text (Join-Path $root 'config.schema.yaml') ($schema -join "`n") -Yaml
    Write-Text (Join-Path $root 'requirements.txt') "requests>=2.0`n"

    $actions = 44 + $random.Next(0, 13)
    foreach ($a in 1..$actions) {
        $name = "$(Pick $verbs)_$(Pick $words)_$a"
        $runner = Pick $runners
        $entry = if ($runner -eq 'orquesta') { "workflows/$name.yaml" } elseif ($runner -in 'python-script', 'local-shell-cmd') { "$name.py" } else { $null }
        $parameters = 1..$random.Next(5, 16) | ForEach-Object { New-Parameter "$(Pick $words)_$_" }
        $lines = @('---', "name: $name", "runner_type: $runner", "description: `"$((Get-Culture).TextInfo.ToTitleCase($name.Replace('_', ' '))) through the service API, returning the raw response.`"", 'enabled: true')
        if ($entry) { $lines += "entry_point: $entry" }
        if ($runner -eq 'http-request') { $lines += 'parameters:', '  url:', '    type: string', '    default: "https://api.example.com/v1/resource"', '    immutable: true' } else { $lines += 'parameters:' }
        $lines += $parameters
        Write-Text (Join-Path $root "actions/$name.yaml") ($lines -join "`n") -Yaml
        if ($runner -eq 'orquesta') {
            Write-Text (Join-Path $root "actions/workflows/$name.yaml") (@('version: 1.0', 'input:', '  - value', 'tasks:', '  first:', '    action: core.noop', '    next:', '      - when: <% succeeded() %>', '        do: second', '  second:', '    action: core.noop') -join "`n") -Yaml
        }
        elseif ($entry) {
            Write-Text (Join-Path $root "actions/$entry") "from st2common.runners.base_action import Action`n`nclass Run(Action):`n    def run(self, **kwargs):`n        return kwargs`n"
        }
    }
    foreach ($s in 1..$random.Next(0, 3)) {
        $sensor = "$(Pick $words)_sensor_$s"
        Write-Text (Join-Path $root "sensors/$sensor.yaml") (@('---', "class_name: $sensor", "entry_point: $sensor.py", "description: `"Watches for new $(Pick $words) events`"", 'poll_interval: 30',
                'trigger_types:', "  - name: ${sensor}_event", '    description: "A new event"', '    payload_schema:', '      type: object', '      properties:', '        id:', '          type: string', '        body:', '          type: object') -join "`n") -Yaml
        Write-Text (Join-Path $root "sensors/$sensor.py") "from st2reactor.sensor.base import PollingSensor`n"
    }
    foreach ($r in 1..$random.Next(1, 4)) {
        Write-Text (Join-Path $root "rules/rule_$r.yaml") (@('---', "name: rule_$r", "pack: $pack", 'description: "Runs an action on a webhook"', 'enabled: false',
                'trigger:', '  type: core.st2.webhook', '  parameters:', "    url: $pack-$r", 'criteria:', '  trigger.body.kind:', '    type: equals', '    pattern: alert',
                'action:', '  ref: core.local', '  parameters:', '    cmd: "echo {{ trigger.body }}"') -join "`n") -Yaml
    }
    foreach ($l in 1..$random.Next(1, 4)) {
        Write-Text (Join-Path $root "aliases/alias_$l.yaml") (@('---', "name: alias_$l", "pack: $pack", 'action_ref: core.local', 'description: "Runs a command from chat"',
                'formats:', "  - `"run $pack $l {{cmd}}`"", 'ack:', '  enabled: true', 'result:', '  format: "done: {{ execution.result }}"') -join "`n") -Yaml
    }
    if ($random.Next(3) -eq 0) {
        Write-Text (Join-Path $root 'policies/concurrency.yaml') (@('---', 'name: concurrency', 'description: "One at a time"', 'enabled: true',
                "resource_ref: core.local", 'policy_type: action.concurrency', 'parameters:', '  action: delay', '  threshold: 1') -join "`n") -Yaml
    }
}

[IO.File]::WriteAllLines((Join-Path $Path 'yaml-files.txt'), $yamlFiles)
$bytes = ($yamlFiles | ForEach-Object { [IO.FileInfo]::new($_).Length } | Measure-Object -Sum).Sum
[pscustomobject]@{ Path = $Path; Packs = $Packs; YamlFiles = $yamlFiles.Count; YamlBytes = $bytes }
