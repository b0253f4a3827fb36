using System.Collections.Concurrent;
using Exporter.Configuration;
using Exporter.Kpis;
using Exporter.Metrics;

namespace Exporter.Runs;

/// <summary>
/// Shows a KPI's recorded status on <c>/metrics</c>: its series and its self-metrics, rendered once per change.
/// Staleness also depends on the clock (a KPI whose next run is overdue is stale while nothing changed), so
/// <see cref="RefreshOverdue"/> re-renders, before a scrape, the KPIs that just crossed that line.
/// </summary>
public sealed class KpiView(KpiPublisher publisher, TimeProvider time)
{
    private readonly ConcurrentDictionary<string, bool> _shownStale = new(StringComparer.Ordinal);

    /// <summary>Renders the KPI's self-metrics from <paramref name="status"/>; its series too when <paramref name="withValues"/>.</summary>
    /// <exception cref="KpiMappingException">The values' columns no longer match their metric's (only with values).</exception>
    public void Show(KpiTarget target, KpiStatus status, bool withValues)
    {
        if (withValues)
            ShowValues(target, status.Values);
        ShowOwn(target, status);
    }

    /// <summary>Replaces the KPI's series (none: withdrawn).</summary>
    /// <exception cref="KpiMappingException">The columns no longer match their metric's label names.</exception>
    public void ShowValues(KpiTarget target, IReadOnlyList<KpiSeries> values)
    {
        if (values.Count == 0)
            publisher.Withdraw(target);
        else
            publisher.Publish(target, values);
    }

    /// <summary>Removes everything the KPI shows: it is no longer configured (or changed and starts over).</summary>
    public void Hide(KpiTarget target)
    {
        publisher.Withdraw(target);
        publisher.WithdrawOwn(target.Key);
        _shownStale.TryRemove(target.Key, out _);
    }

    /// <summary>Re-renders the KPIs whose staleness changed with the clock alone.</summary>
    public void RefreshOverdue(IEnumerable<(KpiTarget Target, KpiStatus Status)> kpis)
    {
        var now = time.GetUtcNow();
        foreach (var (target, status) in kpis)
            if (_shownStale.TryGetValue(target.Key, out var shown) && shown != IsStale(target.Kpi, status, now))
                ShowOwn(target, status);
    }

    /// <summary>
    /// The last success is older than one period plus the time a run may take (its timeout, at most one more
    /// period): the next run is overdue, so the values shown are not current.
    /// </summary>
    public static bool IsOverdue(KpiDefinition kpi, DateTimeOffset lastSuccess, DateTimeOffset now)
    {
        var period = kpi.Schedule.Period(now);
        return now - lastSuccess > period + (kpi.Timeout < period ? kpi.Timeout : period);
    }

    private static bool IsStale(KpiDefinition kpi, KpiStatus status, DateTimeOffset now) =>
        status.LastRunSucceeded != true || IsOverdue(kpi, status.LastSuccessAt!.Value, now);

    private void ShowOwn(KpiTarget target, KpiStatus status)
    {
        var now = time.GetUtcNow();
        var stale = IsStale(target.Kpi, status, now);
        var counts = status.Counts;
        publisher.PublishOwn(target.Key, ExporterMetrics.Render(new KpiOwnSeries(
            target.Kpi.Name,
            target.Source,
            status.LastRunSucceeded is { } succeeded ? succeeded ? 1 : 0 : null,
            stale,
            status.LastSuccessAt,
            // At the last run, so every replica shows the same period for a cron whose periods differ.
            target.Kpi.Schedule.Period(status.LastRunAt ?? now),
            counts.Durations,
            counts.Errors,
            status.LastSeries,
            counts.SeriesDropped,
            counts.Skipped)));
        _shownStale[target.Key] = stale;
    }
}
