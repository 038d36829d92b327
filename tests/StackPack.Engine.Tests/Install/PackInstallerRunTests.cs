using StackPack.Engine.Install;
using StackPack.Engine.IO;
using StackPack.Engine.Registration;
using StackPack.Engine.Settings;
using StackPack.Engine.Tests.Support;

namespace StackPack.Engine.Tests.Install;

/// <summary>PackInstaller.Run on real git repositories, seen through a reporter that records what a cmdlet would show.</summary>
public class PackInstallerRunTests : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    private StackPackSettings Settings() => TestSettings.Home(_temp);

    private sealed class Recorder(Func<string, string, bool>? answer = null) : IInstallReporter
    {
        public List<string> Questions { get; } = new();

        public List<InstallResult> Results { get; } = new();

        public List<StackPackException> Failures { get; } = new();

        public List<string> Warnings { get; } = new();

        public List<string> Notes { get; } = new();

        public void StepStarted(string status, int done, int total) => Notes.Add($"step {done}/{total}: {status}");

        public bool ShouldProcess(string target, string action)
        {
            Questions.Add($"{action}: {target}");
            return answer?.Invoke(target, action) ?? true;
        }

        public void Installed(InstallResult result) => Results.Add(result);

        public void Warning(string text) => Warnings.Add(text);

        public void Verbose(string text) => Notes.Add(text);

        public void Failed(StackPackException failure) => Failures.Add(failure);
    }

    /// <summary>"app" depends on "shared", both from an index of real repositories.</summary>
    private InstallOptions AppWithDependency(bool register = false)
    {
        var shared = TestRepos.Create(_temp, "shared", ["1.0.0"]);
        var index = TestIndexes.Write(_temp, ("shared", shared));
        var app = TestRepos.Create(_temp, "app", ["1.0.0"], "dependencies: [shared]\n");
        return new InstallOptions
        {
            Requests = [new InstallRequest(app)], BaseDirectory = _temp.Path, SkipVirtualEnv = true, IndexUrls = [index],
            Registration = register ? new RegisterOptions() : null, ValidateContent = register,
        };
    }

    private (InstallRun Run, Recorder Reporter) Run(InstallOptions options, Recorder reporter, Action? beforeRun = null)
    {
        using var installer = new PackInstaller(Settings(), options, CancellationToken.None);
        var plan = installer.Plan();
        beforeRun?.Invoke();
        return (installer.Run(plan, reporter), reporter);
    }

    [Fact]
    public void Each_step_is_asked_installed_registered_and_reported_in_plan_order()
    {
        var (run, reporter) = Run(AppWithDependency(register: true), new Recorder());

        Assert.True(run.Succeeded);
        Assert.Equal([("shared", InstallAction.Installed), ("app", InstallAction.Installed)], reporter.Results.Select(r => (r.Ref, r.Action)));
        Assert.Equal(["app"], reporter.Results[0].RequiredBy);
        Assert.Equal(2, reporter.Questions.Count(q => q.StartsWith("Install pack: ", StringComparison.Ordinal)));
        Assert.Contains(reporter.Notes, n => n.StartsWith("Registered pack 'app'", StringComparison.Ordinal));
        Assert.Equal("1.0.0", new RegistryStore(Settings().StatePath).Read("app")?.Version);
        Assert.Empty(reporter.Failures);
    }

    [Fact]
    public void A_dependency_that_fails_while_installing_fails_its_dependant_which_is_not_installed()
    {
        var settings = Settings();
        PackLock? held = null;
        try
        {
            var (run, reporter) = Run(AppWithDependency() with { LockTimeout = TimeSpan.Zero }, new Recorder(),
                () => held = PackLock.Acquire(settings.LocksPath, "shared", TimeSpan.Zero, CancellationToken.None));

            Assert.False(run.Succeeded);
            Assert.Equal(["PackLocked", "DependencyFailed"], reporter.Failures.Select(f => f.ErrorId));
            Assert.Equal("app", reporter.Failures[1].Target);
            Assert.Contains("'shared'", reporter.Failures[1].Message);
            Assert.Equal(new HashSet<string> { "shared", "app" }, run.Failed);
            Assert.Empty(reporter.Results);
            Assert.False(Directory.Exists(Path.Combine(settings.SystemPacksPath, "app")));
        }
        finally
        {
            held?.Dispose();
        }
    }

    [Fact]
    public void A_declined_dependency_lets_its_dependant_be_asked_with_a_note()
    {
        var recorder = new Recorder((target, _) => !target.StartsWith("shared ", StringComparison.Ordinal));
        var (run, reporter) = Run(AppWithDependency(), recorder);

        Assert.Equal(new HashSet<string> { "shared" }, run.Declined);
        Assert.True(run.DeclinedAny);
        Assert.Contains(reporter.Questions, q => q.StartsWith("Install pack: app 1.0.0", StringComparison.Ordinal) && q.Contains("(without its dependency 'shared', which was not installed)", StringComparison.Ordinal));
        Assert.Equal(["app"], reporter.Results.Select(r => r.Ref));
        Assert.False(Directory.Exists(Path.Combine(Settings().SystemPacksPath, "shared")));
    }

    [Fact]
    public void A_failure_found_while_planning_is_reported_with_the_dependants_it_fails()
    {
        var app = TestRepos.Create(_temp, "app", ["1.0.0"], "dependencies: [missing]\n");
        var index = TestIndexes.Write(_temp, ("missing", _temp.Combine("src", "missing")));
        var (run, reporter) = Run(new InstallOptions
        {
            Requests = [new InstallRequest(app)], BaseDirectory = _temp.Path, SkipVirtualEnv = true, IndexUrls = [index],
        }, new Recorder());

        Assert.Equal(["GitFetchFailed", "DependencyFailed"], reporter.Failures.Select(f => f.ErrorId));
        Assert.Empty(reporter.Results);
        Assert.Empty(reporter.Questions);
        Assert.False(run.Succeeded);
    }
}
