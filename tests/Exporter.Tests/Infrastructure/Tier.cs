namespace Exporter.Tests.Infrastructure;

/// <summary>
/// The two test tiers. Fast (no trait): pure code and tests against one database, in-process. Stack
/// (<c>[Trait(Tier.Name, Tier.Stack)]</c>): child processes, a scheduler and web host, headless Chromium, a
/// live Prometheus. <c>scripts/test.sh --fast</c> runs the fast tier (<c>--filter "Tier!=Stack"</c>).
/// </summary>
internal static class Tier
{
    public const string Name = "Tier";
    public const string Stack = "Stack";

    /// <summary>
    /// Tests that start the exporter as a child process (<see cref="ExporterProcess"/>), marked
    /// <c>[Trait(Tier.Exporter, Tier.ChildProcess)]</c>: scripts/test.sh runs them a second time on the NativeAOT build
    /// (<c>--filter "Exporter=ChildProcess"</c> with <c>EXPORTER_TEST_BINARY</c> set).
    /// </summary>
    public const string Exporter = "Exporter";
    public const string ChildProcess = "ChildProcess";
}
