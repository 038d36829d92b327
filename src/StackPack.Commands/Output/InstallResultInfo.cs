namespace StackPack;

/// <summary>What happened to a pack in an install.</summary>
public enum PackInstallAction
{
    Installed,
    Upgraded,
    Downgraded,
    Reinstalled,

    /// <summary>Verified: at the planned commit, files as committed, virtualenv current, dependencies within their pins.</summary>
    Unchanged,

    /// <summary>At the planned commit, but something had drifted and was put right (see Repairs).</summary>
    Repaired,

    /// <summary>Removed by Install-Pack -PackSet -Exact: installed, but not in the set.</summary>
    Removed,
}

/// <summary>One pack of an Install-Pack run (dependencies included).</summary>
public sealed class InstallResult
{
    public string Ref { get; init; } = string.Empty;

    public string Version { get; init; } = string.Empty;

    /// <summary>The version installed before, if any.</summary>
    public string? PreviousVersion { get; init; }

    /// <summary>A <see cref="PackInstallAction"/> name: Installed, Upgraded, Downgraded, Reinstalled or Unchanged.</summary>
    public string Action { get; init; } = nameof(PackInstallAction.Installed);

    /// <summary>Where the pack came from, without credentials.</summary>
    public string Source { get; init; } = string.Empty;

    /// <summary>The checked-out commit, for git sources.</summary>
    public string? Commit { get; init; }

    /// <summary>The pack folder.</summary>
    public string Path { get; init; } = string.Empty;

    /// <summary>The packs whose dependencies brought this one in (empty when it was asked for).</summary>
    public string[] RequiredBy { get; init; } = [];

    /// <summary>The pack's virtualenv, if it has one.</summary>
    public string? VirtualEnv { get; init; }

    /// <summary>What was put right when Action is Repaired (e.g. a missing virtualenv rebuilt).</summary>
    public string[] Repairs { get; init; } = [];

    /// <summary>The name to pass on to Get-Pack, Register-Pack or Remove-Pack in a pipeline.</summary>
    public string Name => Ref;

    public override string ToString() => $"{Ref} {Version} {Action}";
}
