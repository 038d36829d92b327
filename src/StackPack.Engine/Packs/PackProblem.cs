namespace StackPack.Engine.Packs;

public enum ProblemSeverity
{
    /// <summary>StackStorm would refuse the pack.</summary>
    Error,

    /// <summary>The pack loads, but something will bite later (for example at registration).</summary>
    Warning,
}

/// <summary>One thing wrong with a metadata file: which file, which field, where, why, and the fix.</summary>
/// <param name="Column">1-based, when known (0 otherwise): pipeline annotations point at it.</param>
public sealed record PackProblem(string File, string Field, int Line, string Message, string Fix, ProblemSeverity Severity, int Column = 0)
{
    public override string ToString()
    {
        var where = Line > 0 ? $"{File}:{Line}" : File;
        var field = string.IsNullOrEmpty(Field) ? string.Empty : $"'{Field}' ";
        return $"{where}: {field}{Message} {Fix}".TrimEnd();
    }
}

/// <summary>A pack.yaml that StackStorm would refuse; <see cref="Problems"/> lists every reason at once.</summary>
public sealed class InvalidPackMetadataException : StackPackException
{
    public InvalidPackMetadataException(string file, IReadOnlyList<PackProblem> problems, string? target = null)
        : base("InvalidPackMetadata", BuildMessage(file, problems), target ?? file,
            problems.FirstOrDefault(p => p.Severity == ProblemSeverity.Error)?.Fix)
    {
        File = file;
        Problems = problems;
    }

    public string File { get; }

    public IReadOnlyList<PackProblem> Problems { get; }

    private static string BuildMessage(string file, IReadOnlyList<PackProblem> problems)
    {
        var errors = problems.Where(p => p.Severity == ProblemSeverity.Error).ToList();
        if (errors.Count == 1)
        {
            return $"Invalid pack metadata: {errors[0]}";
        }

        return $"Invalid pack metadata in '{file}' ({errors.Count} problems):" + string.Concat(errors.Select(e => "\n  - " + e));
    }
}
