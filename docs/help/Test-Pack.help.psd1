@{
    Synopsis    = 'Checks packs the way StackStorm and the StackStorm Exchange CI do, in seconds, on any OS, with results for pipelines.'
    Description = @'
Test-Pack checks each pack folder (a folder with pack.yaml, or every sub-folder with one) without writing anything anywhere: no registry, no cache, no config. It runs these checks, in this order, and reports every problem with its check, its file (relative to the pack), line and column, an ErrorId, and what to do:

Syntax: every .yaml, .yml, .json and .yaml.example file in the pack parses (YAML as StackStorm's safe_load reads it, JSON strictly). The walk never follows a symbolic link (a linked file is a warning, not read), skips .git, opens no FIFO or device, and parses nothing larger than 8 MiB. PackMetadata: pack.yaml as StackStorm validates it (what Get-Pack reports). ConfigSchema: config.schema.yaml as StackStorm validates it. ExampleConfig: the example config <ref>.yaml.example (the Exchange convention) validates against the schema, with the schema's defaults and Jinja values ('{{ st2kv.system.x }}') accepted; a schema without an example is a warning. Content: every action, sensor, trigger, rule, alias and policy validates exactly as Register-Pack validates it (the same code), and entry points exist (a missing one is a warning, as StackStorm registers the action anyway). Exchange (with -Exchange): a README.md, a LICENSE with the Apache 2.0 text, keywords, python_versions including 3, an icon.png, and a CHANGES.md that mentions the pack's version.

Test-Pack writes one StackPack.PackTestResult per pack, and after all packs are tested (and the -OutputFile report is written) a non-terminating PackTestFailed error per pack with errors, so -ErrorAction Stop fails a pipeline step. Warnings do not fail a pack. The default view is a table with one line per pack; Format-List shows the problems.

Under Azure Pipelines (TF_BUILD) or GitHub Actions (GITHUB_ACTIONS), each problem is also written as the logging command that shows it as an annotation on its file and line (##vso[task.logissue ...] or ::error file=...), escaped as each system specifies and redacted of credentials; paths are relative to BUILD_SOURCESDIRECTORY or GITHUB_WORKSPACE. This holds for every StackPack cmdlet's errors and warnings.
'@
    Parameters  = @{
        Path         = 'Pack folders, or folders whose sub-folders are packs (wildcards allowed; a pack.yaml stands for its folder). Accepts paths and Get-Pack output from the pipeline. The current folder when omitted.'
        Exchange     = 'Also check the StackStorm Exchange''s publication rules: README.md, LICENSE (Apache 2.0), keywords, python_versions with 3, icon.png, CHANGES.md mentioning the version.'
        OutputFile   = 'Also write a test report here (a suite per pack, a test case per check, failures with file:line:column), for Azure DevOps'' PublishTestResults task or a GitHub test reporter. Written even when packs fail, before the PackTestFailed errors.'
        OutputFormat = 'The report''s format: JUnitXml (default) or NUnitXml (NUnit 2.5, as Pester writes it).'
        ConfigFile   = 'Accepted as by every StackPack cmdlet, but Test-Pack reads no settings: it checks the folders given, wherever they are.'
    }
    Outputs     = 'StackPack.PackTestResult: Pack, Path, Passed, Errors, Warnings, Problems (each a StackPack.PackTestProblem with Severity, Check, File, Line, Column, ErrorId, Message, RecommendedAction) and Duration.'
    Notes       = 'Error ids written as errors: PackTestFailed (the pack has errors), PackPathNotFound, TestReportNotWritten. Problem ids: InvalidYaml, InvalidJson, YamlWarning (a duplicate key), PackFileTooLarge, PackFileUnreadable, PackFileIsLink, PackFileNameInvalid, PackTreeTooDeep, UnsafePackContent (Syntax: an entry Install-Pack would refuse, such as a link leaving the pack; the pack fails and no file is read through it); NotAPack, InvalidPackMetadata (PackMetadata); InvalidConfigSchema (ConfigSchema); InvalidExampleConfig, ExampleConfigMissing (ExampleConfig); InvalidAction, InvalidSensor, InvalidTrigger, InvalidRule, InvalidAlias, InvalidPolicy, DuplicateContentName (Content); ExchangeReadmeMissing, ExchangeLicenseMissing, ExchangeLicenseNotApache, ExchangeIconMissing, ExchangeIconNotPng, ExchangeKeywordsMissing, ExchangePython3Missing, ExchangeChangesMissing, ExchangeChangesVersionMissing (Exchange).'
    Examples    = @(
        @{ Code = 'Test-Pack'; Remarks = 'Tests the pack in the current folder (or every pack in its sub-folders) and shows one line per pack.' }
        @{ Code = 'Test-Pack ./packs -Exchange | Format-List'; Remarks = 'Tests every pack under ./packs with the Exchange''s rules too, and lists each problem.' }
        @{ Code = 'Test-Pack -OutputFile test-results.xml -ErrorAction Stop'; Remarks = 'In a CI step: writes a JUnit report, then fails the step if any pack has errors.' }
        @{ Code = "pwsh -NonInteractive -c 'Import-Module StackPack; Test-Pack ./ -ErrorAction Stop'"; Remarks = 'A one-liner whose exit code is non-zero when a pack fails.' }
        @{ Code = 'Get-Pack | Test-Pack | Where-Object { -not $_.Passed }'; Remarks = 'Tests every installed pack and keeps the ones that fail.' }
    )
}
