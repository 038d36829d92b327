using System.Collections;
using System.Management.Automation;
using System.Security;
using EngineContentType = StackPack.Engine.Registration.ContentType;
using StackPack.Commands.Completion;
using StackPack.Commands.Output;
using StackPack.Engine;
using StackPack.Engine.Packs;
using StackPack.Engine.Registration;

namespace StackPack.Commands.Cmdlets;

/// <summary>Loads and validates packs' content into the registry (st2 pack register), optionally telling a running StackStorm.</summary>
[Cmdlet(VerbsLifecycle.Register, "Pack", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low)]
[OutputType(typeof(RegistrationResult))]
public sealed class RegisterPackCommand : StackPackCmdlet, IDisposable
{
    private readonly CancellationTokenSource _cancellation = new();
    private readonly List<InstalledPack> _packs = new();
    private PackScanResult? _scan;

    /// <summary>Refs or names (wildcards allowed) of the packs to register; all packs when omitted.</summary>
    [Parameter(Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [SupportsWildcards]
    [Alias("Ref")]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(InstalledPackCompleter))]
    public string[]? Name { get; set; }

    /// <summary>Only these content types.</summary>
    [Parameter]
    public StackPack.ContentType[]? Type { get; set; }

    /// <summary>Register the good files and report the bad ones as warnings.</summary>
    [Parameter]
    public SwitchParameter ContinueOnError { get; set; }

    [Parameter]
    public SwitchParameter PassThru { get; set; }

    /// <summary>Also ask a running StackStorm to register the packs (POST /api/v1/packs/register).</summary>
    [Parameter]
    public SwitchParameter StackStorm { get; set; }

    /// <summary>The StackStorm API key (default $env:ST2_API_KEY; or $env:ST2_AUTH_TOKEN).</summary>
    [Parameter]
    public SecureString? ApiKey { get; set; }

    protected override void ProcessRecord()
    {
        _scan ??= PackLocator.Scan(Settings);
        if (Name is null || Name.Length == 0)
        {
            foreach (var broken in _scan.Broken)
            {
                WriteEngineError(broken.Error);
            }

            _packs.AddRange(_scan.Packs.Where(p => !_packs.Contains(p)));
            return;
        }

        foreach (var requested in Name)
        {
            var matches = Matching(_scan, requested).ToList();
            if (matches.Count == 0 && !WildcardPattern.ContainsWildcardCharacters(requested))
            {
                var broken = _scan.Broken.FirstOrDefault(b => string.Equals(b.DirectoryName, requested, StringComparison.OrdinalIgnoreCase));
                if (broken is not null)
                {
                    WriteEngineError(broken.Error);
                    continue;
                }

                WritePackNotFound(requested);
            }

            _packs.AddRange(matches.Where(p => !_packs.Contains(p)));
        }
    }

    protected override void EndProcessing()
    {
        var options = new RegisterOptions
        {
            Types = (Type ?? []).Select(t => Enum.Parse<EngineContentType>(t.ToString())).ToHashSet(),
            ContinueOnError = ContinueOnError.IsPresent,
        };
        // Ask first (ShouldProcess runs on this thread), register the approved packs in parallel,
        // then report each in the order asked.
        var approved = _packs.Where(pack => ShouldProcess(pack.Path, $"Register pack '{pack.Ref}'")).ToList();
        var registered = new List<(InstalledPack Pack, RegistrationOutcome Outcome)>();
        foreach (var attempt in PackRegistrar.RegisterAll(Settings, approved, options, _cancellation.Token))
        {
            if (Report(this, attempt) is { } outcome)
            {
                registered.Add((attempt.Pack, outcome));
            }
        }

        var fromStackStorm = StackStorm.IsPresent ? CallStackStorm(registered.Where(r => r.Outcome.Succeeded).Select(r => r.Pack.Ref).ToList(), options) : null;
        if (PassThru.IsPresent)
        {
            foreach (var (_, outcome) in registered)
            {
                WriteObject(ToResult(outcome, fromStackStorm));
            }
        }
    }

    /// <summary>Registers one pack, writing its warnings and its failure; shared with Install-Pack.</summary>
    /// <param name="writeError">Where errors go (default: the cmdlet's WriteError; Install-Pack collects them until its plan is done).</param>
    internal static RegistrationOutcome? Register(StackPackCmdlet cmdlet, Engine.Settings.StackPackSettings settings, InstalledPack pack, RegisterOptions options, CancellationToken cancellation,
        Action<ErrorRecord>? writeError = null)
    {
        RegistrationAttempt attempt;
        try
        {
            attempt = new RegistrationAttempt(pack, PackRegistrar.Register(settings, pack, options, cancellation), null);
        }
        catch (StackPackException e)
        {
            attempt = new RegistrationAttempt(pack, null, e);
        }

        return Report(cmdlet, attempt, writeError);
    }

    /// <summary>Writes one pack's registration warnings and failure; the outcome when it ran.</summary>
    private static RegistrationOutcome? Report(StackPackCmdlet cmdlet, RegistrationAttempt attempt, Action<ErrorRecord>? writeError = null)
    {
        writeError ??= cmdlet.WriteError;
        var pack = attempt.Pack;
        if (attempt.Outcome is not { } outcome)
        {
            writeError(ErrorRecords.From(attempt.Error!));
            return null;
        }

        foreach (var warning in outcome.Warnings)
        {
            cmdlet.WriteWarning($"Pack '{pack.Ref}': {warning}");
        }

        if (!outcome.Succeeded)
        {
            writeError(ErrorRecords.Create("RegistrationFailed", pack.Ref,
                $"Pack '{pack.Ref}' was not registered; its previous registration stays as it was:" + string.Concat(outcome.Errors.Select(e => "\n  - " + e)),
                "Fix the files named, or use Register-Pack -ContinueOnError to register the good files."));
        }
        else
        {
            cmdlet.WriteVerbose($"Registered pack '{pack.Ref}': {outcome.Registration!.Items.Count} items in {outcome.Elapsed.TotalMilliseconds:0} ms{(outcome.Removed.Count > 0 ? $"; removed {string.Join(", ", outcome.Removed)}" : string.Empty)}.");
        }

        return outcome;
    }

    private IReadOnlyDictionary<string, long>? CallStackStorm(List<string> packs, RegisterOptions options)
    {
        if (packs.Count == 0)
        {
            return null;
        }

        var url = Settings.ApiUrl;
        if (url is null)
        {
            WriteError(ErrorRecords.Create("StackStormNotConfigured", null,
                "-StackStorm needs the API's address: [api] base_url in st2.conf, or $env:ST2_API_URL.", "Set one of them."));
            return null;
        }

        var key = ApiKey is not null ? PlainValues.ToText(ApiKey) : Environment.GetEnvironmentVariable("ST2_API_KEY");
        var token = key is null ? Environment.GetEnvironmentVariable("ST2_AUTH_TOKEN") : null;
        try
        {
            var counts = StackStormApiClient.Register(new StackStormApi(url, NullIfEmpty(key), NullIfEmpty(token)), packs, options.Types, TimeSpan.FromMinutes(10), _cancellation.Token);
            WriteVerbose($"StackStorm registered: {string.Join(", ", counts.Select(c => $"{c.Key} {c.Value}"))}.");
            return counts;
        }
        catch (StackPackException e)
        {
            WriteEngineError(e);
            return null;
        }
    }

    private static string? NullIfEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;

    private static RegistrationResult ToResult(RegistrationOutcome outcome, IReadOnlyDictionary<string, long>? fromStackStorm)
    {
        var registration = outcome.Registration;
        int Count(EngineContentType type) => registration?.Count(type) ?? 0;
        Hashtable? counts = null;
        if (fromStackStorm is not null)
        {
            counts = new Hashtable(StringComparer.OrdinalIgnoreCase);
            foreach (var (key, value) in fromStackStorm)
            {
                counts[key] = value;
            }
        }

        return new RegistrationResult
        {
            Pack = outcome.Pack,
            Registered = outcome.Succeeded,
            Actions = Count(EngineContentType.Action),
            Sensors = Count(EngineContentType.Sensor),
            Triggers = Count(EngineContentType.Trigger),
            Rules = Count(EngineContentType.Rule),
            Aliases = Count(EngineContentType.Alias),
            Policies = Count(EngineContentType.Policy),
            Configs = registration?.ConfigValid == true ? 1 : 0,
            Removed = outcome.Removed.ToArray(),
            Warnings = outcome.Warnings.Select(w => w.ToString()).ToArray(),
            Errors = outcome.Errors.Select(e => e.ToString()).ToArray(),
            Elapsed = Portable.Duration(outcome.Elapsed),
            StackStorm = counts,
        };
    }

    protected override void StopProcessing() => _cancellation.Cancel();

    public void Dispose()
    {
        _cancellation.Dispose();
        GC.SuppressFinalize(this);
    }
}
