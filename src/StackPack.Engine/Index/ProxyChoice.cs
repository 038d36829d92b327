using System.Net;

namespace StackPack.Engine.Index;

/// <summary>
/// Which proxy an HTTP request uses: the proxy variables when any is set (read when the command
/// runs), else the operating system's proxy settings (Windows: the WinINet/registry settings;
/// macOS: the System Configuration settings), else none.
/// </summary>
public static class ProxyChoice
{
    /// <summary>
    /// The operating system's proxy, or null where there is none to read. On Linux the only
    /// "system" proxy is the environment, which <see cref="EnvironmentProxy"/> already reads (and
    /// .NET's default proxy would have read once, at process start, so it is not used there).
    /// </summary>
    public static IWebProxy? System => OperatingSystem.IsWindows() || OperatingSystem.IsMacOS() ? HttpClient.DefaultProxy : null;

    /// <summary>The proxy to use: the variables win, the system's applies when none is set.</summary>
    public static IWebProxy? Select(EnvironmentProxy fromVariables, IWebProxy? system) =>
        fromVariables.IsConfigured ? fromVariables : system;
}
