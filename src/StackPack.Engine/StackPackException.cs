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

    /// <summary>Not installed because something it needs was not.</summary>
    NotInstalled,

    /// <summary>A file could not be written.</summary>
    WriteFailed,
    Failed,
}

/// <summary>
/// A failure the user can act on, and the one exception type that reaches the user.
/// <see cref="ErrorId"/> is a stable public contract (it becomes the FullyQualifiedErrorId) and
/// decides the kind through <see cref="ErrorCatalog"/>; <see cref="Target"/> is what failed (a
/// pack, a file, a URL), and <see cref="RecommendedAction"/> says what to do about it.
/// </summary>
public class StackPackException : Exception
{
    public StackPackException(string errorId, string message, string? target = null,
        string? recommendedAction = null, Exception? inner = null)
        : base(message, inner)
    {
        ErrorId = errorId;
        Kind = ErrorCatalog.KindOf(errorId);
        Target = target;
        RecommendedAction = recommendedAction;
    }

    public string ErrorId { get; }

    public ErrorKind Kind { get; }

    public string? Target { get; }

    public string? RecommendedAction { get; }
}
