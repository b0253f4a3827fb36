using System.Collections.Concurrent;
using Exporter.Configuration;
using Exporter.Kpis;
using Exporter.Metrics;
using Microsoft.Extensions.Logging;
using Prometheus;

namespace Exporter.Runs;

/// <summary>
/// One unit of work: run a KPI on a datasource, record its status (in the status store: this process, or the
/// cluster's state database) and show it (<see cref="KpiView"/>). A failed run keeps the last good values (marked
/// stale) until they are older than stale_after (default: three schedule periods), then withdraws them: a frozen
/// number must not look live. A KPI whose next run is overdue is shown stale too, even while its runs are only late.
/// The scheduler runs it as the <c>kpi</c> kind of work, one item per (KPI, datasource).
/// </summary>
public sealed class KpiExecutor : IScheduledWork, ISharedWork
{
    private readonly KpiRunner _runner;
    private readonly KpiView _view;
    private readonly IStatusStore _store;
    private readonly ExporterMetrics _metrics;
    private readonly StatusBoard<KpiStatus> _board;
    private readonly TimeProvider _time;
    private readonly DatasourceMonitor _monitor;
    private readonly ILogger<KpiExecutor> _logger;
    private readonly ConcurrentDictionary<string, SemaphoreSlim> _running = new(StringComparer.Ordinal);
    private readonly ShownRevisions _shown = new();

    public KpiExecutor(
        ExporterDefinition definition,
        KpiRunner runner,
        KpiView view,
        IStatusStore store,
        ExporterMetrics metrics,
        StatusBoard<KpiStatus> board,
        TimeProvider time,
        CollectorRegistry registry,
        DatasourceMonitor monitor,
        ILogger<KpiExecutor> logger)
    {
        (_runner, _view, _store, _metrics, _board, _time, _monitor, _logger) = (runner, view, store, metrics, board, time, monitor, logger);
        // In a cluster a recovery run would run outside the scheduler, on every replica: the next scheduled run does it.
        if (definition.Cluster is null)
            monitor.OnRecovered = RunAfterOutageAsync;
        _targets = definition.Targets.ToDictionary(t => t.Key, StringComparer.Ordinal);
        _versions = _targets.Values.ToDictionary(t => t.Key, WorkVersion.Of, StringComparer.Ordinal);
        registry.AddBeforeCollectCallback(RefreshOverdue);
    }

    // Replaced whole on reload; a run records its result only while its target is still the configured one.
    private volatile Dictionary<string, KpiTarget> _targets;
    private volatile Dictionary<string, string> _versions;
    private readonly Lock _reload = new();

    public string Kind => "kpi";

    public IReadOnlyList<ScheduledItem> Items => [.. _targets.Values.Select(t => new ScheduledItem(t.Key, t.Kpi.Schedule))];

    public KpiTarget Target(string key) => _targets[key];

    /// <summary>Shows the KPI before its first run (stale, its schedule, zero counters), so alerts and boards see every KPI.</summary>
    public void Prepare(string key)
    {
        lock (_reload)
            _view.Show(_targets[key], _board.Get(key), withValues: false);
    }

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
                    Hide(old);
                updated[target.Key] = target;
            }
            var removed = current.Keys.Where(key => !updated.ContainsKey(key)).ToArray();
            foreach (var key in removed)
                Hide(current[key]);
            foreach (var source in current.Values.Select(t => t.Source).Except(updated.Values.Select(t => t.Source), StringComparer.Ordinal))
                _metrics.DatasourceUp.RemoveLabelled(source);
            _targets = updated;
            _versions = updated.Values.ToDictionary(t => t.Key, t => unchanged.Contains(t.Key) ? _versions[t.Key] : WorkVersion.Of(t), StringComparer.Ordinal);
            _board.Reset(updated.Values.Select(t => (t.Key, KpiStatus.Pending(t))), unchanged);
            return new ReloadDiff(added, changed, removed, unchanged.Count);
        }
    }

    private void Hide(KpiTarget target)
    {
        _view.Hide(target);
        _shown.Forget(target.Key);
    }

    public void RecordNextRun(string key, DateTimeOffset? nextRunAt) => _board.RecordNextRun(key, nextRunAt);

    private void RefreshOverdue()
    {
        // Under the reload lock: a KPI a reload has just removed must not be shown again.
        lock (_reload)
            _view.RefreshOverdue(_targets.Values.Select(t => (t, _board.Get(t.Key))));
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
        string version;
        KpiStatus current;
        lock (_reload)
        {
            // A reload removed or changed the KPI while its query ran: the result belongs to no configured KPI.
            if (!IsCurrent(target))
                return result;
            (version, current) = (_versions[target.Key], _board.Get(target.Key));
            // Published here, before it is recorded, so a run whose columns no longer fit is recorded as failed.
            if (result.Succeeded)
                result = Publish(result);
        }
        var skipped = result.Failure?.Reason == KpiFailureReasons.DatasourceDown;
        var staleAfter = target.Kpi.StaleAfter ?? 3 * target.Kpi.Schedule.Period(_time.GetUtcNow());
        var (status, revision) = await _store.RecordAsync(Kind, target.Key, version, current,
            previous => (skipped ? previous.Skipped(result) : previous.Recorded(result)).WithoutValuesOlderThan(staleAfter, _time.GetUtcNow()),
            CancellationToken.None);
        lock (_reload)
        {
            if (!IsCurrent(target))
                return result;
            var previous = _board.Get(target.Key);
            Show(target, status, revision, withValues: !result.Succeeded && status.Values.Count == 0 && previous.Values.Count > 0);
            if (skipped)
                _metrics.DatasourceUp.WithLabels(target.Source).Set(0);
            else
                Log(target, result, previous, status);
        }
        return result;
    }

    private bool IsCurrent(KpiTarget target) => _targets.TryGetValue(target.Key, out var current) && current.Equals(target);

    /// <summary>Puts a recorded status on the board and on /metrics, unless a newer one is already shown.</summary>
    private bool Show(KpiTarget target, KpiStatus status, long revision, bool withValues)
    {
        if (!_shown.Advance(target.Key, revision))
            return false;
        var nextRunAt = _board.Get(target.Key).NextRunAt;
        _board.Update(target.Key, _ => status.WithNextRunAt(nextRunAt));
        _view.Show(target, status, withValues);
        return true;
    }

    public long ShownRevision(string key)
    {
        lock (_reload)
            return _shown.Of(key);
    }

    /// <summary>A status another replica recorded: shown as if this replica had run the KPI (nothing is logged).</summary>
    public void ApplyShared(string key, string version, long revision, string state)
    {
        lock (_reload)
        {
            if (!_targets.TryGetValue(key, out var target) || _versions[key] != version)
                return; // another version of the KPI (a rolling config change): not ours to show
            var status = SharedStatus.Read<KpiStatus>(state);
            try
            {
                Show(target, status with { Kpi = target.Kpi.Name, Source = target.Source }, revision, withValues: true);
            }
            catch (KpiMappingException)
            {
                // Its columns no longer fit this replica's families (a restart changed them): its self-metrics show the rest.
            }
            if (status.LastErrorReason == KpiFailureReasons.Connection && status.LastError is { } error)
                _monitor.Unreachable(target.Source, error);
            else if (status.LastRunSucceeded == true)
                _monitor.Reached(target.Source);
        }
    }

    private void Log(KpiTarget target, KpiResult result, KpiStatus previous, KpiStatus status)
    {
        var (kpi, source) = (target.Kpi.Name, target.Source);
        if (result.Failure?.Reason == KpiFailureReasons.Connection)
            _monitor.Unreachable(source, result.Failure.Message);
        else
            _monitor.Reached(source);
        if (result.Failure is { } failure)
        {
            // Once per change (ok -> failing, or another reason), not on every run; a datasource outage is
            // logged once for the datasource, not once per KPI.
            if (failure.Reason != KpiFailureReasons.Connection && (previous.LastRunSucceeded != false || previous.LastErrorReason != failure.Reason))
                KpiLog.Failed(_logger, kpi, source, failure.Reason, failure.Message);
            if (previous.Values.Count > 0 && status.Values.Count == 0)
                KpiLog.Withdrawn(_logger, kpi, source, Duration.Format(target.Kpi.StaleAfter ?? 3 * target.Kpi.Schedule.Period(_time.GetUtcNow())));
            return;
        }
        if (result.Dropped > 0)
            KpiLog.SeriesDropped(_logger, kpi, source, target.Kpi.MaxSeries, result.Dropped);
        if (previous.LastRunSucceeded == false && previous.LastErrorReason is not (KpiFailureReasons.Connection or KpiFailureReasons.DatasourceDown))
            KpiLog.Recovered(_logger, kpi, source);
        KpiLog.Succeeded(_logger, kpi, source, result.Series.Count, result.Rows, result.Duration.TotalMilliseconds);
    }

    private KpiResult Publish(KpiResult result)
    {
        try
        {
            _view.ShowValues(result.Target, result.Series);
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
}
