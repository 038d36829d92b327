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

    public static ErrorRecord Create(string errorId, ErrorCategory category, object? target, string message, string? recommendedAction = null)
    {
        var record = new ErrorRecord(new StackPackCommandException(message), errorId, category, target);
        if (recommendedAction is not null)
        {
            record.ErrorDetails = new ErrorDetails(message) { RecommendedAction = recommendedAction };
        }

        return record;
    }

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
        _ => ErrorCategory.NotSpecified,
    };
}

/// <summary>A failure detected by a cmdlet itself rather than by the engine.</summary>
public sealed class StackPackCommandException : Exception
{
    public StackPackCommandException(string message)
        : base(message)
    {
    }
}
