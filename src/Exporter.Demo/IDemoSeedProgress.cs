namespace Exporter.Demo;

/// <summary>Where <see cref="DemoSeeder"/> reports what it is doing: a progress bar on a terminal, log lines otherwise.</summary>
public interface IDemoSeedProgress
{
    /// <summary>A step without rows (generating, creating indexes, analyzing).</summary>
    void Step(string description);

    void TableStarted(string table, long estimatedRows);

    void RowsWritten(string table, long rows);

    void TableFinished(string table, long rows, TimeSpan elapsed);
}
