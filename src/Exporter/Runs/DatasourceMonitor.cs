using System.Collections.Concurrent;
using Exporter.Configuration;
using Exporter.Datasources;
using Exporter.Metrics;
using Microsoft.Extensions.Logging;

namespace Exporter.Runs;

/// <summary>
/// Datasource health as one state per datasource, fed by KPI runs: the first run that cannot connect (or log in)
/// turns it down, with one log line and <c>exporter_datasource_up 0</c>; its KPIs are then skipped (counted, not
/// logged) and one probe connection per back-off step (1s, 2s, 4s, ... at most half the shortest schedule of its
/// KPIs) decides for all of them. When it answers: one log line, and its KPIs that failed or were skipped run at
/// once instead of waiting for their next schedule.
/// </summary>
public sealed class DatasourceMonitor : IAsyncDisposable
{
    public static readonly TimeSpan FirstRetry = TimeSpan.FromSeconds(1);

    private readonly ExporterDefinition _definition;
    private readonly DatasourceRegistry _datasources;
    private readonly ExporterMetrics _metrics;
    private readonly TimeProvider _time;
    private readonly ILogger<DatasourceMonitor> _logger;
    private readonly CancellationTokenSource _stopping = new();
    private readonly ConcurrentDictionary<Task, bool> _background = new();

    public DatasourceMonitor(
        ExporterDefinition definition, DatasourceRegistry datasources, ExporterMetrics metrics, TimeProvider time, ILogger<DatasourceMonitor> logger) =>
        (_definition, _datasources, _metrics, _time, _logger) = (definition, datasources, metrics, time, logger);

    /// <summary>Runs the KPIs of a datasource that just came back (set by the KPI executor).</summary>
    public Func<string, CancellationToken, Task>? OnRecovered { get; set; }

    public IReadOnlyList<DatasourceStatus> All => [.. _definition.Datasources.Select(d => _datasources.Get(d.Name).Health.Status)];

    public DatasourceStatus Get(string source) => _datasources.Get(source).Health.Status;

    /// <summary>A KPI run connected: the datasource is up (and, when it was down, its KPIs run now).</summary>
    public void Reached(string source)
    {
        _metrics.DatasourceUp.WithLabels(source).Set(1);
        if (_datasources.Get(source).Health.MarkUp(_time.GetUtcNow()) is not { } ended)
            return;
        var downtime = Duration.Format(Round(_time.GetUtcNow() - ended.Since!.Value));
        DatasourceLog.Up(_logger, source, downtime);
        if (OnRecovered is { } recovered)
            Track(Task.Run(() => recovered(source, _stopping.Token)));
    }

    /// <summary>A KPI run could not connect or log in (the error is redacted): the datasource is down.</summary>
    public void Unreachable(string source, string error)
    {
        _metrics.DatasourceUp.WithLabels(source).Set(0);
        var datasource = _datasources.Get(source);
        if (!datasource.Health.MarkDown(error, _time.GetUtcNow()))
            return;
        datasource.ClearPool();
        var maxRetry = MaxRetry(source);
        var (kpis, maxRetryText) = (_definition.Targets.Count(t => t.Source == source), Duration.Format(maxRetry));
        DatasourceLog.Down(_logger, source, error, kpis, maxRetryText);
        Track(Task.Run(() => RetryAsync(datasource, maxRetry, _stopping.Token)));
    }

    /// <summary>Half the shortest schedule of the datasource's KPIs (at least <see cref="FirstRetry"/>): a retry never waits longer than a KPI would.</summary>
    public TimeSpan MaxRetry(string source)
    {
        var now = _time.GetUtcNow();
        var periods = _definition.Targets.Where(t => t.Source == source).Select(t => t.Kpi.Schedule.Period(now)).DefaultIfEmpty(TimeSpan.FromMinutes(1));
        var half = periods.Min() / 2;
        return half > FirstRetry ? half : FirstRetry;
    }

    private async Task RetryAsync(Datasource datasource, TimeSpan maxRetry, CancellationToken cancellationToken)
    {
        var wait = FirstRetry;
        try
        {
            while (datasource.Health.Status.IsDown)
            {
                await Task.Delay(wait, _time, cancellationToken);
                if (!datasource.Health.Status.IsDown)
                    return;
                if (await datasource.ProbeAsync(cancellationToken) is { } error)
                    datasource.Health.UpdateError(_definition.Redactor.Redact(error));
                else
                    Reached(datasource.Name);
                wait = wait * 2 < maxRetry ? wait * 2 : maxRetry;
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Shutting down.
        }
    }

    private void Track(Task task)
    {
        _background[task] = true;
        task.ContinueWith(t => _background.TryRemove(t, out _), TaskScheduler.Default);
    }

    private static TimeSpan Round(TimeSpan span) => TimeSpan.FromSeconds(Math.Max(1, Math.Round(span.TotalSeconds)));

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        try
        {
            await Task.WhenAll(_background.Keys);
        }
        catch (OperationCanceledException)
        {
            // Recovery runs cancelled by the shutdown.
        }
        _stopping.Dispose();
    }
}
