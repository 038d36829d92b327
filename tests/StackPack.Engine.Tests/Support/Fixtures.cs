namespace StackPack.Engine.Tests.Support;

/// <summary>
/// The real-world fixtures in ../shared/fixtures (beside the repository). They are read in
/// place, never copied into the repository; tests that need them are skipped, with the
/// reason shown, when the folder is not there.
/// </summary>
public static class Fixtures
{
    public static readonly string? Root = FindRoot();

    public const string MissingReason = "../shared/fixtures is not present beside the repository: real-world fixture tests skipped";

    public static string RepositoryRoot { get; } = FindRepositoryRoot();

    public static string Path(params string[] parts) =>
        System.IO.Path.Combine([Root ?? throw new InvalidOperationException(MissingReason), .. parts]);

    private static string FindRepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(System.IO.Path.Combine(directory.FullName, "PackModule.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("Cannot find the repository root (PackModule.sln).");
    }

    private static string? FindRoot()
    {
        var candidate = System.IO.Path.GetFullPath(System.IO.Path.Combine(FindRepositoryRoot(), "..", "shared", "fixtures"));
        return Directory.Exists(candidate) ? candidate : null;
    }
}

/// <summary>A fact that needs ../shared/fixtures; skipped with the reason when it is absent.</summary>
public sealed class FixtureFactAttribute : FactAttribute
{
    public FixtureFactAttribute()
    {
        if (Fixtures.Root is null)
        {
            Skip = Fixtures.MissingReason;
        }
    }
}

/// <summary>A theory that needs ../shared/fixtures; skipped with the reason when it is absent.</summary>
public sealed class FixtureTheoryAttribute : TheoryAttribute
{
    public FixtureTheoryAttribute()
    {
        if (Fixtures.Root is null)
        {
            Skip = Fixtures.MissingReason;
        }
    }
}
