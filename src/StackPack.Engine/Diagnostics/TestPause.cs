namespace StackPack.Engine.Diagnostics;

/// <summary>
/// A test-only seam for the kill tests: with STACKPACK_TEST_PAUSE_AT set to a point's name, the
/// process reaching that point writes its process id to STACKPACK_TEST_PAUSE_FILE and waits, so a
/// test can kill it (SIGKILL) at exactly that moment of an install. Unset (always, outside tests),
/// every point is a no-op. The wait is bounded so a forgotten paused process ends by itself.
/// </summary>
public static class TestPause
{
    public const string PointVariable = "STACKPACK_TEST_PAUSE_AT";
    public const string FileVariable = "STACKPACK_TEST_PAUSE_FILE";

    /// <summary>The old virtualenv is aside and the new one exists but is incomplete (no pip, no requirements).</summary>
    public const string VirtualEnvRebuild = "venv-rebuild";

    /// <summary>The new virtualenv is complete and the journal says "swap"; the old pack is still in place.</summary>
    public const string BeforeSwap = "before-swap";

    /// <summary>The fallback swap (no renameat2) has moved the old pack aside but not yet the new one in.</summary>
    public const string BetweenMoves = "swap-between-moves";

    /// <summary>The new pack is in place; the old pack, old virtualenv and journal are not yet removed.</summary>
    public const string AfterSwap = "after-swap";

    public static void At(string point)
    {
        if (!string.Equals(Environment.GetEnvironmentVariable(PointVariable), point, StringComparison.Ordinal))
        {
            return;
        }

        var file = Environment.GetEnvironmentVariable(FileVariable);
        if (!string.IsNullOrEmpty(file))
        {
            IO.AtomicFile.WriteAllText(file, Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        Thread.Sleep(TimeSpan.FromMinutes(10));
        throw new InvalidOperationException($"Test pause at '{point}' was never ended by the test.");
    }
}
