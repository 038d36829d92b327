using StackPack.Engine.Versions;

namespace StackPack.Engine.Install;

/// <summary>What the graph knows of one planned pack: the version the plan leaves in place (null when not known), and whether it stays as installed.</summary>
public readonly record struct GraphPack(string? Version, bool StaysInstalled);

/// <summary>
/// The packs of a plan and who depends on whom, by ref only: install order (dependencies
/// first, a cycle tolerated), the version pins met while planning (two different pins of one
/// pack conflict, a pin must match what will be there) and the spreading of a failure to the
/// packs that need it. Pure: no files, no git, no network, so every rule is unit-tested alone.
/// </summary>
public sealed class DependencyGraph
{
    /// <summary>How deep dependencies may nest below a pack asked for (as st2's install workflow).</summary>
    public const int MaxDepth = 10;

    private readonly IReadOnlyDictionary<string, string> _installedVersions;
    private readonly Dictionary<string, GraphPack> _packs = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<string>> _dependencies = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<string>> _dependants = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (string Version, string By)> _pins = new(StringComparer.Ordinal);

    /// <param name="installedVersions">The pack.yaml version of each installed pack, by ref.</param>
    public DependencyGraph(IReadOnlyDictionary<string, string> installedVersions)
    {
        _installedVersions = installedVersions;
    }

    /// <summary>Adds a pack, or updates what is known of it.</summary>
    public void Set(string reference, GraphPack pack) => _packs[reference] = pack;

    public bool Contains(string reference) => _packs.ContainsKey(reference);

    /// <summary>Whether the pack's dependencies were listed already (each pack is followed once: a cycle ends there).</summary>
    public bool HasDependencies(string reference) => _dependencies.ContainsKey(reference);

    /// <summary>Starts the pack's dependency list (empty until <see cref="AddDependency"/>).</summary>
    public void BeginDependencies(string reference) => _dependencies.TryAdd(reference, new List<string>());

    public void AddDependency(string dependant, string dependency)
    {
        BeginDependencies(dependant);
        _dependencies[dependant].Add(dependency);
        if (!_dependants.TryGetValue(dependency, out var by))
        {
            _dependants[dependency] = by = new List<string>();
        }

        by.Add(dependant);
    }

    public IReadOnlyList<string> DependenciesOf(string reference) => _dependencies.GetValueOrDefault(reference) ?? [];

    /// <summary>The packs that depend on this one, each once, in the order they were met.</summary>
    public IReadOnlyList<string> DependantsOf(string reference) => (_dependants.GetValueOrDefault(reference) ?? []).Distinct(StringComparer.Ordinal).ToList();

    /// <exception cref="PlanRefusedException">DependencyConflict: dependencies nest deeper than <see cref="MaxDepth"/>.</exception>
    public static void CheckDepth(string reference, int depth)
    {
        if (depth >= MaxDepth)
        {
            throw new PlanRefusedException("DependencyConflict", $"Dependencies nest deeper than {MaxDepth} levels below '{reference}' (a cycle?).", reference, "Check the packs' dependencies.");
        }
    }

    /// <summary>
    /// Records a version pin of <paramref name="name"/> (by a request when <paramref name="requiredBy"/>
    /// is null) and checks it against the other pins and against what will be there.
    /// </summary>
    /// <exception cref="PlanRefusedException">DependencyConflict.</exception>
    public void Pin(string name, string? version, string? requiredBy)
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

        if (_packs.TryGetValue(name, out var planned))
        {
            // Compared with what will really be there: the fetched pack.yaml, or the installed one if left alone.
            if (planned.Version is { } plannedVersion && !PackVersion.Same(plannedVersion, version))
            {
                throw PlanRefusedException.Conflict($"Pack '{name}' is to be installed at {plannedVersion}, but '{requiredBy}' requires {version}.", name);
            }

            return;
        }

        // A pack that stays installed had its pin met once: its dependency moved since, and is
        // moved back (unless another installed pack pins where it is now: see InstalledPins).
        var dependantStays = _packs.TryGetValue(requiredBy, out var dependant) && dependant.StaysInstalled;
        if (!dependantStays && _installedVersions.TryGetValue(name, out var present) && !PackVersion.Same(present, version))
        {
            throw PlanRefusedException.Conflict($"Pack '{name}' is installed at {present}, but '{requiredBy}' requires {version}.", name);
        }
    }

    /// <summary>Install order from the packs asked for: each pack after its dependencies, each once; in a cycle the pack met first comes last.</summary>
    public IReadOnlyList<string> Order(IEnumerable<string> roots)
    {
        var ordered = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var root in roots)
        {
            Visit(root, ordered, seen);
        }

        return ordered;
    }

    private void Visit(string reference, List<string> ordered, HashSet<string> seen)
    {
        if (!_packs.ContainsKey(reference) || !seen.Add(reference))
        {
            return;
        }

        foreach (var dependency in DependenciesOf(reference))
        {
            Visit(dependency, ordered, seen);
        }

        ordered.Add(reference);
    }

    /// <summary>
    /// The packs that fail because a dependency failed, each with that dependency, walking
    /// <paramref name="order"/> (dependencies first), so a failure spreads through every level.
    /// </summary>
    public IReadOnlyDictionary<string, string> SpreadFailures(IReadOnlyList<string> order, IEnumerable<string> failed)
    {
        var failing = new HashSet<string>(failed, StringComparer.Ordinal);
        var spread = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var reference in order)
        {
            if (!failing.Contains(reference) && FailedDependency(DependenciesOf(reference), failing.Contains) is { } dependency)
            {
                spread[reference] = dependency;
                failing.Add(reference);
            }
        }

        return spread;
    }

    /// <summary>The first of a pack's dependencies that failed, if any: the one rule for planning and for installing.</summary>
    public static string? FailedDependency(IEnumerable<string> dependsOn, Func<string, bool> failed) => dependsOn.FirstOrDefault(failed);

    /// <summary>The failure of a pack whose dependency failed.</summary>
    public static StackPackException DependencyFailed(string reference, string dependency) =>
        new("DependencyFailed", $"Pack '{reference}' was not installed because its dependency '{dependency}' could not be installed.", reference,
            $"Fix the problem with '{dependency}' (see its error), or install with -SkipDependencies.");

    private static bool SameKind(string a, string b) => PackVersion.TryParseSemantic(a, out _) == PackVersion.TryParseSemantic(b, out _);
}
