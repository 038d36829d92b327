using System.Management.Automation;
using StackPack.Commands.Completion;
using StackPack.Engine.Install;
using StackPack.Engine.Packs;
using StackPack.Engine.Sources;

namespace StackPack.Commands.Cmdlets;

/// <summary>Installs, upgrades, reinstalls or repairs packs from the index, git or a folder, atomically, with their dependencies.</summary>
[Cmdlet(VerbsLifecycle.Install, "Pack", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium, DefaultParameterSetName = InputObjectSet)]
[OutputType(typeof(InstallResult))]
public sealed partial class InstallPackCommand : PackInstallCmdlet
{

    private readonly List<InstallRequest> _requests = new();
    private PackScanResult? _installed;

    /// <summary>Packs to install: index names, name=version, git URLs, owner/repo, or folders.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true, ParameterSetName = NameSet)]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(IndexPackCompleter))]
    public string[] Name { get; set; } = [];

    /// <summary>Installed packs (Get-Pack output) to install again from where they came from.</summary>
    [Parameter(ValueFromPipeline = true, ParameterSetName = InputObjectSet)]
    [ValidateNotNull]
    public PackInfo[] InputObject { get; set; } = [];

    /// <summary>A tag (with or without v), a branch or a commit.</summary>
    // Bound from Find-Pack's Version (the index's version) but not from Get-Pack's, which is the
    // pack.yaml version: an installed pack is reinstalled at its commit.
    [Parameter(ValueFromPipelineByPropertyName = true, ParameterSetName = NameSet)]
    [Parameter(ParameterSetName = InputObjectSet)]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(PackVersionCompleter))]
    public string? Version { get; set; }

    /// <summary>The packs base path to install into (default: the system packs path).</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? Destination { get; set; }

    protected override string? DestinationPath => Destination is null ? null : GetUnresolvedProviderPathFromPSPath(Destination);

    /// <summary>
    /// An installed pack's ref, origin and commit, bound by property name from Get-Pack rows that
    /// went through Export-Csv / Import-Csv or ConvertTo-Json / ConvertFrom-Json (no longer
    /// PackInfo objects): such a row reinstalls that ref from its origin at its commit, never by its
    /// display name (Name) nor at its pack.yaml version (Version). Not for typing.
    /// </summary>
    [Parameter(ValueFromPipelineByPropertyName = true, ParameterSetName = NameSet, DontShow = true)]
    [AllowEmptyString]
    [AllowNull]
    public string? Ref { get; set; }

    /// <inheritdoc cref="Ref"/>
    [Parameter(ValueFromPipelineByPropertyName = true, ParameterSetName = NameSet, DontShow = true)]
    [AllowEmptyString]
    [AllowNull]
    public string? RepoUrl { get; set; }

    /// <inheritdoc cref="Ref"/>
    [Parameter(ValueFromPipelineByPropertyName = true, ParameterSetName = NameSet, DontShow = true)]
    [AllowEmptyString]
    [AllowNull]
    public string? Commit { get; set; }

    private string? _commandLineVersion;

    protected override void BeginProcessing()
    {
        // Only -Version typed on the command line applies to installed-pack rows; a row's own
        // Version column is its pack.yaml version, not a git version.
        _commandLineVersion = Version;
    }

    protected override void ProcessRecord()
    {
        if (ParameterSetName == InputObjectSet)
        {
            foreach (var pack in InputObject)
            {
                AddInstalledPack(pack.Ref, pack.RepoUrl, pack.Commit);
            }

            return;
        }

        if (!string.IsNullOrEmpty(Ref) && !string.IsNullOrEmpty(Commit))
        {
            AddInstalledPack(Ref, RepoUrl, Commit);
            return;
        }

        foreach (var name in Name)
        {
            if (Version is not null && SourceText.SplitVersion(name.Trim()).Version is { Length: > 0 } pinned)
            {
                // Which one was meant cannot be known: refuse before anything is planned.
                ThrowTerminatingError(ErrorRecords.Create("VersionGivenTwice", name,
                    $"'{name}' already pins version {pinned}, so -Version {Version} cannot apply to it.",
                    "Give the version once: either in the name (name=version) or with -Version."));
            }

            _requests.Add(new InstallRequest(MapInstalledDisplayName(name), Version, IndexUrl));
        }
    }

    protected override void EndProcessing()
    {
        if (ParameterSetName == PackSetSet && !AddPackSetRequests())
        {
            return;
        }

        if (_requests.Count == 0)
        {
            if (ParameterSetName == InputObjectSet && InputObject.Length == 0 && !MyInvocation.ExpectingInput)
            {
                // InputObject is not mandatory, so that "Install-Pack" alone does not prompt for an object no one can type.
                ThrowTerminatingError(ErrorRecords.Create("NoPackGiven", null,
                    "Install-Pack needs packs to install.", "Give names, name=version, git URLs or folders, or pipe Get-Pack or Find-Pack output."));
            }

            return;
        }

        NotePackGroup();
        RunPlan(_requests, "Installing packs");
        RemoveExtrasIfExact();
    }

    /// <summary>
    /// An installed pack (Get-Pack output, or its row read back from CSV or JSON): from its own
    /// origin, at the commit installed now unless -Version was typed; never re-resolved through an
    /// index that may name a different repository.
    /// </summary>
    private void AddInstalledPack(string reference, string? repoUrl, string? commit)
    {
        if (string.IsNullOrEmpty(repoUrl) || string.IsNullOrEmpty(commit))
        {
            WriteError(ErrorRecords.Create("PackSourceUnknown", reference,
                $"Pack '{reference}' was not installed from git, so where to install it from is not known.", "Install it by name, URL or folder."));
            return;
        }

        _requests.Add(new InstallRequest(repoUrl, _commandLineVersion ?? commit, null));
    }

    /// <summary>Get-Pack output binds its display Name; an installed pack's display name (any case) stands for its ref.</summary>
    private string MapInstalledDisplayName(string name)
    {
        if (PackRules.IsValidRef(name))
        {
            return name;
        }

        _installed ??= PackLocator.Scan(Settings);
        var packs = PackLookup.Find(_installed, name, allowWildcards: false).Packs;
        return packs.Count == 1 ? packs[0].Ref : name;
    }
}
