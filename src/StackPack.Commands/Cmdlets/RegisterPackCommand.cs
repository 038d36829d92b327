using System.Collections;
using System.Management.Automation;
using System.Security;
using StackPack.Commands.Completion;
using StackPack.Commands.Hosting;
using StackPack.Commands.Output;
using StackPack.Engine;
using StackPack.Engine.Packs;
using StackPack.Engine.Registration;
using EngineContentType = StackPack.Engine.Registration.ContentType;

namespace StackPack.Commands.Cmdlets;

/// <summary>Loads and validates packs' content into the registry (st2 pack register), optionally telling a running StackStorm.</summary>
[Cmdlet(VerbsLifecycle.Register, "Pack", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low, DefaultParameterSetName = NameSet)]
[OutputType(typeof(RegistrationResult))]
public sealed class RegisterPackCommand : StackPackCmdlet
{
    private readonly List<InstalledPack> _packs = new();
    private PackScanResult? _scan;

    /// <summary>Refs or names (wildcards allowed) of the packs to register; all packs when omitted.</summary>
    [Parameter(Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true, ParameterSetName = NameSet)]
    [SupportsWildcards]
    [Alias("Ref")]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(InstalledPackCompleter))]
    public string[]? Name { get; set; }

    /// <summary>
    /// Get-Pack output, taken as exactly the packs it lists (same ref, same folder). By property
    /// name it would bind its display Name, which may be another pack's ref. Not mandatory: a
    /// mandatory one would make PowerShell bind a PackInfo to -Name by property name first.
    /// </summary>
    [Parameter(ValueFromPipeline = true, ParameterSetName = InputObjectSet)]
    [ValidateNotNull]
    public PackInfo[] InputObject { get; set; } = [];

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
        if (ParameterSetName == InputObjectSet)
        {
            _packs.AddRange(FindListed(_scan, InputObject).Where(p => !_packs.Contains(p)));
            return;
        }

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
            _packs.AddRange(FindReadable(_scan, requested).Where(p => !_packs.Contains(p)));
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
        var registered = new PackRegistrationService(Settings, new CmdletRegistrationReporter(this, WriteEngineError)).RegisterAll(approved, options, Cancellation);
        var fromStackStorm = StackStorm.IsPresent ? CallStackStorm(registered.Where(r => r.Succeeded).Select(r => r.Pack).ToList(), options) : null;
        if (PassThru.IsPresent)
        {
            foreach (var outcome in registered)
            {
                WriteObject(ToResult(outcome, fromStackStorm));
            }
        }
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
            var counts = StackStormApiClient.Register(new StackStormApi(url, NullIfEmpty(key), NullIfEmpty(token)), packs, options.Types, TimeSpan.FromMinutes(10), Cancellation);
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
}
