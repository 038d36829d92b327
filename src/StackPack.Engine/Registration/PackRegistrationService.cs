using StackPack.Engine.Packs;
using StackPack.Engine.Settings;

namespace StackPack.Engine.Registration;

/// <summary>Where a registration's warnings, progress notes and failures go (the cmdlet that asked).</summary>
public interface IRegistrationReporter
{
    void Warning(string text);

    void Verbose(string text);

    /// <summary>A failure of one pack; the others go on.</summary>
    void Failed(StackPackException failure);
}

/// <summary>
/// Registers packs and tells the reporter how each went, in the order given: the one way to
/// register for Register-Pack and for Install-Pack and Update-Pack after they installed a pack.
/// A pack whose files have errors keeps its previous registration and is reported as
/// RegistrationFailed.
/// </summary>
public sealed class PackRegistrationService(StackPackSettings settings, IRegistrationReporter reporter)
{
    /// <summary>Registers one pack; its outcome when registration ran (succeeded or not), null when it could not run.</summary>
    public RegistrationOutcome? Register(InstalledPack pack, RegisterOptions options, CancellationToken cancellation)
    {
        RegistrationAttempt attempt;
        try
        {
            attempt = new RegistrationAttempt(pack, PackRegistrar.Register(settings, pack, options, cancellation), null);
        }
        catch (StackPackException e)
        {
            attempt = new RegistrationAttempt(pack, null, e);
        }

        return Report(attempt);
    }

    /// <summary>Registers the packs in parallel, then reports each in the order given; the outcomes of those that ran.</summary>
    public IReadOnlyList<RegistrationOutcome> RegisterAll(IReadOnlyList<InstalledPack> packs, RegisterOptions options, CancellationToken cancellation) =>
        PackRegistrar.RegisterAll(settings, packs, options, cancellation).Select(Report).OfType<RegistrationOutcome>().ToList();

    /// <summary>Reports one pack's registration warnings and failure; the outcome when it ran.</summary>
    private RegistrationOutcome? Report(RegistrationAttempt attempt)
    {
        var pack = attempt.Pack;
        if (attempt.Outcome is not { } outcome)
        {
            reporter.Failed(attempt.Error!);
            return null;
        }

        foreach (var warning in outcome.Warnings)
        {
            reporter.Warning($"Pack '{pack.Ref}': {warning}");
        }

        if (!outcome.Succeeded)
        {
            reporter.Failed(new StackPackException("RegistrationFailed",
                $"Pack '{pack.Ref}' was not registered; its previous registration stays as it was:" + string.Concat(outcome.Errors.Select(e => "\n  - " + e)), pack.Ref,
                "Fix the files named, or use Register-Pack -ContinueOnError to register the good files."));
        }
        else
        {
            reporter.Verbose($"Registered pack '{pack.Ref}': {outcome.Registration!.Items.Count} items in {outcome.Elapsed.TotalMilliseconds:0} ms{(outcome.Removed.Count > 0 ? $"; removed {string.Join(", ", outcome.Removed)}" : string.Empty)}.");
        }

        return outcome;
    }
}
