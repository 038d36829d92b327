using System.Diagnostics;
using System.Management.Automation;
using StackPack.Commands.Cmdlets;
using StackPack.Engine.Install;

namespace StackPack.Commands.Hosting;

/// <summary>
/// Parent bar for the plan, child bar per pack transfer, throttled, and only in interactive
/// sessions (progress in CI logs is noise). Reports arrive on the pipeline thread: the engine
/// does its work synchronously there, so WriteProgress is safe. Under Azure Pipelines the parent
/// bar's steps become the task's progress (StackPackCmdlet.WriteProgress), interactive or not.
/// </summary>
internal sealed class ProgressReporter : IProgress<InstallProgress>
{
    private const int ParentId = 51;
    private const int ChildId = 52;
    private readonly StackPackCmdlet _cmdlet;
    private readonly bool _enabled;
    private readonly Stopwatch _throttle = Stopwatch.StartNew();
    private string _activity;

    public ProgressReporter(StackPackCmdlet cmdlet, bool enabled, string activity)
    {
        _cmdlet = cmdlet;
        _enabled = enabled || cmdlet.CiHost == Hosting.CiHost.AzureDevOps;
        _activity = activity;
    }

    public void Step(string status, int done, int total)
    {
        if (_enabled)
        {
            _cmdlet.WriteProgress(new ProgressRecord(ParentId, _activity, status) { PercentComplete = total == 0 ? -1 : Math.Min(100, done * 100 / total) });
        }
    }

    public void Report(InstallProgress value)
    {
        if (!_enabled || (value.Transfer is not null && _throttle.ElapsedMilliseconds < 200))
        {
            return;
        }

        _throttle.Restart();
        var record = new ProgressRecord(ChildId, value.Pack, value.Activity) { ParentActivityId = ParentId };
        if (value.Transfer is { TotalObjects: > 0 } transfer)
        {
            record.PercentComplete = Math.Min(100, transfer.ReceivedObjects * 100 / transfer.TotalObjects);
            record.CurrentOperation = $"{transfer.ReceivedObjects}/{transfer.TotalObjects} objects, {transfer.ReceivedBytes / 1024} KiB";
        }

        _cmdlet.WriteProgress(record);
    }

    public void Complete()
    {
        if (_enabled)
        {
            _cmdlet.WriteProgress(new ProgressRecord(ChildId, _activity, "Done") { ParentActivityId = ParentId, RecordType = ProgressRecordType.Completed });
            _cmdlet.WriteProgress(new ProgressRecord(ParentId, _activity, "Done") { RecordType = ProgressRecordType.Completed });
        }
    }
}
