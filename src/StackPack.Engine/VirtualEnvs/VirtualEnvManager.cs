using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;

namespace StackPack.Engine.VirtualEnvs;

public enum VirtualEnvOutcome
{
    /// <summary>The pack has no Python content and no requirements.txt, or -SkipVirtualEnv.</summary>
    Skipped,

    /// <summary>The existing virtualenv already has these requirements.</summary>
    Reused,

    Created,
}

/// <summary>Whether an installed pack's virtualenv is what its requirements.txt asks for.</summary>
public enum VirtualEnvState
{
    /// <summary>The pack has no Python content and no requirements.txt.</summary>
    NotNeeded,

    /// <summary>It exists and was built from the current requirements.txt (its recorded hash matches).</summary>
    Current,

    Missing,

    /// <summary>It exists, but was built from another requirements.txt (or Python), or its recorded hash or python is gone.</summary>
    Stale,
}

/// <summary>
/// A virtualenv being replaced: the previous one waits aside until <see cref="Commit"/>, and comes
/// back if the install fails (disposing without committing restores it).
/// </summary>
public sealed class VirtualEnvChange : IDisposable
{
    private readonly string? _path;
    private readonly string? _backup;
    private bool _done;

    internal VirtualEnvChange(VirtualEnvOutcome outcome, string? path, string? backup)
    {
        Outcome = outcome;
        _path = path;
        _backup = backup;
    }

    public VirtualEnvOutcome Outcome { get; }

    public string? Path => Outcome == VirtualEnvOutcome.Skipped ? null : _path;

    /// <summary>The install succeeded: the old virtualenv goes (never throws: the pack is already in place).</summary>
    public void Commit()
    {
        _done = true;
        if (_backup is not null)
        {
            StackPack.Engine.IO.SafeTree.TryDelete(_backup);
        }
    }

    public void Dispose()
    {
        if (_done || Outcome != VirtualEnvOutcome.Created || _path is null)
        {
            return;
        }

        StackPack.Engine.IO.SafeTree.TryDelete(_path);
        if (_backup is not null && Directory.Exists(_backup) && !Directory.Exists(_path))
        {
            Directory.Move(_backup, _path);
        }
    }
}

/// <summary>
/// Creates a pack's virtualenv (&lt;base&gt;/virtualenvs/&lt;ref&gt;) with `python -m venv` and installs
/// its requirements.txt with pip, which reads the usual proxy and PIP_* variables from the
/// environment. Unlike st2 it reuses the virtualenv when the requirements have not changed.
/// </summary>
public static class VirtualEnvManager
{
    private const string StampFile = ".stackpack-requirements.sha256";

    /// <param name="packFolder">The (staged) pack whose requirements.txt is used.</param>
    public static VirtualEnvChange Prepare(string packFolder, string reference, string virtualEnvsFolder, string? pythonBinary, bool force, CancellationToken cancellation)
    {
        var requirements = Path.Combine(packFolder, "requirements.txt");
        if (!File.Exists(requirements) && !HasPythonContent(packFolder))
        {
            return new VirtualEnvChange(VirtualEnvOutcome.Skipped, null, null);
        }

        var target = Path.Combine(virtualEnvsFolder, reference);
        RecoverInterrupted(virtualEnvsFolder, reference);
        var stamp = Stamp(requirements, pythonBinary);
        if (!force && StateOf(packFolder, reference, virtualEnvsFolder, pythonBinary) == VirtualEnvState.Current)
        {
            return new VirtualEnvChange(VirtualEnvOutcome.Reused, target, null);
        }

        Directory.CreateDirectory(virtualEnvsFolder);
        string? backup = null;
        if (Directory.Exists(target))
        {
            // A virtualenv cannot be moved once built (it records its own path), so the old one
            // steps aside and the new one is built in place; failure puts the old one back.
            backup = Path.Combine(virtualEnvsFolder, $".{reference}.previous-{Environment.ProcessId}-{Guid.NewGuid():N}");
            Directory.Move(target, backup);
        }

        var change = new VirtualEnvChange(VirtualEnvOutcome.Created, target, backup);
        try
        {
            var python = string.IsNullOrWhiteSpace(pythonBinary) ? "python3" : pythonBinary;
            Run(python, ["-m", "venv", target], reference, "create the virtualenv", cancellation);
            if (File.Exists(requirements))
            {
                var pip = Path.Combine(target, OperatingSystem.IsWindows() ? "Scripts" : "bin", OperatingSystem.IsWindows() ? "pip.exe" : "pip");
                Run(pip, ["install", "--disable-pip-version-check", "--no-input", "-r", requirements], reference, $"install {requirements}", cancellation);
            }

            File.WriteAllText(Path.Combine(target, StampFile), stamp);
            return change;
        }
        catch
        {
            change.Dispose();
            throw;
        }
    }

    /// <summary>Checks a pack's virtualenv against its requirements.txt without changing anything.</summary>
    public static VirtualEnvState StateOf(string packFolder, string reference, string virtualEnvsFolder, string? pythonBinary)
    {
        var requirements = Path.Combine(packFolder, "requirements.txt");
        if (!File.Exists(requirements) && !HasPythonContent(packFolder))
        {
            return VirtualEnvState.NotNeeded;
        }

        var target = Path.Combine(virtualEnvsFolder, reference);
        if (!Directory.Exists(target))
        {
            return VirtualEnvState.Missing;
        }

        var stampPath = Path.Combine(target, StampFile);
        var python = Path.Combine(target, OperatingSystem.IsWindows() ? "Scripts" : "bin", OperatingSystem.IsWindows() ? "python.exe" : "python");
        return File.Exists(stampPath) && File.Exists(python) && File.ReadAllText(stampPath).Trim() == Stamp(requirements, pythonBinary)
            ? VirtualEnvState.Current
            : VirtualEnvState.Stale;
    }

    /// <summary>
    /// A process killed while rebuilding a virtualenv leaves the old one aside and a half-built
    /// one in place: put the old one back, so the installed (old) pack keeps working.
    /// </summary>
    public static void RecoverInterrupted(string virtualEnvsFolder, string reference)
    {
        if (!Directory.Exists(virtualEnvsFolder))
        {
            return;
        }

        var target = Path.Combine(virtualEnvsFolder, reference);
        foreach (var backup in Directory.EnumerateDirectories(virtualEnvsFolder, $".{reference}.previous-*").Order(StringComparer.Ordinal))
        {
            var pid = Path.GetFileName(backup)[$".{reference}.previous-".Length..].Split('-')[0];
            if (int.TryParse(pid, out var id) && IsAlive(id))
            {
                continue; // another process is rebuilding it right now
            }

            if (!File.Exists(Path.Combine(target, StampFile)))
            {
                StackPack.Engine.IO.SafeTree.TryDelete(target);
                Directory.Move(backup, target);
            }
            else
            {
                StackPack.Engine.IO.SafeTree.TryDelete(backup);
            }
        }
    }

    private static bool IsAlive(int pid)
    {
        try
        {
            using var process = Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    /// <summary>Python code anywhere in the pack (actions, sensors, lib) needs a virtualenv.</summary>
    public static bool HasPythonContent(string packFolder) =>
        Directory.EnumerateFiles(packFolder, "*.py", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = FileAttributes.Hidden })
            .Any(f => !f.Contains($"{Path.DirectorySeparatorChar}.git{Path.DirectorySeparatorChar}", StringComparison.Ordinal));

    private static string Stamp(string requirements, string? python)
    {
        var content = File.Exists(requirements) ? File.ReadAllText(requirements) : "(no requirements.txt)";
        return Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes($"{python ?? "python3"}\n{content}")));
    }

    private static void Run(string program, IReadOnlyList<string> arguments, string reference, string what, CancellationToken cancellation)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
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
            throw new StackPackException("VirtualEnvFailed", ErrorKind.Failed,
                $"Cannot {what} for pack '{reference}': '{program}' cannot be started ({e.Message}).", reference,
                "Install Python 3 with its venv module, set [actionrunner] python_binary in st2.conf, or use -SkipVirtualEnv.", e);
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
                throw new StackPackException("VirtualEnvFailed", ErrorKind.Failed,
                    $"Cannot {what} for pack '{reference}' ({Path.GetFileName(program)} exited with {process.ExitCode}):\n{text}", reference,
                    "Fix the requirement pip names above (or its proxy settings), or use -SkipVirtualEnv. The pack was not changed.");
            }
        }
    }

    private static string Tail(string text, int lines)
    {
        var all = text.Split('\n');
        return string.Join('\n', all.Skip(Math.Max(0, all.Length - lines)));
    }
}
