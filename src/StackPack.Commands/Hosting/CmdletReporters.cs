using StackPack.Commands.Cmdlets;
using StackPack.Commands.Output;
using StackPack.Engine;
using StackPack.Engine.Install;
using StackPack.Engine.Registration;

namespace StackPack.Commands.Hosting;

// The cmdlets' side of the engine's reporter interfaces. Separate classes, not interfaces on
// the cmdlets themselves: PowerShell loads the cmdlet types when it imports the module, before
// the engine's load context is hooked (ModuleInitializer), so a cmdlet type must not name an
// engine type in its declaration.

/// <summary>A registration's warnings and notes go to the cmdlet's streams; failures to <c>failed</c>.</summary>
internal class CmdletRegistrationReporter(StackPackCmdlet cmdlet, Action<StackPackException> failed) : IRegistrationReporter
{
    protected StackPackCmdlet Cmdlet => cmdlet;

    public void Warning(string text) => cmdlet.WriteWarning(text);

    public void Verbose(string text) => cmdlet.WriteVerbose(text);

    public void Failed(StackPackException failure) => failed(failure);
}

/// <summary>An install's questions are the cmdlet's ShouldProcess, its steps the plan's progress bar, its results InstallResult objects.</summary>
internal sealed class CmdletInstallReporter(StackPackCmdlet cmdlet, ProgressReporter progress, Action<StackPackException> failed)
    : CmdletRegistrationReporter(cmdlet, failed), IInstallReporter
{
    public void StepStarted(string status, int done, int total) => progress.Step(status, done, total);

    public bool ShouldProcess(string target, string action) => Cmdlet.ShouldProcess(target, action);

    public void Installed(Engine.Install.InstallResult result) => Cmdlet.WriteObject(InstallResultMapper.ToOutput(result));
}
