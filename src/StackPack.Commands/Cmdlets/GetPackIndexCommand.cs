using System.Management.Automation;
using StackPack.Commands.Output;

namespace StackPack.Commands.Cmdlets;

/// <summary>Reports the health of every configured pack index (st2's /packs/index/health).</summary>
[Cmdlet(VerbsCommon.Get, "PackIndex")]
[OutputType(typeof(PackIndexInfo))]
public sealed class GetPackIndexCommand : IndexCmdlet
{
    protected override void EndProcessing()
    {
        var priority = 0;
        foreach (var task in StartLoading())
        {
            // A broken index is data here, not an error.
            var result = task.GetAwaiter().GetResult();
            WriteObject(IndexInfoMapper.ToPackIndexInfo(result, ++priority));
        }
    }
}
