using System.Diagnostics;

namespace StackPack.Engine.VirtualEnvs;

/// <summary>
/// Runs python, ensurepip and pip for a virtualenv so that they die with the installer: on Linux
/// through util-linux `setpriv --pdeathsig KILL`, which makes the kernel kill the child when the
/// thread that started it ends (this thread waits for it, so that is when the process dies, even
/// by SIGKILL). Without setpriv (Alpine without util-linux, macOS, Windows) the child runs
/// directly: Ctrl+C still kills the whole tree, but a child of a process killed with SIGKILL
/// runs to its end, and the next run's rollback then races it (documented in the README).
/// A grandchild (e.g. a build of an sdist that pip starts) works in its own temporary folder.
/// </summary>
internal static class ChildProcess
{
    private static readonly Lazy<string?> Setpriv = new(FindSetpriv);

    public static void Run(string program, IReadOnlyList<string> arguments, string reference, string what, CancellationToken cancellation)
    {
        var executable = Resolve(program) ?? throw CannotStart(program, reference, what, "not found", null);
        var start = new ProcessStartInfo { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        if (Setpriv.Value is { } setpriv)
        {
            start.FileName = setpriv;
            foreach (var argument in (string[])["--pdeathsig", "KILL", "--", executable])
            {
                start.ArgumentList.Add(argument);
            }
        }
        else
        {
            start.FileName = executable;
        }

        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment.Remove("PYTHONPATH"); // as st2 does: the pack's venv must not see another path
        Process process;
        try
        {
            process = Process.Start(start)!;
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw CannotStart(program, reference, what, e.Message, e);
        }

        using (process)
        using (cancellation.Register(() => { try { process.Kill(entireProcessTree: true); } catch (InvalidOperationException) { } }))
        {
            var output = process.StandardOutput.ReadToEndAsync(cancellation);
            var error = process.StandardError.ReadToEndAsync(cancellation);
            process.WaitForExit();
            cancellation.ThrowIfCancellationRequested();
            if (process.ExitCode != 0)
            {
                var text = Tail($"{output.Result}\n{error.Result}".Trim(), 15);
                throw new StackPackException("VirtualEnvFailed", $"Cannot {what} for pack '{reference}' ({Path.GetFileName(program)} exited with {process.ExitCode}):\n{text}", reference,
                    "Fix the requirement pip names above (or its proxy settings), or use -SkipVirtualEnv. The pack was not changed.");
            }
        }
    }

    private static StackPackException CannotStart(string program, string reference, string what, string why, Exception? inner) =>
        new("VirtualEnvFailed", $"Cannot {what} for pack '{reference}': '{program}' cannot be started ({why}).", reference,
            "Install Python 3 with its venv module, set [actionrunner] python_binary in st2.conf, or use -SkipVirtualEnv.", inner);

    /// <summary>The program's full path (setpriv needs one to report a missing program as such), or null.</summary>
    private static string? Resolve(string program)
    {
        if (program.Contains(Path.DirectorySeparatorChar) || program.Contains(Path.AltDirectorySeparatorChar))
        {
            return File.Exists(program) ? Path.GetFullPath(program) : null;
        }

        var names = OperatingSystem.IsWindows() ? [program, program + ".exe"] : new[] { program };
        return (Environment.GetEnvironmentVariable("PATH") ?? string.Empty)
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .SelectMany(folder => names.Select(name => Path.Combine(folder, name)))
            .FirstOrDefault(IsExecutable);
    }

    private static bool IsExecutable(string path) =>
        File.Exists(path) && (OperatingSystem.IsWindows()
            || (File.GetUnixFileMode(path) & (UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute)) != 0);

    /// <summary>setpriv with --pdeathsig (util-linux 2.33 or later), checked once per process.</summary>
    private static string? FindSetpriv()
    {
        if (!OperatingSystem.IsLinux() || Resolve("setpriv") is not { } setpriv)
        {
            return null;
        }

        try
        {
            using var probe = Process.Start(new ProcessStartInfo(setpriv, ["--pdeathsig", "KILL", "--", "true"])
            {
                RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
            })!;
            probe.StandardOutput.ReadToEnd();
            probe.StandardError.ReadToEnd();
            return probe.WaitForExit(10_000) && probe.ExitCode == 0 ? setpriv : null;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return null;
        }
    }

    private static string Tail(string text, int lines)
    {
        var all = text.Split('\n');
        return string.Join('\n', all.Skip(Math.Max(0, all.Length - lines)));
    }
}
