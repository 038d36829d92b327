namespace StackPack;

/// <summary>One problem Test-Pack found in a pack.</summary>
public sealed class PackTestProblem
{
    /// <summary>Error (the pack fails) or Warning.</summary>
    public string Severity { get; init; } = string.Empty;

    /// <summary>Syntax, PackMetadata, ConfigSchema, ExampleConfig, Content or Exchange.</summary>
    public string Check { get; init; } = string.Empty;

    /// <summary>Relative to the pack folder, with '/'.</summary>
    public string File { get; init; } = string.Empty;

    /// <summary>1-based; 0 when the problem is about the whole file.</summary>
    public int Line { get; init; }

    /// <summary>1-based; 0 when unknown.</summary>
    public int Column { get; init; }

    public string ErrorId { get; init; } = string.Empty;

    public string Message { get; init; } = string.Empty;

    public string RecommendedAction { get; init; } = string.Empty;

    public override string ToString()
    {
        var where = Line > 0 ? (Column > 0 ? $"{File}:{Line}:{Column}" : $"{File}:{Line}") : File;
        return $"{Severity} {where}: {Message} {RecommendedAction}".TrimEnd();
    }
}

/// <summary>What Test-Pack found in one pack.</summary>
public sealed class PackTestResult
{
    public string Pack { get; init; } = string.Empty;

    public string Path { get; init; } = string.Empty;

    /// <summary>No errors (warnings do not fail a pack).</summary>
    public bool Passed { get; init; }

    public int Errors { get; init; }

    public int Warnings { get; init; }

    public PackTestProblem[] Problems { get; init; } = [];

    public TimeSpan Duration { get; init; }

    public override string ToString() => $"{Pack} ({(Passed ? "passed" : "failed")})";
}
