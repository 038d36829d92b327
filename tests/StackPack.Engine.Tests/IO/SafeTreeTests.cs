using System.Diagnostics;
using System.Security.Cryptography;
using StackPack.Engine.IO;
using StackPack.Engine.Tests.Support;

namespace StackPack.Engine.Tests.IO;

/// <summary>Hostile trees: links out, link loops, FIFOs, odd modes and names. Nothing outside the tree may change.</summary>
public sealed class SafeTreeTests : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    private string Victim() => Support.Victim.Create(_temp.Combine("victim"));

    private static string Listing(string folder) => Support.Victim.Listing(folder);

    private static void Run(string program, params string[] arguments) => Support.Victim.Run(program, arguments);

    [Fact]
    public void Lstat_reports_the_last_write_time_the_framework_reports()
    {
        var file = _temp.Write("t.txt", "x");
        var when = new DateTime(2021, 3, 4, 5, 6, 7, DateTimeKind.Utc).AddTicks(1_234_567);
        File.SetLastWriteTimeUtc(file, when);

        Assert.Equal(when, FileSystemProbe.Lstat(file).ModifiedUtc);
        Assert.Equal(File.GetLastWriteTimeUtc(file), Assert.Single(SafeTree.Walk(_temp.Path), e => e.FullPath == file).ModifiedUtc);
    }

    [Fact]
    public void Delete_removes_links_to_outside_folders_without_touching_what_they_point_at()
    {
        var victim = Victim();
        var before = Listing(victim);
        var tree = _temp.Combine("tree");
        Directory.CreateDirectory(Path.Combine(tree, "objects"));
        File.WriteAllText(Path.Combine(tree, "objects", "ro"), "x");
        Run("chmod", "400", Path.Combine(tree, "objects", "ro"));
        Directory.CreateSymbolicLink(Path.Combine(tree, "outlink"), victim);
        File.CreateSymbolicLink(Path.Combine(tree, "filelink"), Path.Combine(victim, "a"));
        Run("chmod", "555", Path.Combine(tree, "objects"));

        SafeTree.Delete(tree);

        Assert.False(Path.Exists(tree));
        Assert.Equal(before, Listing(victim));
    }

    [Fact]
    public void Delete_of_a_link_removes_the_link_only()
    {
        var victim = Victim();
        var before = Listing(victim);
        var link = _temp.Combine("venv-link");
        Directory.CreateSymbolicLink(link, victim);

        Assert.True(SafeTree.TryDelete(link));

        Assert.Equal(FileKind.Missing, FileSystemProbe.Lstat(link).Kind);
        Assert.Equal(before, Listing(victim));
    }

    [Fact]
    public void Walk_reports_links_loops_and_fifos_as_entries_and_never_enters_them()
    {
        var tree = _temp.Combine("tree");
        Directory.CreateDirectory(Path.Combine(tree, "d", "e"));
        Directory.CreateSymbolicLink(Path.Combine(tree, "d", "e", "l1"), "..");
        Directory.CreateSymbolicLink(Path.Combine(tree, "up"), "/");
        Run("mkfifo", Path.Combine(tree, "pipe"));

        var entries = SafeTree.Walk(tree).ToDictionary(e => e.RelativePath.Replace('\\', '/'), e => e.Kind);

        Assert.Equal(new Dictionary<string, FileKind>
        {
            ["d"] = FileKind.Directory, ["d/e"] = FileKind.Directory, ["d/e/l1"] = FileKind.SymbolicLink,
            ["pipe"] = FileKind.Special, ["up"] = FileKind.SymbolicLink,
        }, entries);
        SafeTree.Delete(tree);
        Assert.False(Path.Exists(tree));
    }

    [Fact]
    public void Walk_refuses_a_tree_deeper_than_its_limit()
    {
        var deep = _temp.Combine("deep");
        var folder = deep;
        for (var i = 0; i < 12; i++)
        {
            folder = Path.Combine(folder, "d");
        }

        Directory.CreateDirectory(folder);
        var error = Assert.Throws<TreeTooDeepException>(() => SafeTree.Walk(deep, maxDepth: 10).ToList());
        Assert.Equal(10, error.Limit);
    }

    [Fact]
    public void Walk_reports_names_that_are_not_utf8()
    {
        var tree = _temp.Combine("names");
        Directory.CreateDirectory(tree);
        Run("bash", "-c", $"touch \"{tree}\"/$'bad\\xff.yaml' \"{tree}\"/good.yaml");

        var entries = SafeTree.Walk(tree).ToList();

        Assert.Equal(2, entries.Count);
        Assert.Single(entries, e => !e.HasValidName);
        Assert.Single(entries, e => e.HasValidName && e.Kind == FileKind.RegularFile);
    }

    [Fact]
    public async Task Read_refuses_fifos_devices_folders_and_dangling_links_at_once()
    {
        var fifo = _temp.Combine("pack.yaml");
        Run("mkfifo", fifo);
        var zero = _temp.Combine("zero.yaml");
        File.CreateSymbolicLink(zero, "/dev/zero");
        var dangling = _temp.Combine("dangling.yaml");
        File.CreateSymbolicLink(dangling, _temp.Combine("nothing"));

        // A FIFO would block the open for ever: the test would hang, not fail, if this regressed.
        var reads = Task.Run(() => new[] { fifo, zero, dangling, _temp.Path }.Select(p => Record.Exception(() => SafeFile.ReadAllBytes(p))).ToList());
        Assert.Same(reads, await Task.WhenAny(reads, Task.Delay(TimeSpan.FromSeconds(20))));
        var errors = await reads;
        Assert.All(errors, e => Assert.IsType<UnsafeFileException>(e));
        Assert.Contains("FIFO", errors[0]!.Message);
        Assert.Contains("device", errors[1]!.Message);
        Assert.Contains("does not exist", errors[2]!.Message);
        Assert.Contains("folder", errors[3]!.Message);
    }

    [Fact]
    public void Read_follows_links_only_when_allowed_and_caps_the_size()
    {
        var real = _temp.Write("real.yaml", "name: x\n");
        var link = _temp.Combine("link.yaml");
        File.CreateSymbolicLink(link, real);
        var big = _temp.Write("big.yaml", new string('a', 2048));

        Assert.Equal("name: x\n", SafeFile.ReadAllText(link));
        Assert.Contains("symbolic link", Assert.Throws<UnsafeFileException>(() => SafeFile.ReadAllText(link, followLinks: false)).Message);
        var tooBig = Assert.Throws<UnsafeFileException>(() => SafeFile.ReadAllBytes(big, maxBytes: 1024));
        Assert.Contains("larger than the 1024 bytes", tooBig.Message);
        Assert.Throws<FileNotFoundException>(() => SafeFile.ReadAllBytes(_temp.Combine("missing.yaml")));
    }
}
