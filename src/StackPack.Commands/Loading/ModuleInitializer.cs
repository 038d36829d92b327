using System.Management.Automation;
using System.Reflection;
using System.Runtime.Loader;

namespace StackPack.Commands.Loading;

/// <summary>
/// Runs when pwsh imports the module. It only hooks the default context's Resolving event
/// so that the first use of an engine type loads StackPack.Engine into its own context;
/// nothing is loaded at import time, which keeps Import-Module cheap. It registers nothing
/// either: the argument completers are attributes on the parameters, created when Tab is pressed.
/// This class must not touch engine types itself.
/// </summary>
public sealed class ModuleInitializer : IModuleAssemblyInitializer, IModuleAssemblyCleanup
{
    private static readonly object s_gate = new();
    private static EngineLoadContext? s_context;
    private static bool s_hooked;

    /// <summary>The engine's load context (created on first use), for diagnostics and tests.</summary>
    internal static EngineLoadContext Context
    {
        get
        {
            lock (s_gate)
            {
                if (s_context is null)
                {
                    var moduleFolder = Path.GetDirectoryName(typeof(ModuleInitializer).Assembly.Location)!;
                    s_context = new EngineLoadContext(Path.Combine(moduleFolder, "deps"));
                }

                return s_context;
            }
        }
    }

    public void OnImport()
    {
        lock (s_gate)
        {
            // Import-Module -Force runs this again in the same process; hook once.
            if (!s_hooked)
            {
                AssemblyLoadContext.Default.Resolving += ResolveEngine;
                s_hooked = true;
            }
        }
    }

    public void OnRemove(PSModuleInfo psModuleInfo)
    {
        lock (s_gate)
        {
            if (s_hooked)
            {
                AssemblyLoadContext.Default.Resolving -= ResolveEngine;
                s_hooked = false;
            }
        }
    }

    private static Assembly? ResolveEngine(AssemblyLoadContext context, AssemblyName name) =>
        name.Name == EngineLoadContext.EngineAssemblyName ? Context.LoadFromAssemblyName(name) : null;
}
