using System.Diagnostics;
using StackPack.Engine.Config;
using StackPack.Engine.IO;
using StackPack.Engine.Packs;
using StackPack.Engine.Settings;

namespace StackPack.Engine.Registration;

/// <summary>
/// Registers a pack: reads and validates pack.yaml, config.schema.yaml, the config, and the YAML
/// files directly inside actions/ (not actions/config.yaml), sensors/, rules/, aliases/,
/// policies/ and triggers/, as st2 discovers them. By default one bad file fails the pack and
/// its previous registration stays as it was; with ContinueOnError the good files register and
/// the bad ones become warnings. A new registration replaces the pack's whole record, so content
/// deleted from the pack disappears (st2 leaves it behind forever).
/// </summary>
public static class PackRegistrar
{
    public static RegistrationOutcome Register(StackPackSettings settings, InstalledPack pack, RegisterOptions options, CancellationToken cancellation)
    {
        // Held from the first read to the write: an install cannot swap the pack in between,
        // so the record always describes the files it was read from.
        using var packLock = PackLock.Acquire(settings.LocksPath, pack.Ref, options.LockTimeout, cancellation);
        try
        {
            // Read the pack again now that no one can change it: the caller's copy may predate an install.
            if (!File.Exists(Path.Combine(pack.Path, PackManifestReader.FileName)))
            {
                throw new StackPackException("PackNotFound", $"Pack '{pack.Ref}' is no longer installed at '{pack.Path}'.", pack.Ref,
                    "Run Get-Pack to see what is installed.");
            }

            return RegisterLocked(settings, PackLocator.Load(pack.Path, pack.BasePath, settings, registrationState: false), options, cancellation);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException || e is AggregateException { InnerException: IOException or UnauthorizedAccessException })
        {
            var inner = e is AggregateException aggregate ? aggregate.InnerException! : e;
            throw new StackPackException("RegistrationFailed", $"Cannot register pack '{pack.Ref}': {inner.Message}", pack.Ref,
                "Check that the pack's files can be read and StackPack's state folder written.", inner);
        }
    }

    /// <summary>
    /// Registers several packs at once (each pack under its own lock, a pack per core at a time
    /// besides the files inside each pack), and returns one attempt per pack in the order given,
    /// so output stays deterministic. A pack that fails carries its error; the others go on.
    /// </summary>
    public static IReadOnlyList<RegistrationAttempt> RegisterAll(StackPackSettings settings, IReadOnlyList<InstalledPack> packs, RegisterOptions options, CancellationToken cancellation)
    {
        var attempts = new RegistrationAttempt[packs.Count];
        // One pack: its files in parallel. Several: one pack per core, each pack's files in turn.
        var eachPack = packs.Count > 1 ? options with { ParallelFiles = false } : options;
        try
        {
            Parallel.For(0, packs.Count, new ParallelOptions { CancellationToken = cancellation, MaxDegreeOfParallelism = Environment.ProcessorCount }, i =>
            {
                try
                {
                    attempts[i] = new RegistrationAttempt(packs[i], Register(settings, packs[i], eachPack, cancellation), null);
                }
                catch (StackPackException e)
                {
                    attempts[i] = new RegistrationAttempt(packs[i], null, e);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    // One pack's unexpected failure is that pack's error; the other packs go on.
                    attempts[i] = new RegistrationAttempt(packs[i], null, new StackPackException("RegistrationFailed", $"Cannot register pack '{packs[i].Ref}': {e.Message}", packs[i].Ref, "Check the pack's files; run Register-Pack -Verbose for details.", e));
                }
            });
        }
        catch (AggregateException e) when (e.InnerExceptions.All(inner => inner is OperationCanceledException))
        {
            throw new OperationCanceledException(cancellation);
        }

        return attempts;
    }

    private static RegistrationOutcome RegisterLocked(StackPackSettings settings, InstalledPack pack, RegisterOptions options, CancellationToken cancellation)
    {
        var clock = Stopwatch.StartNew();
        var content = PackContentCheck.Check(pack.Path, pack.Ref, options.Includes, cancellation, parallel: options.ParallelFiles);
        var registered = content.Items;
        var all = pack.Manifest.Warnings.Select(w => w with { File = RelativeTo(pack.Path, w.File) }).Concat(content.Problems).ToList();
        var (schemaNames, configValid) = Configuration(settings, pack, options, all);

        var errors = all.Where(p => p.Severity == ProblemSeverity.Error).OrderBy(p => p.File, StringComparer.Ordinal).ThenBy(p => p.Line).ToList();
        var warnings = all.Where(p => p.Severity == ProblemSeverity.Warning).OrderBy(p => p.File, StringComparer.Ordinal).ThenBy(p => p.Line).ToList();
        if (errors.Count > 0 && !options.ContinueOnError)
        {
            return new RegistrationOutcome { Pack = pack.Ref, Errors = errors, Warnings = warnings, Elapsed = clock.Elapsed };
        }

        if (errors.Count > 0)
        {
            // ContinueOnError: the bad files are left out, and reported as warnings.
            var badFiles = errors.Select(e => e.File).ToHashSet(StringComparer.Ordinal);
            registered = registered.Where(i => !badFiles.Contains(i.File)).ToList();
            warnings = warnings.Concat(errors.Select(e => e with { Severity = ProblemSeverity.Warning })).ToList();
            errors = [];
        }

        var store = new RegistryStore(settings.StatePath);
        var previous = store.Read(pack.Ref);
        if (options.Types.Count > 0 && previous is not null)
        {
            // Only some types were registered: keep the rest of the previous record.
            registered.AddRange(previous.Items.Where(i => !options.Includes(i.Type) && !(i.Type == ContentType.Trigger && options.Includes(ContentType.Sensor))));
        }

        var (fileList, fingerprint) = PackFiles.ListWithFingerprint(pack.Path);
        var registration = new PackRegistration
        {
            Pack = pack.Ref,
            Version = pack.Manifest.Version,
            Path = pack.Path,
            RegisteredAt = DateTimeOffset.UtcNow,
            Fingerprint = fingerprint,
            Files = fileList,
            Items = registered,
            ConfigSchema = schemaNames ?? previous?.ConfigSchema,
            ConfigValid = options.Includes(ContentType.Config) ? configValid : previous?.ConfigValid,
        };
        store.Write(registration, previous);

        var now = registered.Select(i => (i.Type, i.Ref)).ToHashSet();
        var removed = previous?.Items.Where(i => !now.Contains((i.Type, i.Ref))).Select(i => i.Ref).Distinct().ToList() ?? [];
        return new RegistrationOutcome { Pack = pack.Ref, Registration = registration, Removed = removed, Warnings = warnings, Elapsed = clock.Elapsed };
    }

    private static (List<string>? SchemaNames, bool? ConfigValid) Configuration(StackPackSettings settings, InstalledPack pack, RegisterOptions options, List<PackProblem> problems)
    {
        if (!options.Includes(ContentType.Config) || !pack.HasConfigSchema)
        {
            return (null, null);
        }

        try
        {
            if (!File.Exists(PackConfigService.ConfigPath(settings, pack)))
            {
                // No config to validate: only the schema, and whether the validator can use it (see EnsureUsable).
                var schema = ConfigSchemaReader.Read(Path.Combine(pack.Path, ConfigSchemaReader.FileName));
                ConfigValidator.EnsureUsable(schema);
                return (schema.Attributes.Select(a => a.Key).ToList(), null);
            }

            var state = PackConfigService.Load(settings, pack);

            foreach (var problem in state.Problems)
            {
                problems.Add(new PackProblem(state.Path, problem.Path, 0, $"Failed validating attribute \"{problem.Path}\" in config for pack \"{pack.Ref}\": {problem}",
                    "Fix the config with Set-PackConfig.", ProblemSeverity.Error));
            }

            return (state.Schema?.Attributes.Select(a => a.Key).ToList(), state.Problems.Count == 0);
        }
        catch (InvalidConfigSchemaException e)
        {
            problems.AddRange(e.Problems.Select(p => p with { File = RelativeTo(pack.Path, p.File) }));
            return (null, null);
        }
        catch (StackPackException e)
        {
            problems.Add(new PackProblem(Path.Combine(settings.ConfigsPath, pack.Ref + ".yaml"), string.Empty, 0, e.Message, e.RecommendedAction ?? string.Empty, ProblemSeverity.Error));
            return (null, false);
        }
    }

    private static string RelativeTo(string packPath, string file) =>
        IO.PathRules.IsUnder(file, packPath) ? Path.GetRelativePath(packPath, file) : file;
}
