using StackPack.Engine.Packs;

namespace StackPack.Engine.Testing;

/// <summary>The checks Test-Pack runs, in the order it runs them (and the order of the JUnit test cases).</summary>
public enum PackCheck
{
    /// <summary>Every .yaml, .yml and .json file parses.</summary>
    Syntax,

    /// <summary>pack.yaml as st2 validates it.</summary>
    PackMetadata,

    /// <summary>config.schema.yaml as st2 validates it.</summary>
    ConfigSchema,

    /// <summary>&lt;ref&gt;.yaml.example validates against the schema (Jinja accepted).</summary>
    ExampleConfig,

    /// <summary>Actions, sensors, triggers, rules, aliases and policies as Register-Pack validates them.</summary>
    Content,

    /// <summary>The StackStorm Exchange's publication rules (only with -Exchange).</summary>
    Exchange,
}

/// <summary>One problem Test-Pack found: which check, which file (relative to the pack), where, why, and the fix.</summary>
public sealed record PackTestProblem
{
    public required ProblemSeverity Severity { get; init; }

    public required PackCheck Check { get; init; }

    /// <summary>Relative to the pack folder, with '/' separators.</summary>
    public required string File { get; init; }

    /// <summary>1-based; 0 when the problem is about the whole file.</summary>
    public int Line { get; init; }

    /// <summary>1-based; 0 when unknown.</summary>
    public int Column { get; init; }

    public required string ErrorId { get; init; }

    public required string Message { get; init; }

    public string RecommendedAction { get; init; } = string.Empty;

    public override string ToString()
    {
        var where = Line > 0 ? (Column > 0 ? $"{File}:{Line}:{Column}" : $"{File}:{Line}") : File;
        return $"{where}: {Message} {RecommendedAction}".TrimEnd();
    }
}

/// <summary>What Test-Pack found in one pack.</summary>
public sealed record PackTestReport
{
    /// <summary>The pack's ref (the folder name when pack.yaml cannot be read).</summary>
    public required string Pack { get; init; }

    public required string Path { get; init; }

    /// <summary>The checks that ran (Exchange only when asked for).</summary>
    public required IReadOnlyList<PackCheck> Checks { get; init; }

    /// <summary>Ordered by check, file, line, column.</summary>
    public required IReadOnlyList<PackTestProblem> Problems { get; init; }

    public TimeSpan Duration { get; init; }

    public int Errors => Problems.Count(p => p.Severity == ProblemSeverity.Error);

    public int Warnings => Problems.Count(p => p.Severity == ProblemSeverity.Warning);

    public bool Passed => Errors == 0;
}

/// <summary>What Test-Pack checks, and how far it reads.</summary>
public sealed record PackTestOptions
{
    /// <summary>Also check the StackStorm Exchange's publication rules.</summary>
    public bool Exchange { get; init; }

    /// <summary>
    /// Larger .yaml/.yml/.json files are a problem, not parsed. The same limit as registration's
    /// (<see cref="Yaml.StructuredFile.MaxBytes"/>): Test-Pack passes what Register-Pack reads.
    /// </summary>
    public long MaxFileBytes { get; init; } = Yaml.StructuredFile.MaxBytes;
}
