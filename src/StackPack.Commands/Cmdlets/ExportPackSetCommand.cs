using StackPack.Commands.Output;
using System.Management.Automation;
using StackPack.Engine;
using StackPack.Engine.Install;
using StackPack.Engine.Packs;
using StackPack.Engine.PackSets;

namespace StackPack.Commands.Cmdlets;

/// <summary>Writes the installed packs (or those piped in) as a pack set that Install-Pack -PackSet applies on another node.</summary>
[Cmdlet(VerbsData.Export, "PackSet", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low, DefaultParameterSetName = NameSet)]
[OutputType(typeof(FileInfo))]
public sealed class ExportPackSetCommand : StackPackCmdlet
{
    private readonly List<string> _names = new();
    private readonly List<PackInfo> _listed = new();

    /// <summary>The file to write (YAML).</summary>
    [Parameter(Mandatory = true, Position = 0)]
    [ValidateNotNullOrEmpty]
    public string Path { get; set; } = string.Empty;

    /// <summary>Refs (or names, wildcards allowed) of the packs to describe; Get-Pack output binds as -InputObject. Default: every installed pack but the system packs.</summary>
    [Parameter(ValueFromPipeline = true, ValueFromPipelineByPropertyName = true, ParameterSetName = NameSet)]
    [SupportsWildcards]
    [Alias("Ref")]
    [ValidateNotNullOrEmpty]
    public string[]? Name { get; set; }

    /// <summary>
    /// Get-Pack output, taken as exactly the packs it lists (same ref, same folder). By property
    /// name it would bind its display Name, which may be another pack's ref. Not mandatory: a
    /// mandatory one would make PowerShell bind a PackInfo to -Name by property name first.
    /// </summary>
    [Parameter(ValueFromPipeline = true, ParameterSetName = InputObjectSet)]
    [ValidateNotNull]
    public PackInfo[] InputObject { get; set; } = [];

    /// <summary>Do not replace an existing file.</summary>
    [Parameter]
    public SwitchParameter NoClobber { get; set; }

    /// <summary>Write the file's FileInfo to the pipeline.</summary>
    [Parameter]
    public SwitchParameter PassThru { get; set; }

    protected override void ProcessRecord()
    {
        if (ParameterSetName == InputObjectSet)
        {
            _listed.AddRange(InputObject);
        }
        else
        {
            _names.AddRange(Name ?? []);
        }
    }

    protected override void EndProcessing()
    {
        var scan = PackLocator.Scan(Settings);
        var chosen = new List<InstalledPack>(FindListed(scan, _listed).Distinct());
        if (_names.Count == 0 && ParameterSetName != InputObjectSet)
        {
            // System packs ship with StackStorm: a set that named them would make every node reinstall them.
            chosen.AddRange(scan.Packs.Where(p => !p.IsSystem));
        }

        foreach (var name in _names)
        {
            chosen.AddRange(FindReadable(scan, name).Where(m => !chosen.Contains(m)));
        }

        var target = GetUnresolvedProviderPathFromPSPath(Path);
        if (NoClobber.IsPresent && File.Exists(target))
        {
            WriteError(ErrorRecords.Create("PackSetExists", target,
                $"The file '{target}' exists and -NoClobber was given.", "Choose another -Path, or omit -NoClobber to replace it."));
            return;
        }

        var set = PackSetExport.From(chosen, scan.Packs, new InstallRecordStore(Settings.StatePath));
        if (!ShouldProcess(target, $"Write a pack set of {set.Packs.Count} pack(s)"))
        {
            return;
        }

        try
        {
            PackSetWriter.Write(target, set);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            WriteError(ErrorRecords.Create(e is UnauthorizedAccessException ? "PermissionDenied" : "PackSetWriteFailed",
                target,
                $"Cannot write the pack set '{target}': {e.Message}", "Check the path and that you may write its folder."));
            return;
        }

        WriteVerbose($"Wrote {set.Packs.Count} pack(s) to {target}.");
        if (PassThru.IsPresent)
        {
            WriteObject(new FileInfo(target));
        }
    }
}
