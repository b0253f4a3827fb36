using System.Globalization;
using Spectre.Console;

namespace Exporter.Demo;

/// <summary>The <c>demo seed</c> progress on a terminal: one bar per table, a spinner per step.</summary>
public sealed class DemoProgressBar : IDemoSeedProgress
{
    private readonly ProgressContext _context;
    private readonly Dictionary<string, ProgressTask> _tables = new(StringComparer.Ordinal);
    private ProgressTask? _step;

    private DemoProgressBar(ProgressContext context) => _context = context;

    /// <summary>True when stdout is an interactive terminal the bar can redraw.</summary>
    public static bool CanDraw => !Console.IsOutputRedirected && AnsiConsole.Profile.Capabilities.Interactive;

    public static Task<DemoSeedResult> RunAsync(Func<IDemoSeedProgress, Task<DemoSeedResult>> seed) =>
        AnsiConsole.Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new PercentageColumn(),
                new ElapsedTimeColumn(), new SpinnerColumn())
            .StartAsync(async context =>
            {
                var bar = new DemoProgressBar(context);
                var result = await seed(bar);
                bar.FinishStep();
                return result;
            });

    public void Step(string description)
    {
        FinishStep();
        _step = _context.AddTask(Markup.Escape(description), maxValue: 1);
        _step.IsIndeterminate = true;
    }

    public void TableStarted(string table, long estimatedRows)
    {
        FinishStep();
        _tables[table] = _context.AddTask(Markup.Escape(table), maxValue: Math.Max(estimatedRows, 1));
    }

    public void RowsWritten(string table, long rows)
    {
        var task = _tables[table];
        // Estimates are rough: stretch the bar rather than overflow it.
        if (task.Value + rows >= task.MaxValue)
            task.MaxValue = (task.Value + rows) * 1.05;
        task.Increment(rows);
    }

    public void TableFinished(string table, long rows, TimeSpan elapsed)
    {
        var task = _tables[table];
        task.Description = Markup.Escape(string.Create(CultureInfo.InvariantCulture, $"{table} ({rows:N0} rows)"));
        task.MaxValue = Math.Max(rows, 1);
        task.Value = task.MaxValue;
        task.StopTask();
    }

    private void FinishStep()
    {
        if (_step is null)
            return;
        _step.IsIndeterminate = false;
        _step.Value = _step.MaxValue;
        _step.StopTask();
        _step = null;
    }
}
