using System.Management.Automation;
using StackPack.Engine;
using StackPack.Engine.Install;
using StackPack.Engine.Packs;
using StackPack.Engine.PackSets;

namespace StackPack.Commands.Cmdlets;

/// <summary>Install-Pack -PackSet: a pack set file applied idempotently, and -Exact's removal of what it does not name.</summary>
public sealed partial class InstallPackCommand
{
    private const string PackSetSet = "PackSet";

    private PackSet? _packSet;

    /// <summary>A pack set file (Export-PackSet writes one) to apply: each pack at its commit, else its version.</summary>
    // Not Mandatory: a third set with a mandatory parameter makes PowerShell bind piped Get-Pack
    // output by property name (Name) instead of by value (InputObject). Only this set has it.
    [Parameter(ParameterSetName = PackSetSet)]
    [ValidateNotNullOrEmpty]
    public string? PackSet { get; set; }

    /// <summary>With -PackSet: also remove installed packs the set does not name and none of its packs needs (never system packs).</summary>
    [Parameter(ParameterSetName = PackSetSet)]
    public SwitchParameter Exact { get; set; }

    /// <summary>Reads the set into requests; false (after the error) when the file is missing or invalid: nothing changes then.</summary>
    private bool AddPackSetRequests()
    {
        if (PackSet is null)
        {
            ThrowTerminatingError(ErrorRecords.Create("NoPackGiven", null,
                "-Exact needs -PackSet.", "Give the pack set file with -PackSet."));
        }

        try
        {
            _packSet = PackSetReader.ReadFile(GetUnresolvedProviderPathFromPSPath(PackSet!));
        }
        catch (StackPackException e)
        {
            WriteEngineError(e);
            return false;
        }

        _requests.AddRange(PackSetApply.Requests(_packSet, Settings.IndexUrls, IndexUrl));
        WriteVerbose($"Pack set {PackSet}: {_packSet.Packs.Count} pack(s).");
        return true;
    }

    /// <summary>
    /// -Exact: after the set is applied, the packs it does not name go, dependants first. Only
    /// when every pack of the set is in place: a failed pack may still need what would be removed.
    /// </summary>
    private void RemoveExtrasIfExact()
    {
        if (_packSet is null || !Exact.IsPresent || AppliedRun is not { } run)
        {
            return;
        }

        // -WhatIf declines every change: the removals are then previewed too.
        if (!run.Succeeded || run.DeclinedAny && !IsWhatIf())
        {
            WriteWarning("-Exact: not all packs of the set were installed, so no other pack was removed.");
            return;
        }

        var installed = PackLocator.Scan(Settings);
        var extras = PackSetApply.Extras(_packSet, run.Plan.Select(p => p.Ref), installed);
        var removal = new PackRemoval(this, Settings, new RemoveOptions { LockTimeout = TimeSpan.FromSeconds(TimeoutSec) }, force: false, Cancellation);
        removal.RemoveAll(extras, installed, pack => WriteObject(new StackPack.InstallResult
        {
            Ref = pack.Ref,
            Version = pack.Manifest.Version,
            PreviousVersion = pack.Manifest.Version,
            Action = nameof(PackInstallAction.Removed),
            Source = pack.Git?.Origin ?? pack.Path,
            Commit = pack.Git?.Commit,
            Path = pack.Path,
        }));
    }
}
