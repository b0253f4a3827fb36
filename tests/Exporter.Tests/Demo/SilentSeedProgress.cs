using Exporter.Demo;

namespace Exporter.Tests.Demo;

/// <summary>Progress that goes nowhere: the tests look at the data, not the bar.</summary>
public sealed class SilentSeedProgress : IDemoSeedProgress
{
    public static readonly SilentSeedProgress Instance = new();

    public void Step(string description)
    {
    }

    public void TableStarted(string table, long estimatedRows)
    {
    }

    public void RowsWritten(string table, long rows)
    {
    }

    public void TableFinished(string table, long rows, TimeSpan elapsed)
    {
    }
}
