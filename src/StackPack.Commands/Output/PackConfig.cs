using System.Collections.Specialized;

namespace StackPack;

/// <summary>A pack's configuration (Get-PackConfig, Set-PackConfig -PassThru).</summary>
public sealed class PackConfig
{
    /// <summary>The pack's ref.</summary>
    public string Pack { get; init; } = string.Empty;

    /// <summary>The config file: &lt;configs&gt;/&lt;ref&gt;.yaml.</summary>
    public string Path { get; init; } = string.Empty;

    /// <summary>Whether the config file exists.</summary>
    public bool Exists { get; init; }

    /// <summary>Whether the pack has a config.schema.yaml.</summary>
    public bool HasSchema { get; init; }

    /// <summary>The values; secrets show as ******** unless -ShowSecret.</summary>
    public OrderedDictionary Values { get; init; } = new();

    /// <summary>Whether the values validate against the schema (true when there is no schema).</summary>
    public bool IsValid { get; init; }

    /// <summary>Why not: one line per problem, with the dotted path.</summary>
    public string[] Errors { get; init; } = [];

    /// <summary>True when schema defaults were applied, as StackStorm applies them at run time.</summary>
    public bool Effective { get; init; }

    /// <summary>Anything worth knowing, e.g. that there is no config file and these are the defaults.</summary>
    public string? Note { get; init; }

    public override string ToString() => $"{Pack} ({(IsValid ? "valid" : "invalid")})";
}
