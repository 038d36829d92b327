using StackPack.Engine.Git;
using StackPack.Engine.Index;
using StackPack.Engine.Packs;
using StackPack.Engine.Sources;

namespace StackPack.Engine.Install;

/// <summary>
/// One pack of a plan, in install order (dependencies first). Immutable: the planner makes a
/// new record at each step it learns something (its real ref, its action, a warning), and the
/// installer never changes the plan it was given.
/// </summary>
public sealed record PlannedPack
{
    /// <summary>The pack's ref as its pack.yaml says (or as expected from the request when it was not fetched, or the text shown when it failed).</summary>
    public required string Ref { get; init; }

    /// <summary>The parsed request; null only for a failed pack whose text was not a source at all.</summary>
    public PackSource? Source { get; init; }

    /// <summary>Where the pack comes from, without credentials.</summary>
    public required string SourceDisplay { get; init; }

    /// <summary>The location to fetch (credential-free URL, or a folder).</summary>
    public string? FetchLocation { get; init; }

    /// <summary>The index entry the pack was found through (null for a URL or folder).</summary>
    public IndexPackEntry? IndexEntry { get; init; }

    /// <summary>The index sources this pack's own dependencies are looked up in (those of the request that brought it).</summary>
    public IReadOnlyList<string>? IndexUrls { get; init; }

    /// <summary>What the user must hear about this pack even in a preview (e.g. a system pack replaced with -Force).</summary>
    public IReadOnlyList<string> Warnings { get; init; } = [];

    /// <summary>The version to check out (a tag, branch or commit; null for the default branch).</summary>
    public string? Version { get; init; }

    public PackManifest? Manifest { get; init; }

    /// <summary>The staged checkout, ready to move into place.</summary>
    public string? StagedPath { get; init; }

    public GitCheckout? Checkout { get; init; }

    /// <summary>The copy installed now, if any.</summary>
    public InstalledPack? Installed { get; init; }

    public required string TargetPath { get; init; }

    public InstallAction Action { get; init; }

    /// <summary>The packs whose dependencies brought this one in (empty when it was asked for).</summary>
    public IReadOnlyList<string> RequiredBy { get; init; } = [];

    /// <summary>The refs this pack depends on in this plan.</summary>
    public IReadOnlyList<string> DependsOn { get; init; } = [];

    /// <summary>What drifted and will be put right (Action Repaired), in words for -WhatIf and the result.</summary>
    public IReadOnlyList<string> Repairs { get; init; } = [];

    /// <summary>Files that differ from the installed commit (kept: only -Force discards them).</summary>
    public IReadOnlyList<string> LocalEdits { get; init; } = [];

    /// <summary>Set when this pack cannot be installed; the rest of the plan goes on without it.</summary>
    public StackPackException? Failure { get; init; }

    /// <summary>The pack is left in place as installed (verified, maybe repaired): nothing is fetched or swapped.</summary>
    public bool StaysInstalled => Action is InstallAction.Unchanged or InstallAction.Repaired;

    /// <summary>The pack.yaml that will be in place after the plan: the fetched one, or the installed one if it stays.</summary>
    public PackManifest? ResultManifest => Manifest ?? (StaysInstalled ? Installed?.Manifest : null);

    public string? Commit => Checkout?.Commit ?? (StaysInstalled ? Installed?.Git?.Commit : null);

    public string? ResultVersion => Manifest?.Version ?? Installed?.Manifest.Version;

    public PlannedPack WithWarnings(IEnumerable<string> warnings) => this with { Warnings = [.. Warnings, .. warnings] };

    /// <summary>A pack that could not be planned at all (not found, not a source, fetch failed): only what to show, and why.</summary>
    public static PlannedPack Failed(string shown, StackPackException failure, IReadOnlyList<string> warnings) =>
        new() { Ref = shown, SourceDisplay = shown, TargetPath = string.Empty, Failure = failure, Warnings = warnings };
}
