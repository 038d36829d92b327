using StackPack.Engine.Packs;

namespace StackPack.Engine.Registration;

/// <summary>The kinds of pack content st2 registers.</summary>
public enum ContentType
{
    Action,
    Sensor,
    Trigger,
    Rule,
    Alias,
    Policy,
    Config,
}

/// <summary>One registered resource: what it is, where it came from, and its key fields.</summary>
public sealed record RegisteredItem
{
    public required ContentType Type { get; init; }

    /// <summary>pack.name, as StackStorm refers to it.</summary>
    public required string Ref { get; init; }

    public required string Name { get; init; }

    /// <summary>The metadata file, relative to the pack.</summary>
    public required string File { get; init; }

    public bool Enabled { get; init; } = true;

    /// <summary>Key fields: runner_type and entry_point for actions, trigger and action for rules, and so on.</summary>
    public Dictionary<string, string> Fields { get; init; } = new(StringComparer.Ordinal);
}

/// <summary>What a pack provides, as last registered. Replaced whole at each registration.</summary>
public sealed record PackRegistration
{
    public required string Pack { get; init; }

    public required string Version { get; init; }

    public required string Path { get; init; }

    public required DateTimeOffset RegisteredAt { get; init; }

    /// <summary>Paths, sizes and times of the pack's files (st2's file list: ".git" and *.pyc aside): tells Get-Pack whether the pack changed since.</summary>
    public required string Fingerprint { get; init; }

    public required List<string> Files { get; init; }

    public required List<RegisteredItem> Items { get; init; }

    /// <summary>The config schema's attribute names, when the pack has one.</summary>
    public List<string>? ConfigSchema { get; init; }

    /// <summary>Whether configs/&lt;ref&gt;.yaml validated; null when there is no config file.</summary>
    public bool? ConfigValid { get; init; }

    public int Count(ContentType type) => Items.Count(i => i.Type == type);
}

/// <summary>How a pack's registration went.</summary>
public sealed record RegistrationOutcome
{
    public required string Pack { get; init; }

    /// <summary>The new record; null when the registration failed (the previous one stays).</summary>
    public PackRegistration? Registration { get; init; }

    /// <summary>Refs of items the previous registration had and this one no longer has.</summary>
    public IReadOnlyList<string> Removed { get; init; } = [];

    public IReadOnlyList<Packs.PackProblem> Warnings { get; init; } = [];

    public IReadOnlyList<Packs.PackProblem> Errors { get; init; } = [];

    public TimeSpan Elapsed { get; init; }

    public bool Succeeded => Registration is not null;
}

/// <summary>What to register.</summary>
public sealed record RegisterOptions
{
    /// <summary>The content types to register; empty for all.</summary>
    public IReadOnlySet<ContentType> Types { get; init; } = new HashSet<ContentType>();

    /// <summary>Register the good files and report the bad ones as warnings, instead of failing the pack.</summary>
    public bool ContinueOnError { get; init; }

    public TimeSpan LockTimeout { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// Parse a pack's files on every core (the default, for one pack). False when the packs
    /// themselves already run one per core: a parallel loop nested in another blocks pool threads,
    /// and the pool answers with more threads that only contend.
    /// </summary>
    internal bool ParallelFiles { get; init; } = true;

    public bool Includes(ContentType type) => Types.Count == 0 || Types.Contains(type);
}

/// <summary>One pack's registration: its outcome, or the error that stopped it (never both).</summary>
public sealed record RegistrationAttempt(InstalledPack Pack, RegistrationOutcome? Outcome, StackPackException? Error);
