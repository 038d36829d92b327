using StackPack.Engine.IO;
using StackPack.Engine.Packs;
using StackPack.Engine.Settings;

namespace StackPack.Engine.Install;

/// <summary>
/// Plans an install (<see cref="InstallPlanner"/>: nothing in the packs base paths changes) and
/// applies a plan, one pack at a time, each under its pack lock (<see cref="PackSwap"/>,
/// <see cref="PackRepair"/>), reporting each step (<see cref="Run"/>). configs/&lt;ref&gt;.yaml is
/// never touched.
/// </summary>
public sealed class PackInstaller : IDisposable
{
    private readonly StackPackSettings _settings;
    private readonly InstallOptions _options;
    private readonly CancellationToken _cancellation;
    private readonly StagingArea _staging;

    public PackInstaller(StackPackSettings settings, InstallOptions options, CancellationToken cancellation)
    {
        _settings = settings;
        _options = options;
        _cancellation = cancellation;
        _staging = options.Preview ? StagingArea.CreatePreview() : StagingArea.Create(options.Destination ?? settings.SystemPacksPath);
    }

    /// <summary>Resolves and fetches everything; nothing in the packs base paths changes.</summary>
    /// <exception cref="PlanRefusedException">The whole plan is refused (a conflict, content that would not register).</exception>
    public IReadOnlyList<PlannedPack> Plan()
    {
        var plan = new InstallPlanner(_settings, _options, _staging, PackLocator.Scan(_settings), _cancellation).Plan();
        return DestinationGuard.Apply(plan, _options);
    }

    /// <summary>
    /// Applies a plan: each step is confirmed, installed, registered (unless
    /// <see cref="InstallOptions.Registration"/> is null) and reported; a failed step fails the
    /// steps that depend on it, a declined one lets them go on with a note.
    /// </summary>
    public InstallRun Run(IReadOnlyList<PlannedPack> plan, IInstallReporter reporter) =>
        new PlanRun(this, _settings, _options, reporter, _cancellation).Apply(plan);

    /// <exception cref="StackPackException">The pack's own failure, PackLocked, VirtualEnvFailed.</exception>
    public InstallResult Execute(PlannedPack step)
    {
        if (step.Failure is not null)
        {
            throw step.Failure;
        }

        if (step.Action == InstallAction.Unchanged)
        {
            var unchanged = StepResults.For(step, StepResults.VirtualEnvFor(_settings, step.Ref));
            return _options.Preview ? unchanged : Recorded(step, unchanged);
        }

        if (step.Action == InstallAction.Repaired)
        {
            return new PackRepair(_settings, _options, _cancellation).Repair(step);
        }

        if (_options.Preview)
        {
            // Staged outside the packs path (another filesystem, maybe): never moved into place.
            throw new InvalidOperationException("A preview plan cannot be installed.");
        }

        try
        {
            return Recorded(step, new PackSwap(_settings, _options, _cancellation).Swap(step));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // The previous version is still in place: the exchange either happened whole or not at all.
            throw new StackPackException(e is UnauthorizedAccessException ? "PermissionDenied" : "InstallFailed",
                $"Cannot install pack '{step.Ref}' into '{step.TargetPath}': {e.Message}", step.Ref,
                "Check that you may write the packs base path and the virtualenvs folder, then install again.", e);
        }
    }

    /// <summary>Notes how the pack was asked for (Export-PackSet reads it); the pack is installed either way.</summary>
    private InstallResult Recorded(PlannedPack step, InstallResult result)
    {
        try
        {
            // The action the swap found (another process may have installed this commit meanwhile).
            new InstallRecordStore(_settings.StatePath).Write(step with { Action = result.Action });
            return result;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return result with { Warnings = [.. result.Warnings, $"Pack '{step.Ref}' is installed, but how it was asked for could not be recorded ({e.Message}): Export-PackSet will describe it by its git origin."] };
        }
    }

    /// <summary>Discards what a step staged (e.g. when -WhatIf or the user declined it).</summary>
    public static void Skip(PlannedPack step)
    {
        if (step.StagedPath is not null)
        {
            SafeTree.TryDelete(step.StagedPath);
        }
    }

    public void Dispose() => _staging.Dispose();
}
