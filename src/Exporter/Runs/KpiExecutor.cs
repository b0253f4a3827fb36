using Exporter.Configuration;
using Exporter.Kpis;
using Exporter.Metrics;
using Microsoft.Extensions.Logging;

namespace Exporter.Runs;

/// <summary>
/// One unit of work: run a KPI on a datasource, publish its snapshot, update self-metrics and status.
/// A failed run keeps the last good values (marked stale) until they are older than stale_after
/// (default: three schedule periods), then withdraws them: a frozen number must not look live.
/// The scheduler runs it as the <c>kpi</c> kind of work, one item per (KPI, datasource).
/// </summary>
public sealed class KpiExecutor(
    ExporterDefinition definition,
    KpiRunner runner,
    KpiPublisher publisher,
    ExporterMetrics metrics,
    StatusBoard<KpiStatus> board,
    TimeProvider time,
    ILogger<KpiExecutor> logger) : IScheduledWork
{
    private readonly Dictionary<string, KpiTarget> _targets = definition.Targets.ToDictionary(t => t.Key, StringComparer.Ordinal);

    public string Kind => "kpi";

    public IReadOnlyList<ScheduledItem> Items { get; } = [.. definition.Targets.Select(t => new ScheduledItem(t.Key, t.Kpi.Schedule))];

    public KpiTarget Target(string key) => _targets[key];

    public void Prepare(string key) => Register(_targets[key]);

    public Task RunAsync(string key, CancellationToken cancellationToken) => ExecuteAsync(_targets[key], cancellationToken);

    public void RecordNextRun(string key, DateTimeOffset? nextRunAt) => board.RecordNextRun(key, nextRunAt);

    public async Task<KpiResult> ExecuteAsync(KpiTarget target, CancellationToken cancellationToken)
    {
        var result = await runner.RunAsync(target, cancellationToken);
        if (result.Failure?.Reason == KpiFailureReasons.Cancelled)
            return result; // shutting down: keep the last state, count nothing
        if (result.Succeeded)
            result = Publish(result);
        var (kpi, source) = (target.Kpi.Name, target.Source);
        metrics.KpiQueryDuration.WithLabels(kpi, source).Observe(result.Duration.TotalSeconds);
        metrics.DatasourceUp.WithLabels(source).Set(result.Failure?.Reason == KpiFailureReasons.Connection ? 0 : 1);
        metrics.KpiUp.WithLabels(kpi, source).Set(result.Succeeded ? 1 : 0);
        metrics.KpiStale.WithLabels(kpi, source).Set(result.Succeeded ? 0 : 1);
        board.Update(target.Key, previous => previous.Recorded(result));

        if (result.Failure is { } failure)
        {
            metrics.KpiErrors.WithLabels(kpi, source, failure.Reason).Inc();
            KpiLog.Failed(logger, kpi, source, failure.Reason, failure.Message);
            WithdrawIfTooOld(target);
        }
        else
        {
            metrics.KpiLastSuccess.WithLabels(kpi, source).Set(result.StartedAt.ToUnixTimeMilliseconds() / 1000.0);
            metrics.KpiSeries.WithLabels(kpi, source).Set(result.Series.Count);
            if (result.Dropped > 0)
            {
                metrics.KpiSeriesDropped.WithLabels(kpi, source).Inc(result.Dropped);
                KpiLog.SeriesDropped(logger, kpi, source, target.Kpi.MaxSeries, result.Dropped);
            }
            KpiLog.Succeeded(logger, kpi, source, result.Series.Count, result.Rows, result.Duration.TotalMilliseconds);
        }
        return result;
    }

    /// <summary>Sets the series that exist before a KPI's first run, so alerts and boards see every KPI.</summary>
    private void Register(KpiTarget target)
    {
        var (kpi, source) = (target.Kpi.Name, target.Source);
        metrics.KpiStale.WithLabels(kpi, source).Set(1);
        metrics.KpiScheduleInterval.WithLabels(kpi, source).Set(target.Kpi.Schedule.Period(time.GetUtcNow()).TotalSeconds);
        metrics.KpiSeriesDropped.WithLabels(kpi, source);
    }

    private KpiResult Publish(KpiResult result)
    {
        try
        {
            publisher.Publish(result.Target, result.Series);
            return result;
        }
        catch (KpiMappingException e)
        {
            return result with { Failure = new KpiFailure(e.Reason, e.Message) };
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException)
        {
            // e.g. a metric name already taken by another collector: this KPI fails, nothing else does.
            return result with { Failure = new KpiFailure(KpiFailureReasons.PublishError, e.Message) };
        }
    }

    private void WithdrawIfTooOld(KpiTarget target)
    {
        var status = board.Get(target.Key);
        if (status.LastSuccessAt is not { } lastSuccess || status.Values.Count == 0)
            return;
        var staleAfter = target.Kpi.StaleAfter ?? 3 * target.Kpi.Schedule.Period(time.GetUtcNow());
        if (time.GetUtcNow() - lastSuccess < staleAfter)
            return;
        publisher.Withdraw(target);
        board.Update(target.Key, previous => previous with { Values = [] });
        KpiLog.Withdrawn(logger, target.Kpi.Name, target.Source, Duration.Format(staleAfter));
    }
}
