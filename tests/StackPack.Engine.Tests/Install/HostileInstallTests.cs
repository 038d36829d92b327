using System.Diagnostics;
using System.Text;
using System.Text.Json;
using LibGit2Sharp;
using StackPack.Engine.Install;
using StackPack.Engine.Settings;
using StackPack.Engine.Tests.Support;
using StackPack.Testing;

namespace StackPack.Engine.Tests.Install;

/// <summary>
/// Hostile indexes, packs and git servers met by the install planner (issue 9, items 3, 4, 9, 13,
/// 14): every case is built for real (git repositories, index files, a stalling server on 127.0.0.1).
/// </summary>
public class HostileInstallTests : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    /// <summary>A StackPack home in the temp folder; <paramref name="configuredIndex"/> plays a public index set in STACKPACK_INDEX_URL.</summary>
    private StackPackSettings Settings(string? configuredIndex = null, string? fetchTimeout = null) => SettingsResolver.Resolve(null, new SettingsEnvironment
    {
        GetVariable = n => n switch
        {
            "STACKPACK_HOME" => _temp.Combine("home"),
            "STACKPACK_INDEX_URL" => configuredIndex,
            "STACKPACK_FETCH_TIMEOUT" => fetchTimeout,
            _ => null,
        },
        SystemConfigFile = _temp.Combine("none.conf"),
        UserHome = _temp.Combine("user"),
    });

    /// <summary>A git repository whose pack.yaml says <paramref name="reference"/>, committed and tagged v<paramref name="version"/>.</summary>
    private string Repo(string folder, string reference, string version = "1.0.0", string extra = "", int randomBytes = 0)
    {
        var path = _temp.Combine("src", folder);
        Repository.Init(path);
        using var repository = new Repository(path);
        File.WriteAllText(Path.Combine(path, "pack.yaml"), TestPacks.ManifestYaml(reference, version, reference, extra));
        if (randomBytes > 0)
        {
            // Incompressible content, so that the pack is large enough to be cut in the middle.
            File.WriteAllBytes(Path.Combine(path, "blob.bin"), System.Security.Cryptography.RandomNumberGenerator.GetBytes(randomBytes));
        }

        Commands.Stage(repository, "*");
        var signature = new Signature("Test", "t@example.com", DateTimeOffset.UnixEpoch);
        repository.Commit($"release {version}", signature, signature);
        repository.ApplyTag("v" + version);
        return path;
    }

    /// <summary>An index file (v1 format) with the given entries: key → (ref or null, repo_url); no version, so the default branch is installed.</summary>
    private string Index(string file, params (string Key, string? Ref, string RepoUrl)[] entries)
    {
        var packs = entries.ToDictionary(e => e.Key, e => (object)new Dictionary<string, object?>
        {
            ["name"] = e.Key, ["ref"] = e.Ref, ["repo_url"] = e.RepoUrl, ["description"] = "d", ["author"] = "a", ["email"] = "a@example.com",
        }.Where(p => p.Value is not null).ToDictionary(p => p.Key, p => p.Value));
        return _temp.Write(file, JsonSerializer.Serialize(new { packs }));
    }

    private static InstallOptions Options(string baseDirectory, params InstallRequest[] requests) =>
        new() { Requests = requests, BaseDirectory = baseDirectory, SkipVirtualEnv = true };

    private static (IReadOnlyList<PlannedPack> Plan, List<InstallResult> Results) Run(StackPackSettings settings, InstallOptions options)
    {
        using var installer = new PackInstaller(settings, options, CancellationToken.None);
        var plan = installer.Plan();
        return (plan, plan.Where(p => p.Failure is null).Select(installer.Execute).ToList());
    }

    // Item 3 ------------------------------------------------------------------------------

    [Theory]
    [InlineData("core")]
    [InlineData("packs")]
    [InlineData("linux")]
    [InlineData("chatops")]
    public void An_index_entry_whose_pack_says_it_is_a_system_pack_is_refused_without_force(string system)
    {
        var settings = Settings();
        var core = TestPacks.WritePack(settings.SystemPacksPath, system, TestPacks.ManifestYaml(system, "3.8.0", system));
        var before = File.ReadAllText(Path.Combine(core, "pack.yaml"));
        var evil = Repo("stackstorm-helpful", system, "9.9.9");
        var index = Index("index.json", ("helpful", "helpful", evil));

        var (plan, results) = Run(settings, Options(_temp.Path, new InstallRequest("helpful", null, [index])));

        var failure = Assert.Single(plan).Failure!;
        Assert.Equal("SystemPackProtected", failure.ErrorId);
        Assert.Contains("'helpful'", failure.Message);
        Assert.Contains($"ref: {system}", failure.Message);
        Assert.Contains("pack.yaml", failure.Message);
        Assert.Empty(results);
        Assert.Equal(before, File.ReadAllText(Path.Combine(core, "pack.yaml")));
    }

    [Fact]
    public void A_system_pack_is_replaced_only_with_force_and_always_with_a_warning()
    {
        var settings = Settings();
        TestPacks.WritePack(settings.SystemPacksPath, "core", TestPacks.ManifestYaml("core", "3.8.0", "core"));
        var byUrl = Repo("stackstorm-core", "core", "9.9.9");

        var refused = Run(settings, Options(_temp.Path, new InstallRequest(byUrl)));
        Assert.Equal("SystemPackProtected", Assert.Single(refused.Plan).Failure!.ErrorId);

        var forced = Run(settings, Options(_temp.Path, new InstallRequest(byUrl)) with { Force = true });
        var step = Assert.Single(forced.Plan);
        Assert.Contains(step.Warnings, w => w.Contains("system pack") && w.Contains("-Force"));
        Assert.Equal((InstallAction.Upgraded, "9.9.9"), (forced.Results.Single().Action, forced.Results.Single().Version));
    }

    [Fact]
    public void A_pack_whose_ref_is_not_the_index_entry_it_came_through_is_refused_unless_forced()
    {
        var settings = Settings();
        var victim = TestPacks.WritePack(settings.SystemPacksPath, "payroll", TestPacks.ManifestYaml("payroll", "1.0.0", "payroll"));
        var evil = Repo("stackstorm-weather", "payroll", "6.6.6");
        var index = Index("index.json", ("weather", null, evil));

        var (plan, results) = Run(settings, Options(_temp.Path, new InstallRequest("weather", null, [index])));
        var failure = Assert.Single(plan).Failure!;
        Assert.Equal("PackRefMismatch", failure.ErrorId);
        Assert.Contains("'weather'", failure.Message);
        Assert.Contains("ref: payroll", failure.Message);
        Assert.Empty(results);
        Assert.Contains("version: 1.0.0", File.ReadAllText(Path.Combine(victim, "pack.yaml")));

        var forced = Run(settings, Options(_temp.Path, new InstallRequest("weather", null, [index])) with { Force = true });
        Assert.Contains(Assert.Single(forced.Plan).Warnings, w => w.Contains("'weather'") && w.Contains("payroll"));
        Assert.Equal("payroll", forced.Results.Single().Ref);
    }

    [Fact]
    public void Legitimate_names_still_install_a_url_or_folder_takes_its_own_ref_and_an_index_key_may_differ_in_case()
    {
        var settings = Settings();
        var repo = Repo("st2-anything", "tools");
        var index = Index("index.json", ("Tools", null, repo), ("stackstorm-tools2", "tools2", Repo("x", "tools2")));

        Assert.Equal("tools", Run(settings, Options(_temp.Path, new InstallRequest(repo))).Results.Single().Ref);
        var byName = Run(settings, Options(_temp.Path, new InstallRequest("Tools", null, [index])) with { Force = false });
        Assert.All(byName.Plan, p => Assert.Null(p.Failure));
        Assert.Equal("tools2", Run(settings, Options(_temp.Path, new InstallRequest("stackstorm-tools2", null, [index]))).Results.Single().Ref);
    }

    [FixtureFact]
    public void Every_pack_of_the_real_exchange_index_matches_its_entry()
    {
        var fixtures = Fixtures.Path("exchange", "index.json");
        var packs = Fixtures.Path("packs")!;
        using var exchange = JsonDocument.Parse(File.ReadAllText(fixtures));
        var checkedPacks = 0;
        foreach (var folder in Directory.EnumerateDirectories(packs))
        {
            var key = Path.GetFileName(folder);
            if (!exchange.RootElement.GetProperty("packs").TryGetProperty(key, out var entry))
            {
                continue;
            }

            // The real pack.yaml, in a git repository, behind the real index entry (its repo_url pointed here).
            var repo = _temp.Combine("src", "stackstorm-" + key);
            Repository.Init(repo);
            File.Copy(Path.Combine(folder, "pack.yaml"), Path.Combine(repo, "pack.yaml"));
            using (var repository = new Repository(repo))
            {
                Commands.Stage(repository, "pack.yaml");
                var signature = new Signature("Test", "t@example.com", DateTimeOffset.UnixEpoch);
                repository.Commit("real pack.yaml", signature, signature);
            }

            var json = JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(entry.GetRawText())!;
            json["repo_url"] = JsonSerializer.SerializeToElement(repo);
            var index = _temp.Write($"exchange-{key}.json", JsonSerializer.Serialize(new Dictionary<string, object> { ["packs"] = new Dictionary<string, object> { [key] = json } }));
            var plan = Run(Settings(), Options(_temp.Path, new InstallRequest(key, null, [index])) with { Force = false }).Plan;
            Assert.DoesNotContain(plan, p => p.Failure?.ErrorId is "PackRefMismatch" or "SystemPackProtected");
            checkedPacks++;
        }

        Assert.True(checkedPacks >= 10, $"only {checkedPacks} fixture packs are in the index");
    }

    // Item 4 ------------------------------------------------------------------------------

    [Fact]
    public void Dependencies_come_from_the_index_given_with_the_request_not_the_configured_one()
    {
        var privateLib = Repo("private-lib", "lib", "1.0.0");
        var publicLib = Repo("public-lib", "lib", "6.6.6");
        var app = Repo("app", "app", "1.0.0", "dependencies: [lib]\n");
        var privateIndex = Index("private.json", ("app", "app", app), ("lib", "lib", privateLib));
        var publicIndex = Index("public.json", ("lib", "lib", publicLib));
        var settings = Settings(configuredIndex: publicIndex);

        var results = Run(settings, Options(_temp.Path, new InstallRequest("app", null, [privateIndex]))).Results;

        var lib = results.Single(r => r.Ref == "lib");
        Assert.Equal("1.0.0", lib.Version);
        Assert.Contains("private-lib", lib.Source);
    }

    [Fact]
    public void A_thousand_unresolvable_dependencies_are_looked_up_once_each_and_each_index_is_asked_once()
    {
        using var server = new LoopbackHttpServer();
        server.Set("/index.json", 200, "{\"packs\": {}}", delayMilliseconds: 200);
        var names = Enumerable.Range(0, 1000).Select(i => $"missing{i}").ToList();
        var app = Repo("app", "app", "1.0.0", $"dependencies: [{string.Join(", ", names.Concat(names))}]\n");
        var settings = Settings(configuredIndex: server.Url("/index.json"));

        var clock = Stopwatch.StartNew();
        var plan = Run(settings, Options(_temp.Path, new InstallRequest(app))).Plan;
        clock.Stop();

        Assert.Equal(1000, plan.Count(p => p.Failure?.ErrorId == "PackNotFoundInIndex"));
        Assert.Equal("DependencyFailed", plan.Single(p => p.Ref == "app").Failure!.ErrorId);
        Assert.Single(server.Requests);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(60), $"took {clock.Elapsed}"); // a hang guard; 193 s before
        Console.WriteLine($"1,000 unresolvable dependencies (each listed twice): planned in {clock.Elapsed.TotalSeconds:0.0} s");
    }

    // Local-path dependencies of fetched packs ------------------------------------------------

    [Theory]
    [InlineData("{0}")]
    [InlineData("file://{0}")]
    [InlineData("file://{0}=1.0.0")]
    [InlineData("~/../../../../../../..{0}")]
    public void A_git_pack_naming_a_local_folder_as_a_dependency_refuses_the_whole_plan_and_installs_nothing(string form)
    {
        var settings = Settings();
        var secret = TestPacks.WritePack(_temp.Combine("elsewhere"), "secret", TestPacks.ManifestYaml("secret", "1.0.0", "secret"));
        var dependency = string.Format(System.Globalization.CultureInfo.InvariantCulture, form, secret);
        var evil = Repo("stackstorm-evil", "evil", "1.0.0", $"dependencies: [\"{dependency}\"]\n");
        var index = Index("index.json", ("evil", "evil", evil));

        foreach (var request in new[] { new InstallRequest(evil), new InstallRequest("file://" + evil), new InstallRequest("evil", null, [index]) })
        {
            using var installer = new PackInstaller(settings, Options(_temp.Path, request), CancellationToken.None);
            var refused = Assert.Throws<PlanRefusedException>(() => installer.Plan());

            Assert.Equal("InvalidPackSource", refused.ErrorId);
            Assert.Contains("'evil'", refused.Message);
            Assert.Contains(secret, refused.Message);
            Assert.Contains("-Force", refused.RecommendedAction);
        }

        Assert.False(Directory.Exists(Path.Combine(settings.SystemPacksPath, "secret")));
        Assert.False(Directory.Exists(Path.Combine(settings.SystemPacksPath, "evil")));
    }

    [Fact]
    public void A_local_folder_dependency_is_followed_for_a_plain_folder_the_user_installed_and_for_a_git_pack_only_with_force()
    {
        var settings = Settings();
        var shared = TestPacks.WritePack(_temp.Combine("elsewhere"), "shared", TestPacks.ManifestYaml("shared", "1.0.0", "shared"));
        var mine = TestPacks.WritePack(_temp.Combine("mine"), "mine", TestPacks.ManifestYaml("mine", "1.0.0", "mine", $"dependencies: [\"{shared}\"]\n"));

        var local = Run(settings, Options(_temp.Path, new InstallRequest(mine))).Results;
        Assert.Equal(new[] { "shared", "mine" }, local.Select(r => r.Ref));

        var gitPack = Repo("stackstorm-tool", "tool", "1.0.0", $"dependencies: [\"file://{shared}\"]\n");
        var forced = Run(settings, Options(_temp.Path, new InstallRequest(gitPack)) with { Force = true });
        Assert.Contains(forced.Plan.Single(p => p.Ref == "tool").Warnings, w => w.Contains("local path") && w.Contains("-Force"));
        Assert.Contains(forced.Results, r => r.Ref == "tool");
    }

    // Item 9 ------------------------------------------------------------------------------

    [Fact]
    public void A_git_server_that_stalls_mid_pack_fails_in_seconds_with_GitFetchTimeout_and_leaves_no_staging()
    {
        // Small enough that git http-backend answers well within the limit on a loaded machine,
        // large enough to be cut in the middle: the timeout must come from the stall, not the server's thinking.
        _ = Repo("stackstorm-slow", "slow", randomBytes: 400_000);
        using var server = new LoopbackHttpServer();
        server.ServeGit("/git", _temp.Combine("src"));
        using var proxy = new StallingGitProxy(server.Port);
        var url = proxy.Url("/git/stackstorm-slow");
        // Generous: on a loaded machine git http-backend may think for seconds before its first byte,
        // and that silence must not be what times out here (the proxy's stall must).
        var settings = Settings(fetchTimeout: "10");
        var staging = Path.Combine(settings.SystemPacksPath, StagingArea.FolderName);

        var clock = Stopwatch.StartNew();
        using var installer = new PackInstaller(settings, Options(_temp.Path, new InstallRequest(url)), CancellationToken.None);
        var failure = Assert.Single(installer.Plan()).Failure!;
        clock.Stop();

        Assert.Equal("GitFetchTimeout", failure.ErrorId);
        Assert.Contains(url, failure.Message);
        Assert.Equal(1, proxy.Stalled);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(60), $"took {clock.Elapsed}"); // a hang guard: it stalls for ever
        Assert.DoesNotContain(Directory.EnumerateDirectories(staging, "*", SearchOption.AllDirectories), d => Path.GetFileName(d).StartsWith("slow", StringComparison.Ordinal));
        Assert.False(Directory.Exists(Path.Combine(settings.SystemPacksPath, "slow")));
    }

    [Fact]
    public void The_fetch_limits_come_from_the_environment_or_st2_conf_and_must_be_positive()
    {
        Assert.Equal(TimeSpan.FromSeconds(60), Settings().FetchTimeout);
        Assert.Equal(TimeSpan.FromMinutes(30), Settings().FetchMaxTime);
        Assert.Equal(TimeSpan.FromSeconds(7), Settings(fetchTimeout: "7").FetchTimeout);
        Assert.Equal("InvalidSettings", Assert.Throws<StackPackException>(() => Settings(fetchTimeout: "0")).ErrorId);
    }

    // Item 13 -----------------------------------------------------------------------------

    [Fact]
    public void A_preview_fetches_outside_the_packs_path_even_when_the_packs_folder_cannot_be_written()
    {
        var repo = Repo("stackstorm-preview", "preview");
        var settings = Settings();
        Directory.CreateDirectory(settings.SystemPacksPath);
        TestPacks.WritePack(settings.SystemPacksPath, "other");
        var before = Listing(settings.SystemPacksPath);
        var immutable = Chattr("+i", settings.SystemPacksPath);
        try
        {
            using var installer = new PackInstaller(settings, Options(_temp.Path, new InstallRequest(repo)) with { Preview = true }, CancellationToken.None);
            var step = Assert.Single(installer.Plan());
            Assert.Null(step.Failure);
            Assert.Equal(InstallAction.Installed, step.Action);
            Assert.False(step.StagedPath!.StartsWith(settings.SystemPacksPath, StringComparison.Ordinal));
            Assert.Equal(before, Listing(settings.SystemPacksPath));
        }
        finally
        {
            if (immutable)
            {
                Chattr("-i", settings.SystemPacksPath);
            }
        }

        Assert.Equal(before, Listing(settings.SystemPacksPath));
    }

    private static string Listing(string folder) =>
        string.Join('\n', Directory.EnumerateFileSystemEntries(folder, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal));

    /// <summary>chattr (an immutable folder stops even root); false when this file system or container does not allow it.</summary>
    private static bool Chattr(string flag, string path)
    {
        try
        {
            using var process = Process.Start(new ProcessStartInfo("chattr", [flag, path]) { RedirectStandardError = true })!;
            process.WaitForExit();
            return process.ExitCode == 0;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return false;
        }
    }

    // Item 14 -----------------------------------------------------------------------------

    [Fact]
    public void A_query_token_reaches_the_server_and_no_file_or_message()
    {
        const string token = "glpat-SECRET-QUERY-TOKEN-42";
        Repo("stackstorm-private", "private");
        using var server = new LoopbackHttpServer();
        server.ServeGit("/git", _temp.Combine("src"));
        var clean = server.Url("/git/stackstorm-private");
        var settings = Settings();
        var messages = new List<string>();
        var options = Options(_temp.Path, new InstallRequest($"{clean}?private_token={token}=x")) with
        {
            Progress = new Collect(p => messages.Add($"{p.Pack} {p.Activity}")),
        };

        var (plan, results) = Run(settings, options);

        Assert.Null(plan.Single().Failure);
        var result = results.Single();
        Assert.Equal("private", result.Ref);
        Assert.Contains(server.Requests, r => r.Target.Contains(token, StringComparison.Ordinal));
        Assert.DoesNotContain(token, result.Source + string.Concat(messages) + string.Concat(result.Warnings));
        Assert.Contains("private_token=***", result.Source);
        foreach (var file in Directory.EnumerateFiles(result.Path, "*", SearchOption.AllDirectories))
        {
            Assert.False(Encoding.Latin1.GetString(File.ReadAllBytes(file)).Contains("SECRET-QUERY", StringComparison.Ordinal), $"{file} holds the token");
        }

        using var repository = new Repository(result.Path);
        Assert.Equal(clean, repository.Network.Remotes["origin"].Url);
        Assert.Equal(repository.Branches["origin/master"]?.Tip?.Sha ?? repository.Branches["origin/main"]!.Tip.Sha, repository.Head.Tip.Sha);
        Assert.False(repository.Info.IsHeadDetached);

        // Installed at that commit: a second run asks the server (with the token) and changes nothing.
        Assert.Equal(InstallAction.Unchanged, Run(settings, options).Results.Single().Action);
    }

    [Fact]
    public void A_password_with_a_raw_at_sign_is_sent_whole_and_shown_nowhere()
    {
        Repo("stackstorm-guarded", "guarded");
        using var server = new LoopbackHttpServer();
        server.ServeGit("/git", _temp.Combine("src"), user: "bot", password: "Pass@Word");
        var url = $"http://bot:Pass@Word@127.0.0.1:{server.Port}/git/stackstorm-guarded";

        var result = Run(Settings(), Options(_temp.Path, new InstallRequest(url))).Results.Single();

        Assert.Equal("guarded", result.Ref);
        Assert.Equal(server.Url("/git/stackstorm-guarded"), result.Source);
        Assert.DoesNotContain("Word", File.ReadAllText(Path.Combine(result.Path, ".git", "config")));
    }

    private sealed class Collect(Action<InstallProgress> report) : IProgress<InstallProgress>
    {
        public void Report(InstallProgress value) => report(value);
    }
}
