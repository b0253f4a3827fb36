using System.Collections.Concurrent;
using Exporter.Configuration;
using Exporter.Kpis;
using Exporter.Metrics;
using Microsoft.Extensions.Logging;
using Prometheus;

namespace Exporter.Runs;

/// <summary>
/// One unit of work: run a KPI on a datasource, publish its snapshot, update self-metrics and status.
/// A failed run keeps the last good values (marked stale) until they are older than stale_after
/// (default: three schedule periods), then withdraws them: a frozen number must not look live.
/// A KPI that has not succeeded for longer than it should (see <see cref="IsOverdue"/>) is marked stale too,
/// even while its runs are only late (queued behind a blocked datasource), never failed.
/// The scheduler runs it as the <c>kpi</c> kind of work, one item per (KPI, datasource).
/// </summary>
public sealed class KpiExecutor : IScheduledWork
{
    private readonly KpiRunner _runner;
    private readonly KpiPublisher _publisher;
    private readonly ExporterMetrics _metrics;
    private readonly StatusBoard<KpiStatus> _board;
    private readonly TimeProvider _time;
    private readonly DatasourceMonitor _monitor;
    private readonly ILogger<KpiExecutor> _logger;
    private readonly ConcurrentDictionary<string, SemaphoreSlim> _running = new(StringComparer.Ordinal);

    public KpiExecutor(
        ExporterDefinition definition,
        KpiRunner runner,
        KpiPublisher publisher,
        ExporterMetrics metrics,
        StatusBoard<KpiStatus> board,
        TimeProvider time,
        CollectorRegistry registry,
        DatasourceMonitor monitor,
        ILogger<KpiExecutor> logger)
    {
        (_runner, _publisher, _metrics, _board, _time, _monitor, _logger) = (runner, publisher, metrics, board, time, monitor, logger);
        monitor.OnRecovered = RunAfterOutageAsync;
        _targets = definition.Targets.ToDictionary(t => t.Key, StringComparer.Ordinal);
        registry.AddBeforeCollectCallback(MarkOverdueStale);
    }

    // Replaced whole on reload; a run records its result only while its target is still the configured one.
    private volatile Dictionary<string, KpiTarget> _targets;
    private readonly Lock _reload = new();

    public string Kind => "kpi";

    public IReadOnlyList<ScheduledItem> Items => [.. _targets.Values.Select(t => new ScheduledItem(t.Key, t.Kpi.Schedule))];

    public KpiTarget Target(string key) => _targets[key];

    public void Prepare(string key) => Register(_targets[key]);

    /// <summary>Runs the target; nothing when a reload has just removed it.</summary>
    public Task RunAsync(string key, CancellationToken cancellationToken) =>
        _targets.TryGetValue(key, out var target) ? ExecuteAsync(target, cancellationToken) : Task.CompletedTask;

    public ReloadDiff Apply(ExporterDefinition next)
    {
        lock (_reload)
        {
            var current = _targets;
            var updated = new Dictionary<string, KpiTarget>(StringComparer.Ordinal);
            var (added, changed, unchanged) = (new List<ScheduledItem>(), new List<ScheduledItem>(), new HashSet<string>(StringComparer.Ordinal));
            foreach (var target in next.Targets)
            {
                if (current.TryGetValue(target.Key, out var old) && old.SameWorkAs(target))
                {
                    // The same object stays, so its running query still counts and its values stay without a gap.
                    updated[target.Key] = old;
                    unchanged.Add(target.Key);
                    continue;
                }
                (old is null ? added : changed).Add(new ScheduledItem(target.Key, target.Kpi.Schedule));
                if (old is not null)
                    Withdraw(old);
                updated[target.Key] = target;
            }
            var removed = current.Keys.Where(key => !updated.ContainsKey(key)).ToArray();
            foreach (var key in removed)
                Withdraw(current[key]);
            foreach (var source in current.Values.Select(t => t.Source).Except(updated.Values.Select(t => t.Source), StringComparer.Ordinal))
                _metrics.DatasourceUp.RemoveLabelled(source);
            _targets = updated;
            _board.Reset(updated.Values.Select(t => (t.Key, KpiStatus.Pending(t))), unchanged);
            return new ReloadDiff(added, changed, removed, unchanged.Count);
        }
    }

    private void Withdraw(KpiTarget target)
    {
        _publisher.Withdraw(target);
        _metrics.Withdraw(target.Kpi.Name, target.Source);
    }

    public void RecordNextRun(string key, DateTimeOffset? nextRunAt) => _board.RecordNextRun(key, nextRunAt);

    /// <summary>
    /// The last success is older than one period plus the time a run may take (its timeout, at most one more
    /// period): the next run is overdue, so the values shown are not current.
    /// </summary>
    public static bool IsOverdue(KpiDefinition kpi, DateTimeOffset lastSuccess, DateTimeOffset now)
    {
        var period = kpi.Schedule.Period(now);
        return now - lastSuccess > period + (kpi.Timeout < period ? kpi.Timeout : period);
    }

    private void MarkOverdueStale()
    {
        var now = _time.GetUtcNow();
        // Under the reload lock: a KPI a reload has just removed must not get its stale series back.
        lock (_reload)
        {
            foreach (var target in _targets.Values)
                if (_board.Get(target.Key).LastSuccessAt is { } lastSuccess && IsOverdue(target.Kpi, lastSuccess, now))
                    _metrics.KpiStale.WithLabels(target.Kpi.Name, target.Source).Set(1);
        }
    }

    /// <summary>Runs the target once; never two runs of one target at once (a scheduled run waits for a recovery run).</summary>
    public async Task<KpiResult> ExecuteAsync(KpiTarget target, CancellationToken cancellationToken)
    {
        var running = _running.GetOrAdd(target.Key, _ => new SemaphoreSlim(1, 1));
        try
        {
            await running.WaitAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            return new KpiResult(target, _time.GetUtcNow(), TimeSpan.Zero, 0, [], 0,
                new KpiFailure(KpiFailureReasons.Cancelled, "the run was cancelled (shutting down)"));
        }
        try
        {
            return await RunAndRecordAsync(target, cancellationToken);
        }
        finally
        {
            running.Release();
        }
    }

    /// <summary>After an outage: the datasource's KPIs that could not connect or were skipped run now, not at their next schedule.</summary>
    private async Task RunAfterOutageAsync(string source, CancellationToken cancellationToken)
    {
        // Only what the outage held back: a KPI failing for its own reasons keeps its schedule.
        var waiting = _targets.Values.Where(t => t.Source == source
            && _board.Get(t.Key).LastErrorReason is KpiFailureReasons.Connection or KpiFailureReasons.DatasourceDown);
        await Task.WhenAll(waiting.Select(async target =>
        {
            var running = _running.GetOrAdd(target.Key, _ => new SemaphoreSlim(1, 1));
            if (!await running.WaitAsync(TimeSpan.Zero, cancellationToken))
                return; // already running on its schedule
            try
            {
                await RunAndRecordAsync(target, cancellationToken);
            }
            finally
            {
                running.Release();
            }
        }));
    }

    private async Task<KpiResult> RunAndRecordAsync(KpiTarget target, CancellationToken cancellationToken)
    {
        var result = await _runner.RunAsync(target, cancellationToken);
        if (result.Failure?.Reason == KpiFailureReasons.Cancelled)
            return result; // shutting down: keep the last state, count nothing
        lock (_reload)
        {
            // A reload removed or changed the KPI while its query ran: the result belongs to no configured KPI.
            if (!_targets.TryGetValue(target.Key, out var current) || !current.Equals(target))
                return result;
            if (result.Failure?.Reason == KpiFailureReasons.DatasourceDown)
            {
                Skip(target, result);
                return result;
            }
            return Record(target, result);
        }
    }

    private KpiResult Record(KpiTarget target, KpiResult result)
    {
        if (result.Succeeded)
            result = Publish(result);
        var (kpi, source) = (target.Kpi.Name, target.Source);
        var previous = _board.Get(target.Key);
        _metrics.KpiQueryDuration.WithLabels(kpi, source).Observe(result.Duration.TotalSeconds);
        _metrics.KpiUp.WithLabels(kpi, source).Set(result.Succeeded ? 1 : 0);
        _metrics.KpiStale.WithLabels(kpi, source).Set(result.Succeeded ? 0 : 1);
        _board.Update(target.Key, status => status.Recorded(result));
        if (result.Failure?.Reason == KpiFailureReasons.Connection)
            _monitor.Unreachable(source, result.Failure.Message);
        else
            _monitor.Reached(source);

        if (result.Failure is { } failure)
        {
            _metrics.KpiErrors.WithLabels(kpi, source, failure.Reason).Inc();
            // Once per change (ok -> failing, or another reason), not on every run; a datasource outage is
            // logged once for the datasource, not once per KPI.
            if (failure.Reason != KpiFailureReasons.Connection && (previous.LastRunSucceeded != false || previous.LastErrorReason != failure.Reason))
                KpiLog.Failed(_logger, kpi, source, failure.Reason, failure.Message);
            WithdrawIfTooOld(target);
        }
        else
        {
            _metrics.KpiLastSuccess.WithLabels(kpi, source).Set(result.StartedAt.ToUnixTimeMilliseconds() / 1000.0);
            _metrics.KpiSeries.WithLabels(kpi, source).Set(result.Series.Count);
            if (result.Dropped > 0)
            {
                _metrics.KpiSeriesDropped.WithLabels(kpi, source).Inc(result.Dropped);
                KpiLog.SeriesDropped(_logger, kpi, source, target.Kpi.MaxSeries, result.Dropped);
            }
            if (previous.LastRunSucceeded == false && previous.LastErrorReason is not (KpiFailureReasons.Connection or KpiFailureReasons.DatasourceDown))
                KpiLog.Recovered(_logger, kpi, source);
            KpiLog.Succeeded(_logger, kpi, source, result.Series.Count, result.Rows, result.Duration.TotalMilliseconds);
        }
        return result;
    }

    /// <summary>Its datasource is down: counted and shown, not logged (the datasource's line says why).</summary>
    private void Skip(KpiTarget target, KpiResult result)
    {
        var (kpi, source) = (target.Kpi.Name, target.Source);
        _metrics.KpiSkipped.WithLabels(kpi, source, KpiFailureReasons.DatasourceDown).Inc();
        _metrics.KpiUp.WithLabels(kpi, source).Set(0);
        _metrics.KpiStale.WithLabels(kpi, source).Set(1);
        _metrics.DatasourceUp.WithLabels(source).Set(0);
        _board.Update(target.Key, status => status.Recorded(result));
        WithdrawIfTooOld(target);
    }

    /// <summary>Sets the series that exist before a KPI's first run, so alerts and boards see every KPI.</summary>
    private void Register(KpiTarget target)
    {
        var (kpi, source) = (target.Kpi.Name, target.Source);
        _metrics.KpiStale.WithLabels(kpi, source).Set(1);
        _metrics.KpiScheduleInterval.WithLabels(kpi, source).Set(target.Kpi.Schedule.Period(_time.GetUtcNow()).TotalSeconds);
        _metrics.KpiSeriesDropped.WithLabels(kpi, source);
        _metrics.KpiSkipped.WithLabels(kpi, source, KpiFailureReasons.DatasourceDown);
    }

    private KpiResult Publish(KpiResult result)
    {
        try
        {
            _publisher.Publish(result.Target, result.Series);
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
        var status = _board.Get(target.Key);
        if (status.LastSuccessAt is not { } lastSuccess || status.Values.Count == 0)
            return;
        var staleAfter = target.Kpi.StaleAfter ?? 3 * target.Kpi.Schedule.Period(_time.GetUtcNow());
        if (_time.GetUtcNow() - lastSuccess < staleAfter)
            return;
        _publisher.Withdraw(target);
        _board.Update(target.Key, previous => previous with { Values = [] });
        KpiLog.Withdrawn(_logger, target.Kpi.Name, target.Source, Duration.Format(staleAfter));
    }
}
