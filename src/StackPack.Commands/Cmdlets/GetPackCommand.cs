using System.Management.Automation;
using StackPack.Commands.Completion;
using StackPack.Commands.Output;
using StackPack.Engine;
using StackPack.Engine.Install;
using StackPack.Engine.Packs;

namespace StackPack.Commands.Cmdlets;

/// <summary>
/// <para type="synopsis">Lists the packs installed in the packs base paths.</para>
/// </summary>
[Cmdlet(VerbsCommon.Get, "Pack")]
[OutputType(typeof(PackInfo))]
public sealed class GetPackCommand : StackPackCmdlet
{
    private PackScanResult? _scan;
    private readonly HashSet<string> _emitted = new(StringComparer.Ordinal);

    /// <summary>Refs or names to show; wildcards allowed, case-insensitive. All packs when omitted.</summary>
    [Parameter(Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [SupportsWildcards]
    [Alias("Ref")]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(InstalledPackCompleter))]
    public string[]? Name { get; set; }

    /// <summary>Only packs for which their index has a newer version, with LatestVersion filled.</summary>
    [Parameter]
    public SwitchParameter Outdated { get; set; }

    /// <summary>With -Outdated: the indexes to compare with (default: the configured ones).</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string[]? IndexUrl { get; set; }

    private IndexLookup? _indexes;
    private int _indexFailed;

    protected override void ProcessRecord()
    {
        var scan = _scan ??= Scan();
        if (Name is null || Name.Length == 0)
        {
            foreach (var broken in scan.Broken)
            {
                WriteEngineError(broken.Error);
            }

            foreach (var pack in scan.Packs)
            {
                Emit(pack);
            }

            return;
        }

        foreach (var requested in Name)
        {
            foreach (var pack in FindReadable(scan, requested, "Run Get-Pack to list the installed packs, or Install-Pack to install this one."))
            {
                Emit(pack);
            }
        }
    }

    private PackScanResult Scan()
    {
        var scan = PackLocator.Scan(Settings);
        foreach (var note in scan.Notes)
        {
            WriteVerbose(note);
        }

        return scan;
    }

    private void Emit(InstalledPack pack)
    {
        // One pack matched by several names is written (and warned about) once.
        if (!_emitted.Add(pack.Path))
        {
            return;
        }

        foreach (var warning in pack.Manifest.Warnings)
        {
            WriteWarning($"Pack '{pack.Ref}': {warning}");
        }

        if (!Outdated.IsPresent)
        {
            WriteObject(PackInfoMapper.ToPackInfo(pack));
            return;
        }

        // The index is asked only when -Outdated is: a plain Get-Pack stays local and fast.
        var sources = IndexSources(IndexUrl);
        _indexes ??= new IndexLookup(Settings, SessionState.Path.CurrentFileSystemLocation.ProviderPath, unconditional: false, CancellationToken.None);
        try
        {
            var updates = PackUpdates.Find([pack], _scan!.Packs, _indexes, sources);
            var update = updates.Count > 0 ? updates[0] : null;
            if (update is { IsOutdated: true })
            {
                WriteObject(PackInfoMapper.ToPackInfo(pack, latestVersion: update.Latest!.Text));
            }
        }
        catch (StackPackException e)
        {
            // No index at all: said once (every pack would fail the same way), and no pack is called outdated.
            if (_indexFailed++ == 0)
            {
                WriteEngineError(e);
            }
        }
        finally
        {
            foreach (var warning in _indexes.TakeWarnings())
            {
                WriteWarning(warning);
            }
        }
    }
}
