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
        var validator = new ContentValidator(packPath, packRef, read);
        var files = new List<MetadataFile>();
        foreach (var (folder, type) in s_folders)
        {
            if (includes(type) || (type == ContentType.Trigger && includes(ContentType.Sensor)))
            {
                foreach (var file in PackContentCounts.MetadataFiles(packPath, folder))
                {
                    files.Add(new MetadataFile(type, file));
                }
            }
        }

        // Each file's result in its own slot, gathered in file order afterwards: the output is the
        // same whatever order the cores finish in. Thousands of small files (the aws pack has 3,581
        // actions) are parsed in parallel unless the caller already runs a pack per core.
        var results = new FileResult[files.Count];
        if (parallel)
        {
            Parallel.For(0, files.Count, new ParallelOptions { CancellationToken = cancellation }, i => results[i] = Validate(validator, files[i]));
        }
        else
        {
            for (var i = 0; i < files.Count; i++)
            {
                cancellation.ThrowIfCancellationRequested();
                results[i] = Validate(validator, files[i]);
            }
        }

        var ordered = new List<RegisteredItem>();
        var all = new List<PackProblem>();
        foreach (var result in results)
        {
            all.AddRange(result.Problems);
            foreach (var item in result.Items)
            {
                if (includes(item.Type) || item.Type == ContentType.Trigger)
                {
                    ordered.Add(item);
                }
            }
        }

        all.AddRange(Duplicates(ordered));
        return new ContentCheckResult(ordered, all);
    }

    private static FileResult Validate(ContentValidator validator, MetadataFile file)
    {
        var (items, problems) = validator.Validate(file.Type, file.File);
        return new FileResult(items, problems);
    }

    // Records rather than tuples: generic code over a struct of ours would be JIT-compiled in every process.
    private sealed record MetadataFile(ContentType Type, string File);

    private sealed record FileResult(IReadOnlyList<RegisteredItem> Items, IReadOnlyList<PackProblem> Problems);

    /// <summary>Two resources of one type with the same name: st2 would keep one and silently lose the other.</summary>
    private static IEnumerable<PackProblem> Duplicates(List<RegisteredItem> items) =>
        items.GroupBy(i => i.Type + "\0" + i.Name).Where(g => g.Select(i => i.File).Distinct().Count() > 1).Select(g =>
            new PackProblem(g.Last().File, "name", 0,
                $"names {ContentValidator.Noun(g.First().Type)} '{g.First().Name}', like {string.Join(", ", g.Select(i => i.File).Distinct().SkipLast(1))}.",
                "Give each a unique name (StackStorm would keep only one of them).", ProblemSeverity.Error));
}
