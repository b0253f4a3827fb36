using System.Diagnostics;
using System.Globalization;

namespace Exporter.Demo;

/// <summary>The <c>demo seed</c> progress when stdout is not a terminal: plain lines, at most one per 10 s per table.</summary>
public sealed class DemoProgressLog(TextWriter output) : IDemoSeedProgress
{
    private static readonly TimeSpan Every = TimeSpan.FromSeconds(10);

    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private long _rows;
    private long _estimate;
    private TimeSpan _lastLine;

    public void Step(string description) => Line($"{description}...");

    public void TableStarted(string table, long estimatedRows)
    {
        (_rows, _estimate, _lastLine) = (0, estimatedRows, _clock.Elapsed);
        Line($"{table}: ~{estimatedRows:N0} rows...");
    }

    public void RowsWritten(string table, long rows)
    {
        _rows += rows;
        if (_clock.Elapsed - _lastLine < Every)
            return;
        _lastLine = _clock.Elapsed;
        Line($"{table}: {_rows:N0} of ~{_estimate:N0} rows");
    }

    public void TableFinished(string table, long rows, TimeSpan elapsed) =>
        Line($"{table}: {rows:N0} rows in {elapsed.TotalSeconds:F1} s");

    private void Line(FormattableString message)
    {
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"[{_clock.Elapsed.TotalSeconds,6:F1} s] {message.ToString(CultureInfo.InvariantCulture)}"));
        output.Flush();
    }
}
