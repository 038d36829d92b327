using StackPack.Commands.Output;
using System.Management.Automation;
using StackPack.Commands.Completion;
using StackPack.Engine;
using StackPack.Engine.Install;
using StackPack.Engine.Packs;

namespace StackPack.Commands.Cmdlets;

/// <summary>Moves installed packs that came from an index to the newest version it offers that every installed pin allows, with their dependencies, as one plan.</summary>
[Cmdlet(VerbsData.Update, "Pack", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium, DefaultParameterSetName = NameSet)]
[OutputType(typeof(InstallResult))]
public sealed class UpdatePackCommand : PackInstallCmdlet
{
    private readonly List<InstalledPack> _selected = new();
    private readonly HashSet<string> _named = new(StringComparer.Ordinal);
    private PackScanResult? _scan;

    /// <summary>Refs or names of installed packs (wildcards allowed); every installed pack that came from an index when omitted.</summary>
    [Parameter(Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true, ParameterSetName = NameSet)]
    [SupportsWildcards]
    [Alias("Ref")]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(InstalledPackCompleter))]
    public string[]? Name { get; set; }

    /// <summary>
    /// Get-Pack output, taken as exactly the packs it lists (same ref, same folder). By property
    /// name it would bind its display Name, which may be another pack's ref. Not mandatory: a
    /// mandatory one would make PowerShell bind a PackInfo to -Name by property name first.
    /// </summary>
    [Parameter(ValueFromPipeline = true, ParameterSetName = InputObjectSet)]
    [ValidateNotNull]
    public PackInfo[] InputObject { get; set; } = [];

    protected override void ProcessRecord()
    {
        _scan ??= PackLocator.Scan(Settings);
        if (ParameterSetName == InputObjectSet)
        {
            var listed = FindListed(_scan, InputObject);
            _named.UnionWith(listed.Select(p => p.Ref));
            _selected.AddRange(listed.Where(p => !_selected.Contains(p)));
            return;
        }

        if (Name is null || Name.Length == 0)
        {
            _selected.AddRange(_scan.Packs.Where(p => !p.IsSystem && !_selected.Contains(p)));
            return;
        }

        foreach (var requested in Name)
        {
            var matches = FindReadable(_scan, requested, "Run Get-Pack to list the installed packs, or Install-Pack to install this one.");
            if (!PackLookup.HasWildcards(requested))
            {
                _named.UnionWith(matches.Select(m => m.Ref));
            }

            _selected.AddRange(matches.Where(p => !_selected.Contains(p)));
        }
    }

    protected override void EndProcessing()
    {
        if (_selected.Count == 0)
        {
            return;
        }

        var sources = IndexSources(IndexUrl);
        IReadOnlyList<PackUpdate> updates;
        var indexes = new IndexLookup(Settings, SessionState.Path.CurrentFileSystemLocation.ProviderPath, Refresh.IsPresent, Cancellation);
        try
        {
            updates = PackUpdates.Find(_selected, _scan!.Packs, indexes, sources);
        }
        catch (StackPackException e)
        {
            WriteEngineError(e);
            return;
        }
        finally
        {
            foreach (var warning in indexes.TakeWarnings())
            {
                WriteWarning(warning);
            }
        }

        var requests = new List<InstallRequest>();
        foreach (var pack in _selected.Where(p => updates.All(u => u.Pack != p)))
        {
            if (_named.Contains(pack.Ref))
            {
                WriteError(ErrorRecords.Create("PackNotFromIndex", pack.Ref,
                    $"Pack '{pack.Ref}' did not come from an index (no index lists '{pack.Ref}' with its origin {pack.Git?.Origin ?? "(not a git checkout)"}), so there is no newer version to move to.",
                    "Install the version you want from its source with Install-Pack <url>=<version>."));
            }
            else
            {
                WriteVerbose($"Pack '{pack.Ref}' did not come from an index: left as it is.");
            }
        }

        foreach (var update in updates)
        {
            if (update.Allowed is null)
            {
                WriteWarning($"Pack '{update.Pack.Ref}' stays at {update.Pack.Manifest.Version}: an installed pack pins a version the index does not list.");
                continue;
            }

            if (update.HeldBy is not null)
            {
                WriteWarning($"Pack '{update.Pack.Ref}' goes to {update.Allowed}, not {update.Latest}: the installed pack '{update.HeldBy}' pins it.");
            }

            requests.Add(new InstallRequest($"{update.Entry.Name}={update.Allowed.Text}", null, sources));
        }

        if (requests.Count > 0)
        {
            RunPlan(requests, "Updating packs");
        }
    }
}
