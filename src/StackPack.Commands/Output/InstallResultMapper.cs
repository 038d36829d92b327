namespace StackPack.Commands.Output;

/// <summary>Engine install results as the objects Install-Pack and Update-Pack write.</summary>
internal static class InstallResultMapper
{
    public static StackPack.InstallResult ToOutput(Engine.Install.InstallResult result) => new()
    {
        Ref = result.Ref,
        Version = result.Version,
        PreviousVersion = result.PreviousVersion,
        Action = Portable.Name<PackInstallAction>(result.Action),
        Source = result.Source,
        Commit = result.Commit,
        Path = result.Path,
        RequiredBy = result.RequiredBy.ToArray(),
        VirtualEnv = result.VirtualEnv,
        Repairs = result.Repairs.ToArray(),
    };
}
