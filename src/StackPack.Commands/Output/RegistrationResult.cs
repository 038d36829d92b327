using System.Collections;

namespace StackPack;

/// <summary>The kinds of pack content Register-Pack registers.</summary>
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

/// <summary>How one pack's registration went (Register-Pack -PassThru).</summary>
public sealed class RegistrationResult
{
    public string Pack { get; init; } = string.Empty;

    /// <summary>False when the pack failed to register (its previous registration stays).</summary>
    public bool Registered { get; init; }

    public int Actions { get; init; }

    public int Sensors { get; init; }

    public int Triggers { get; init; }

    public int Rules { get; init; }

    public int Aliases { get; init; }

    public int Policies { get; init; }

    /// <summary>1 when the pack's config file was registered (validated), else 0.</summary>
    public int Configs { get; init; }

    /// <summary>Refs of what the previous registration had and the pack no longer has.</summary>
    public string[] Removed { get; init; } = [];

    public string[] Warnings { get; init; } = [];

    public string[] Errors { get; init; } = [];

    /// <summary>How long registering took, as ISO 8601 (PT0.123S).</summary>
    public string Elapsed { get; init; } = "PT0S";

    /// <summary>StackStorm's own counts, with -StackStorm.</summary>
    public Hashtable? StackStorm { get; init; }

    public override string ToString() => $"{Pack} ({(Registered ? "registered" : "failed")})";
}
