using System.Management.Automation;
using StackPack.Engine.Index;

namespace StackPack.Commands.Cmdlets;

/// <summary>
/// Shared parameters and loading for the cmdlets that read pack indexes. Indexes load in
/// parallel; results are consumed on the pipeline thread in priority order; Ctrl+C cancels.
/// </summary>
public abstract class IndexCmdlet : StackPackCmdlet
{

    /// <summary>Index URLs, file:// URLs or paths, highest priority first. Default: st2.conf [content] index_url, else the StackStorm Exchange.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string[]? IndexUrl { get; set; }

    /// <summary>Fetch every index again, whatever the age of the cached copy.</summary>
    [Parameter]
    public SwitchParameter Refresh { get; set; }

    /// <summary>The limit in seconds for each index request (default 30, or STACKPACK_INDEX_TIMEOUT).</summary>
    [Parameter]
    [ValidateRange(1, 3600)]
    public int TimeoutSec { get; set; }

    /// <summary>Starts loading every index; the tasks are in priority order and never fault (except on cancel).</summary>
    protected IReadOnlyList<Task<IndexSourceResult>> StartLoading()
    {
        var sources = IndexSources(IndexUrl);
        var options = IndexLoadOptions.From(Settings, sources, SessionState.Path.CurrentFileSystemLocation.ProviderPath) with
        {
            Timeout = TimeoutSec > 0 ? TimeSpan.FromSeconds(TimeoutSec) : Settings.IndexTimeout,
            Refresh = Refresh.IsPresent,
        };

        WriteVerbose($"Loading {sources.Count} index(es), highest priority first: {string.Join(", ", sources.Select(Engine.Git.CredentialRedactor.RedactUrl))}.");
        return PackIndexLoader.Start(options, Cancellation);
    }

    /// <summary>Waits for one source on the pipeline thread (so Ctrl+C stays prompt) and reports how it went.</summary>
    protected IndexSourceResult Await(Task<IndexSourceResult> task)
    {
        var result = task.GetAwaiter().GetResult();
        WriteDebug($"Index {result.Url}: {result.Status}, {result.PackCount} packs, {(result.FromCache ? "from cache, " : string.Empty)}{result.Elapsed.TotalMilliseconds:0} ms. {result.Message}");
        if (result.Warning is not null)
        {
            WriteWarning(result.Warning);
        }

        return result;
    }
}
