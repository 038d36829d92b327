using StackPack.Engine.Packs;
using StackPack.Engine.Versions;

namespace StackPack.Engine.Install;

/// <summary>
/// The version pins met while planning: two different pins of one pack conflict, and a
/// dependency's pin must match what will be there (the planned pack, or the installed one).
/// </summary>
internal sealed class PlanPins(IReadOnlyDictionary<string, InstalledPack> installed, IReadOnlyDictionary<string, PlannedPack> planned)
{
    private readonly Dictionary<string, (string Version, string By)> _pins = new(StringComparer.Ordinal);

    /// <exception cref="PlanRefusedException">DependencyConflict.</exception>
    public void Check(string name, string? version, string? requiredBy)
    {
        if (version is null)
        {
            return;
        }

        var who = requiredBy is null ? "the request" : $"'{requiredBy}'";
        // A commit or branch pin (Get-Pack | Install-Pack pins each pack to its commit) and a
        // version pin are not compared as text: the version is checked against the pack.yaml below.
        if (_pins.TryGetValue(name, out var pin) && !PackVersion.Same(pin.Version, version) && SameKind(pin.Version, version))
        {
            throw PlanRefusedException.Conflict($"Pack '{name}' is wanted at two versions: {pin.Version} by {pin.By}, and {version} by {who}.", name);
        }

        _pins.TryAdd(name, (version, who));
        if (requiredBy is null || !PackVersion.TryParseSemantic(version, out _))
        {
            return; // a request decides for itself; a branch or commit pin cannot be compared with a version
        }

        if (planned.TryGetValue(name, out var already))
        {
            // Compared with what will really be there: the fetched pack.yaml, or the installed one if left alone.
            var plannedVersion = already.ResultManifest?.Version;
            if (plannedVersion is not null && !PackVersion.Same(plannedVersion, version))
            {
                throw PlanRefusedException.Conflict($"Pack '{name}' is to be installed at {plannedVersion}, but '{requiredBy}' requires {version}.", name);
            }

            return;
        }

        // A pack that stays installed had its pin met once: its dependency moved since, and is
        // moved back (unless another installed pack pins where it is now: see CheckInstalledPins).
        var dependantStays = planned.TryGetValue(requiredBy, out var dependant) && dependant.StaysInstalled;
        if (!dependantStays && installed.TryGetValue(name, out var present) && !PackVersion.Same(present.Manifest.Version, version))
        {
            throw PlanRefusedException.Conflict($"Pack '{name}' is installed at {present.Manifest.Version}, but '{requiredBy}' requires {version}.", name);
        }
    }

    private static bool SameKind(string a, string b) => PackVersion.TryParseSemantic(a, out _) == PackVersion.TryParseSemantic(b, out _);
}
