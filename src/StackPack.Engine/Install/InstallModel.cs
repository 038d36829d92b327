using StackPack.Engine.Git;

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

    /// <summary>How to register each installed pack after its install; null not to register (-NoRegister).</summary>
    public Registration.RegisterOptions? Registration { get; init; }

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
