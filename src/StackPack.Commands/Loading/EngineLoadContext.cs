using System.Reflection;
using System.Runtime.Loader;

namespace StackPack.Commands.Loading;

/// <summary>
/// The private load context of StackPack.Engine and everything it uses (LibGit2Sharp,
/// YamlDotNet, NJsonSchema, Newtonsoft.Json, libgit2's native library). Assemblies are
/// resolved from the engine's deps.json in the module's deps/ folder, so another module's
/// YamlDotNet or Newtonsoft.Json in the session never collides with ours. Anything not in
/// deps/ (the framework, System.Management.Automation) falls back to the default context.
/// </summary>
internal sealed class EngineLoadContext : AssemblyLoadContext
{
    public const string EngineAssemblyName = "StackPack.Engine";

    private readonly AssemblyDependencyResolver _resolver;

    public EngineLoadContext(string dependencyFolder)
        : base("StackPack.Engine", isCollectible: false)
    {
        DependencyFolder = dependencyFolder;
        _resolver = new AssemblyDependencyResolver(Path.Combine(dependencyFolder, EngineAssemblyName + ".dll"));
    }

    public string DependencyFolder { get; }

    protected override Assembly? Load(AssemblyName assemblyName)
    {
        var path = _resolver.ResolveAssemblyToPath(assemblyName);
        return path is null ? null : LoadFromAssemblyPath(path);
    }

    /// <summary>
    /// pwsh never probes runtimes/&lt;rid&gt;/native for a module, so libgit2 is found here:
    /// the resolver reads the native asset for this machine's RID from the deps.json.
    /// </summary>
    protected override IntPtr LoadUnmanagedDll(string unmanagedDllName)
    {
        var path = _resolver.ResolveUnmanagedDllToPath(unmanagedDllName);
        return path is null ? IntPtr.Zero : LoadUnmanagedDllFromPath(path);
    }
}
