namespace StackPack.Engine.Install;

/// <summary>What a step of a plan did, as the result the user sees.</summary>
internal static class StepResults
{
    public static InstallResult For(PlannedPack step, string? virtualEnv) => new()
    {
        Ref = step.Ref,
        Version = step.ResultVersion ?? string.Empty,
        PreviousVersion = step.Installed?.Manifest.Version,
        Action = step.Action,
        Source = step.SourceDisplay,
        Commit = step.Commit,
        Path = step.TargetPath,
        RequiredBy = step.RequiredBy.Distinct().ToList(),
        VirtualEnv = virtualEnv,
        Warnings = VersionWarning(step),
        Repairs = step.Repairs.ToList(),
    };

    /// <summary>The pack's virtualenv, when it has one now.</summary>
    public static string? VirtualEnvFor(Settings.StackPackSettings settings, string reference)
    {
        var path = Path.Combine(settings.VirtualEnvsPath, reference);
        return Directory.Exists(path) ? path : null;
    }

    private static IReadOnlyList<string> VersionWarning(PlannedPack step) =>
        step.Version is { } asked && step.Checkout?.Tag is not null && step.Manifest is not null &&
        !Versions.PackVersion.Same(asked, step.Manifest.Version)
            ? [$"Pack '{step.Ref}': version {asked} was asked for, but its pack.yaml says {step.Manifest.Version}."]
            : [];
}
