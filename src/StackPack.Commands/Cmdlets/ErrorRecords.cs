using System.Management.Automation;
using StackPack.Engine;

namespace StackPack.Commands.Cmdlets;

/// <summary>Turns engine failures into PowerShell error records with stable ids.</summary>
internal static class ErrorRecords
{
    public static ErrorRecord From(StackPackException exception)
    {
        var record = new ErrorRecord(exception, exception.ErrorId, CategoryOf(exception.Kind), exception.Target);
        if (exception.RecommendedAction is { Length: > 0 } action)
        {
            record.ErrorDetails = new ErrorDetails(exception.Message) { RecommendedAction = action };
        }

        return record;
    }

    /// <summary>An error the cmdlet itself detected: the same exception type and categories as the engine's.</summary>
    public static ErrorRecord Create(string errorId, string? target, string message, string? recommendedAction = null) =>
        From(new StackPackException(errorId, message, target, recommendedAction));

    private static ErrorCategory CategoryOf(ErrorKind kind) => kind switch
    {
        ErrorKind.InvalidArgument => ErrorCategory.InvalidArgument,
        ErrorKind.InvalidData => ErrorCategory.InvalidData,
        ErrorKind.NotFound => ErrorCategory.ObjectNotFound,
        ErrorKind.ResourceUnavailable => ErrorCategory.ResourceUnavailable,
        ErrorKind.Authentication => ErrorCategory.AuthenticationError,
        ErrorKind.PermissionDenied => ErrorCategory.PermissionDenied,
        ErrorKind.Conflict => ErrorCategory.ResourceExists,
        ErrorKind.Locked => ErrorCategory.ResourceBusy,
        ErrorKind.Cancelled => ErrorCategory.OperationStopped,
        ErrorKind.NotInstalled => ErrorCategory.NotInstalled,
        ErrorKind.WriteFailed => ErrorCategory.WriteError,
        _ => ErrorCategory.NotSpecified,
    };
}
