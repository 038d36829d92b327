using StackPack.Engine.Index;

namespace StackPack.Commands.Output;

/// <summary>Engine index models to public output types.</summary>
internal static class IndexInfoMapper
{
    public static IndexPackInfo ToIndexPackInfo(IndexPackEntry entry, MatchRank? match) => new()
    {
        Name = entry.Name,
        Ref = entry.Ref,
        DisplayName = entry.DisplayName,
        Version = entry.Version,
        Versions = entry.Versions.ToArray(),
        Description = entry.Description,
        Author = entry.Author,
        Email = entry.Email,
        Keywords = entry.Keywords.ToArray(),
        RepoUrl = entry.RepoUrl,
        Actions = entry.Content.Actions,
        Sensors = entry.Content.Sensors,
        Rules = entry.Content.Rules,
        Aliases = entry.Content.Aliases,
        Policies = entry.Content.Policies,
        Triggers = entry.Content.Triggers,
        StackStormVersion = entry.StackStormVersion,
        PythonVersions = entry.PythonVersions.ToArray(),
        Dependencies = entry.Dependencies.ToArray(),
        Contributors = entry.Contributors.ToArray(),
        IndexUrl = entry.IndexUrl,
        Match = match?.ToString(),
    };

    public static PackIndexInfo ToPackIndexInfo(IndexSourceResult result, int priority) => new()
    {
        Url = result.Url,
        Status = Portable.Name<PackIndexStatus>(result.Status),
        PackCount = result.PackCount,
        Message = result.Message,
        FromCache = result.FromCache,
        CacheAge = Portable.Duration(result.CacheAge),
        FetchedAt = result.FetchedAt,
        Elapsed = Portable.Duration(result.Elapsed),
        Priority = priority,
    };
}
