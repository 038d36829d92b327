using System.Collections.Concurrent;
using StackPack.Engine.Packs;
using StackPack.Engine.Yaml;

namespace StackPack.Engine.Registration;

/// <summary>What <see cref="PackContentCheck"/> found: the resources in file order, and every problem.</summary>
public sealed record ContentCheckResult(List<RegisteredItem> Items, List<PackProblem> Problems);

/// <summary>
/// The checks on a pack's content that Register-Pack makes before it registers anything, and
/// Test-Pack makes without registering: the YAML files directly inside actions/ (not
/// actions/config.yaml), sensors/, rules/, aliases/, policies/ and triggers/, as st2 discovers
/// them, each validated by <see cref="ContentValidator"/>, then names that two files share.
/// One implementation for both, so what one refuses the other fails.
/// </summary>
public static class PackContentCheck
{
    private static readonly (string Folder, ContentType Type)[] s_folders =
    [
        ("triggers", ContentType.Trigger), ("sensors", ContentType.Sensor), ("actions", ContentType.Action),
        ("rules", ContentType.Rule), ("aliases", ContentType.Alias), ("policies", ContentType.Policy),
    ];

    /// <param name="includes">The content types asked for (sensors bring their trigger types along).</param>
    /// <param name="read">How to read a file (default: <see cref="YamlDocumentReader.ReadFile"/>).</param>
    /// <param name="parallel">Parse the files on every core; false when the caller already runs one pack per core.</param>
    public static ContentCheckResult Check(string packPath, string packRef, Func<ContentType, bool> includes, CancellationToken cancellation,
        Func<string, YamlDocument>? read = null, bool parallel = true)
    {
        var problems = new ConcurrentBag<PackProblem>();
        var items = new ConcurrentBag<(int Order, RegisteredItem Item)>();
        var validator = new ContentValidator(packPath, packRef, read);

        var files = s_folders.Where(f => includes(f.Type) || (f.Type == ContentType.Trigger && includes(ContentType.Sensor)))
            .SelectMany(f => PackContentCounts.MetadataFiles(packPath, f.Folder).Select(file => (f.Type, File: file)))
            .ToList();

        // Thousands of small files (the aws pack has 3,581 actions): parse them in parallel.
        Parallel.For(0, files.Count, new ParallelOptions { CancellationToken = cancellation, MaxDegreeOfParallelism = parallel ? -1 : 1 }, i =>
        {
            var (type, file) = files[i];
            var (found, fileProblems) = validator.Validate(type, file);
            foreach (var problem in fileProblems)
            {
                problems.Add(problem);
            }

            foreach (var item in found.Where(item => includes(item.Type) || item.Type == ContentType.Trigger))
            {
                items.Add((i, item));
            }
        });

        var ordered = items.OrderBy(i => i.Order).Select(i => i.Item).ToList();
        var all = problems.ToList();
        all.AddRange(Duplicates(ordered));
        return new ContentCheckResult(ordered, all);
    }

    /// <summary>Two resources of one type with the same name: st2 would keep one and silently lose the other.</summary>
    private static IEnumerable<PackProblem> Duplicates(List<RegisteredItem> items) =>
        items.GroupBy(i => (i.Type, i.Name)).Where(g => g.Select(i => i.File).Distinct().Count() > 1).Select(g =>
            new PackProblem(g.Last().File, "name", 0,
                $"names {ContentValidator.Noun(g.Key.Type)} '{g.Key.Name}', like {string.Join(", ", g.Select(i => i.File).Distinct().SkipLast(1))}.",
                "Give each a unique name (StackStorm would keep only one of them).", ProblemSeverity.Error));
}
