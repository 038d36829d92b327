using StackPack.Engine.Git;
using StackPack.Engine.Packs;
using StackPack.Engine.Sources;

namespace StackPack.Engine.Install;

/// <summary>One pack the user asked for: the text as typed, and a -Version / -IndexUrl that came with it.</summary>
public sealed record InstallRequest(string Text, string? Version = null, IReadOnlyList<string>? IndexUrls = null);

/// <summary>How to install.</summary>
public sealed record InstallOptions
{
    public required IReadOnlyList<InstallRequest> Requests { get; init; }

    /// <summary>Reinstall what is already there, and skip the StackStorm/Python version checks (as st2's --force).</summary>
    public bool Force { get; init; }

    public bool SkipDependencies { get; init; }

    public bool SkipVirtualEnv { get; init; }

    public GitCredentials? Credentials { get; init; }

    /// <summary>Index sources for short names, for the whole plan (dependencies too); null for the configured ones.</summary>
    public IReadOnlyList<string>? IndexUrls { get; init; }

    /// <summary>A preview (-WhatIf): fetches go to a temporary folder outside the packs path, and nothing is installed.</summary>
    public bool Preview { get; init; }

    /// <summary>A fetch that receives nothing for this long is given up; null for the setting (fetch_timeout).</summary>
    public TimeSpan? FetchTimeout { get; init; }

    /// <summary>The packs base path to install into; null for the system packs path.</summary>
    public string? Destination { get; init; }

    /// <summary>How long to wait for another process that is changing the same pack.</summary>
    public TimeSpan LockTimeout { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>Relative folders are resolved against this (the PowerShell location).</summary>
    public required string BaseDirectory { get; init; }

    public IProgress<InstallProgress>? Progress { get; init; }

    /// <summary>Check each fetched pack's content as Register-Pack would (off with -NoRegister).</summary>
    public bool ValidateContent { get; init; } = true;

    /// <summary>-Refresh: download every index in full (an install always revalidates them with a conditional request).</summary>
    public bool RefreshIndexes { get; init; }
}

/// <summary>Progress of the plan (which pack) and of one transfer.</summary>
public readonly record struct InstallProgress(string Pack, string Activity, GitTransferProgress? Transfer);

public enum InstallAction
{
    Installed,
    Upgraded,
    Downgraded,
    Reinstalled,

    /// <summary>Verified: at the planned commit, files as committed, virtualenv current, dependencies within their pins.</summary>
    Unchanged,

    /// <summary>At the planned commit, but something had drifted (e.g. its virtualenv) and was put right; see Repairs.</summary>
    Repaired,
}

/// <summary>One pack of a plan, in install order (dependencies first).</summary>
public sealed class PlannedPack
{
    /// <summary>The pack's ref: first as expected from the request, then as its pack.yaml says.</summary>
    public required string Ref { get; set; }

    public required PackSource Source { get; init; }

    /// <summary>Where the pack comes from, without credentials.</summary>
    public required string SourceDisplay { get; init; }

    /// <summary>The location to fetch (credential-free URL, or a folder).</summary>
    public string? FetchLocation { get; init; }

    /// <summary>The index entry the pack was found through (null for a URL or folder).</summary>
    public Index.IndexPackEntry? IndexEntry { get; init; }

    /// <summary>The index sources this pack's own dependencies are looked up in (those of the request that brought it).</summary>
    public IReadOnlyList<string>? IndexUrls { get; set; }

    /// <summary>What the user must hear about this pack even in a preview (e.g. a system pack replaced with -Force).</summary>
    public List<string> Warnings { get; } = new();

    /// <summary>The version to check out (a tag, branch or commit; null for the default branch).</summary>
    public string? Version { get; init; }

    public PackManifest? Manifest { get; set; }

    /// <summary>The staged checkout, ready to move into place.</summary>
    public string? StagedPath { get; set; }

    public GitCheckout? Checkout { get; set; }

    /// <summary>The copy installed now, if any.</summary>
    public InstalledPack? Installed { get; set; }

    public required string TargetPath { get; set; }

    public InstallAction Action { get; set; }

    /// <summary>The packs whose dependencies brought this one in (empty when it was asked for).</summary>
    public List<string> RequiredBy { get; } = new();

    /// <summary>The refs this pack depends on in this plan.</summary>
    public List<string> DependsOn { get; } = new();

    /// <summary>What drifted and will be put right (Action Repaired), in words for -WhatIf and the result.</summary>
    public List<string> Repairs { get; } = new();

    /// <summary>Files that differ from the installed commit (kept: only -Force discards them).</summary>
    public IReadOnlyList<string> LocalEdits { get; set; } = [];

    /// <summary>Set when this pack cannot be installed; the rest of the plan goes on without it.</summary>
    public StackPackException? Failure { get; set; }

    /// <summary>The pack is left in place as installed (verified, maybe repaired): nothing is fetched or swapped.</summary>
    public bool StaysInstalled => Action is InstallAction.Unchanged or InstallAction.Repaired;

    /// <summary>The pack.yaml that will be in place after the plan: the fetched one, or the installed one if it stays.</summary>
    public PackManifest? ResultManifest => Manifest ?? (StaysInstalled ? Installed?.Manifest : null);

    public string? Commit => Checkout?.Commit ?? (StaysInstalled ? Installed?.Git?.Commit : null);

    public string? ResultVersion => Manifest?.Version ?? Installed?.Manifest.Version;
}

/// <summary>What installing one pack did.</summary>
public sealed record InstallResult
{
    public required string Ref { get; init; }

    public required string Version { get; init; }

    public string? PreviousVersion { get; init; }

    public required InstallAction Action { get; init; }

    /// <summary>Where it came from, without credentials.</summary>
    public required string Source { get; init; }

    public string? Commit { get; init; }

    public required string Path { get; init; }

    public IReadOnlyList<string> RequiredBy { get; init; } = [];

    public string? VirtualEnv { get; init; }

    public IReadOnlyList<string> Warnings { get; init; } = [];

    /// <summary>What was put right (Action Repaired).</summary>
    public IReadOnlyList<string> Repairs { get; init; } = [];
}

/// <summary>
/// A problem that refuses the whole plan before anything changes (a version conflict, content
/// that would not register): unlike one pack's failure, it never lets the rest go on.
/// </summary>
public sealed class PlanRefusedException : StackPackException
{
    public PlanRefusedException(string errorId, string message, string? target, string recommendedAction)
        : base(errorId, message, target, recommendedAction)
    {
    }

    public static PlanRefusedException Conflict(string message, string name) =>
        new("DependencyConflict", message + " Nothing was installed.", name,
            "Install the version both need (name=version), upgrade the pack that pins it first, or use -Force (or -SkipDependencies).");
}
