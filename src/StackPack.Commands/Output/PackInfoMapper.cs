using StackPack.Engine.Packs;

namespace StackPack.Commands.Output;

/// <summary>Engine model to public output type.</summary>
internal static class PackInfoMapper
{
    /// <param name="latestVersion">The newest version its index offers, only when Get-Pack -Outdated asked.</param>
    public static PackInfo ToPackInfo(InstalledPack pack, string? latestVersion = null)
    {
        var manifest = pack.Manifest;
        return new PackInfo
        {
            Ref = manifest.Ref,
            LatestVersion = latestVersion,
            Name = manifest.Name,
            Version = manifest.Version,
            Description = manifest.Description,
            Author = manifest.Author,
            Email = manifest.Email,
            Keywords = manifest.Keywords.ToArray(),
            Dependencies = manifest.Dependencies.ToArray(),
            Contributors = manifest.Contributors.ToArray(),
            StackStormVersion = manifest.StackStormVersion,
            PythonVersions = manifest.PythonVersions.ToArray(),
            Path = pack.Path,
            BasePath = pack.BasePath,
            IsSystem = pack.IsSystem,
            Actions = pack.Content.Actions,
            Sensors = pack.Content.Sensors,
            Rules = pack.Content.Rules,
            Aliases = pack.Content.Aliases,
            Policies = pack.Content.Policies,
            Triggers = pack.Content.Triggers,
            HasConfigSchema = pack.HasConfigSchema,
            HasConfig = pack.ConfigFile is not null,
            ConfigPath = pack.ConfigFile,
            RepoUrl = pack.Git?.Origin,
            Commit = pack.Git?.Commit,
            Branch = pack.Git?.Branch,
            Tag = pack.Git?.Tag,
            RegistrationState = Portable.Name(pack.RegisteredAt is null ? PackRegistrationState.NotRegistered
                : pack.RegistrationStale ? PackRegistrationState.Stale : PackRegistrationState.Registered),
            RegisteredAt = pack.RegisteredAt,
        };
    }

    /// <summary>A pack folder whose pack.yaml cannot be read (Remove-Pack -PassThru): its folder name stands for ref and name; nothing else is known.</summary>
    public static PackInfo ToPackInfo(BrokenPack pack) => new()
    {
        Ref = pack.DirectoryName,
        Name = pack.DirectoryName,
        Path = pack.Path,
        BasePath = System.IO.Path.GetDirectoryName(pack.Path) ?? string.Empty,
        IsSystem = PackRules.IsSystemPack(pack.DirectoryName),
    };
}
