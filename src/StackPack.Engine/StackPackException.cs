namespace StackPack.Engine;

/// <summary>What kind of failure, so the cmdlets can pick a PowerShell error category.</summary>
public enum ErrorKind
{
    InvalidArgument,
    InvalidData,
    NotFound,
    ResourceUnavailable,
    Authentication,
    PermissionDenied,
    Conflict,
    Locked,
    Cancelled,
    Failed,
}

/// <summary>
/// A failure the user can act on. <see cref="ErrorId"/> is a stable public contract
/// (it becomes the FullyQualifiedErrorId), <see cref="Target"/> is what failed (a pack,
/// a file), and <see cref="RecommendedAction"/> says what to do about it.
/// </summary>
public class StackPackException : Exception
{
    public StackPackException(string errorId, ErrorKind kind, string message, object? target = null,
        string? recommendedAction = null, Exception? inner = null)
        : base(message, inner)
    {
        ErrorId = errorId;
        Kind = kind;
        Target = target;
        RecommendedAction = recommendedAction;
    }

    public string ErrorId { get; }

    public ErrorKind Kind { get; }

    public object? Target { get; }

    public string? RecommendedAction { get; }
}
