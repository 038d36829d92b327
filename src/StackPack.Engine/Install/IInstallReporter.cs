using StackPack.Engine.Registration;

namespace StackPack.Engine.Install;

/// <summary>
/// What applying a plan needs from whoever asked for it (the cmdlet): a yes or no for each
/// change (ShouldProcess: -WhatIf, -Confirm), progress, and where warnings, notes, failures and
/// results go. Failures are reported, never thrown: one pack's failure lets the plan go on.
/// </summary>
public interface IInstallReporter : IRegistrationReporter
{
    /// <summary>The plan reached a step: <paramref name="done"/> of <paramref name="total"/> steps are behind it.</summary>
    void StepStarted(string status, int done, int total);

    /// <summary>Whether to make this change (false: declined, or -WhatIf).</summary>
    bool ShouldProcess(string target, string action);

    /// <summary>What one step did.</summary>
    void Installed(InstallResult result);
}

/// <summary>How applying a plan went.</summary>
/// <param name="Plan">The plan applied.</param>
/// <param name="Failed">Refs of the steps that failed (their own failure, or a dependency's).</param>
/// <param name="Declined">Refs of the steps declined (-WhatIf, -Confirm).</param>
/// <param name="Errors">How many failures were reported (steps, registrations, local edits).</param>
public sealed record InstallRun(IReadOnlyList<PlannedPack> Plan, IReadOnlySet<string> Failed, IReadOnlySet<string> Declined, int Errors)
{
    /// <summary>Nothing failed (declined steps aside).</summary>
    public bool Succeeded => Errors == 0 && Failed.Count == 0;

    public bool DeclinedAny => Declined.Count > 0;
}
