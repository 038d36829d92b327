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
/// What an install will do to a pack's virtualenv, decided before anything changes so that the
/// install journal can name every path first. For <see cref="VirtualEnvOutcome.Created"/>, the
/// previous virtualenv (if any) steps aside to <see cref="Backup"/> and the new one is built in place.
/// </summary>
public sealed record VirtualEnvPlan(VirtualEnvOutcome Outcome, string? Path, string? Backup)
{
    public static readonly VirtualEnvPlan Skip = new(VirtualEnvOutcome.Skipped, null, null);

    internal string Requirements { get; init; } = string.Empty;

    internal string Python { get; init; } = "python3";

    internal string Stamp { get; init; } = string.Empty;
}

/// <summary>
/// Creates a pack's virtualenv (&lt;base&gt;/virtualenvs/&lt;ref&gt;) with `python -m venv`, ensurepip and
/// pip install of its requirements.txt; pip reads the usual proxy and PIP_* variables from the
/// environment. Unlike st2 it reuses the virtualenv when the requirements have not changed.
/// Failures are not undone here: the install journal's rollback (InstallRecovery) puts the
/// previous virtualenv back, in-process or after a kill.
/// </summary>
public static class VirtualEnvManager
{
    private const string StampFile = ".stackpack-requirements.sha256";

    /// <param name="packFolder">The (staged) pack whose requirements.txt is used.</param>
    public static VirtualEnvPlan Plan(string packFolder, string reference, string virtualEnvsFolder, string? pythonBinary, bool force)
    {
        var requirements = Path.Combine(packFolder, "requirements.txt");
        if (!File.Exists(requirements) && !HasPythonContent(packFolder))
        {
            return VirtualEnvPlan.Skip;
        }

        var target = Path.Combine(virtualEnvsFolder, reference);
        var stamp = Stamp(requirements, pythonBinary);
        if (!force && StateOf(packFolder, reference, virtualEnvsFolder, pythonBinary) == VirtualEnvState.Current)
        {
            return new VirtualEnvPlan(VirtualEnvOutcome.Reused, target, null);
        }

        // A virtualenv cannot be moved once built (it records its own path), so the old one steps
        // aside and the new one is built in place.
        var backup = IO.FileSystemProbe.Lstat(target).Exists ? Path.Combine(virtualEnvsFolder, $".{reference}.previous-{Guid.NewGuid():N}") : null;
        return new VirtualEnvPlan(VirtualEnvOutcome.Created, target, backup)
        {
            Requirements = requirements,
            Python = string.IsNullOrWhiteSpace(pythonBinary) ? "python3" : pythonBinary,
            Stamp = stamp,
        };
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

    /// <summary>Builds a <see cref="VirtualEnvOutcome.Created"/> plan (nothing for the others).</summary>
    /// <exception cref="StackPackException">VirtualEnvFailed; the old virtualenv is then still at the plan's backup.</exception>
    public static void Build(VirtualEnvPlan plan, string reference, CancellationToken cancellation)
    {
        if (plan.Outcome != VirtualEnvOutcome.Created || plan.Path is null)
        {
            return;
        }

        var target = plan.Path;
        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        if (plan.Backup is not null)
        {
            Directory.Move(target, plan.Backup);
        }

        // Every step that writes into the virtualenv is a direct child of this process, so each
        // one dies with it (see ChildProcess): `venv --without-pip` then ensurepip ourselves,
        // rather than venv's own ensurepip grandchild, which would outlive a killed installer.
        var python = plan.Python;
        ChildProcess.Run(python, ["-m", "venv", "--without-pip", target], reference, "create the virtualenv", cancellation);
        Diagnostics.TestPause.At(Diagnostics.TestPause.VirtualEnvRebuild);
        var bin = Path.Combine(target, OperatingSystem.IsWindows() ? "Scripts" : "bin");
        var venvPython = Path.Combine(bin, OperatingSystem.IsWindows() ? "python.exe" : "python");
        ChildProcess.Run(venvPython, ["-Im", "ensurepip", "--upgrade", "--default-pip"], reference, "install pip into the virtualenv", cancellation);
        if (File.Exists(plan.Requirements))
        {
            var pip = Path.Combine(bin, OperatingSystem.IsWindows() ? "pip.exe" : "pip");
            ChildProcess.Run(pip, ["install", "--disable-pip-version-check", "--no-input", "-r", plan.Requirements], reference, $"install {plan.Requirements}", cancellation);
        }

        File.WriteAllText(Path.Combine(target, StampFile), plan.Stamp);
    }

    /// <summary>Python code anywhere in the pack (actions, sensors, lib) needs a virtualenv.</summary>
    public static bool HasPythonContent(string packFolder) =>
        // Walked without following links (a link loop in a pack must not hang this); hidden names and .git are skipped.
        StackPack.Engine.IO.SafeTree.Walk(packFolder, skipDirectory: e => Path.GetFileName(e.FullPath).StartsWith('.'))
            .Any(e => e.Kind is StackPack.Engine.IO.FileKind.RegularFile or StackPack.Engine.IO.FileKind.SymbolicLink
                && e.FullPath.EndsWith(".py", StringComparison.Ordinal) && !Path.GetFileName(e.FullPath).StartsWith('.'));

    private static string Stamp(string requirements, string? python)
    {
        var content = File.Exists(requirements) ? StackPack.Engine.IO.SafeFile.ReadAllText(requirements) : "(no requirements.txt)";
        return Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes($"{python ?? "python3"}\n{content}")));
    }
}
