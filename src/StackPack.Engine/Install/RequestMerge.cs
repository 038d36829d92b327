using StackPack.Engine.Sources;

namespace StackPack.Engine.Install;

/// <summary>
/// One pack named twice in a request, once with a version and once without ("email,
/// email=2.0.2"): the pinned one is what the user meant, whatever the order.
/// </summary>
public static class RequestMerge
{
    public static IReadOnlyList<InstallRequest> PinsWin(IReadOnlyList<InstallRequest> requests, string baseDirectory)
    {
        var keyed = requests.Select(r => (Request: r, Key: KeyOf(r, baseDirectory))).ToList();
        var pinned = keyed.Where(k => k.Key is { Pinned: true }).Select(k => k.Key!.Value.Name).ToHashSet(StringComparer.Ordinal);
        return keyed.Where(k => k.Key is not { Pinned: false } key || !pinned.Contains(key.Name)).Select(k => k.Request).ToList();
    }

    /// <summary>The pack a request names and whether it gives a version; null when it cannot be parsed (the planner reports that).</summary>
    private static (string Name, bool Pinned)? KeyOf(InstallRequest request, string baseDirectory)
    {
        try
        {
            var source = PackSource.Parse(request.Text, request.Version, baseDirectory);
            return (DependencyName.Of(source.Kind == PackSourceKind.IndexName ? source.Name! : source.Location!), source.Version is not null);
        }
        catch (StackPackException)
        {
            return null;
        }
    }
}
