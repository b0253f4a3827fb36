using Exporter.Configuration;
using Exporter.Metrics;
using Exporter.Probes;

namespace Exporter.Runs;

/// <summary>
/// One probe, end to end: run it, publish its metrics, record its status, log the outcome.
/// The scheduler runs it as the <c>probe</c> kind of work, one item per probe.
/// </summary>
public sealed class ProbeExecutor(
    ExporterDefinition definition, ProbeRunner runner, ProbeMetrics metrics, KpiPublisher publisher, IStatusStore store,
    StatusBoard<ProbeStatus> board, ILogger<ProbeExecutor> logger)
    : IScheduledWork, ISharedWork
{
    // Replaced whole on reload; a probe records its result only while it is still the configured one.
    private volatile Dictionary<string, ProbeDefinition> _probes = definition.Probes.ToDictionary(p => p.Name, StringComparer.Ordinal);
    private volatile Dictionary<string, string> _versions = definition.Probes.ToDictionary(p => p.Name, WorkVersion.Of, StringComparer.Ordinal);
    private readonly ShownRevisions _shown = new();
    private readonly Lock _reload = new();

    public string Kind => "probe";

    public IReadOnlyList<ScheduledItem> Items => [.. _probes.Values.Select(p => new ScheduledItem(p.Name, p.Schedule))];

    /// <summary>Shows the probe's histogram and error series at 0 before its first run, so increase() sees the first failure.</summary>
    public void Prepare(string key)
    {
        lock (_reload)
            Show(key, board.Get(key));
    }

    /// <summary>Runs the probe; nothing when a reload has just removed it.</summary>
    public Task RunAsync(string key, CancellationToken cancellationToken) =>
        _probes.TryGetValue(key, out var probe) ? ExecuteAsync(probe, cancellationToken) : Task.CompletedTask;

    public ReloadDiff Apply(ExporterDefinition next)
    {
        lock (_reload)
        {
            var current = _probes;
            var updated = new Dictionary<string, ProbeDefinition>(StringComparer.Ordinal);
            var (added, changed, unchanged) = (new List<ScheduledItem>(), new List<ScheduledItem>(), new HashSet<string>(StringComparer.Ordinal));
            foreach (var probe in next.Probes)
            {
                if (current.TryGetValue(probe.Name, out var old) && old.SameWorkAs(probe))
                {
                    updated[probe.Name] = old;
                    unchanged.Add(probe.Name);
                    continue;
                }
                (old is null ? added : changed).Add(new ScheduledItem(probe.Name, probe.Schedule));
                if (old is not null)
                    Hide(old.Name);
                updated[probe.Name] = probe;
            }
            var removed = current.Keys.Where(name => !updated.ContainsKey(name)).ToArray();
            foreach (var name in removed)
                Hide(name);
            _probes = updated;
            _versions = updated.Values.ToDictionary(p => p.Name, p => unchanged.Contains(p.Name) ? _versions[p.Name] : WorkVersion.Of(p), StringComparer.Ordinal);
            board.Reset(updated.Values.Select(p => (p.Name, ProbeStatus.Pending(p, next.Redactor))), unchanged);
            return new ReloadDiff(added, changed, removed, unchanged.Count);
        }
    }

    public void RecordNextRun(string key, DateTimeOffset? nextRunAt) => board.RecordNextRun(key, nextRunAt);

    public async Task<ProbeResult> ExecuteAsync(ProbeDefinition probe, CancellationToken cancellationToken)
    {
        var result = await runner.RunAsync(probe, cancellationToken);
        // Shutting down: the probe measured nothing about the target.
        if (result.Failure?.Reason == ProbeFailureReasons.Cancelled)
            return result;
        string version;
        ProbeStatus current;
        lock (_reload)
        {
            // A reload removed or changed the probe while it ran: the result belongs to no configured probe.
            if (!IsCurrent(probe))
                return result;
            (version, current) = (_versions[probe.Name], board.Get(probe.Name));
        }
        var (status, revision) = await store.RecordAsync(Kind, probe.Name, version, current, previous => previous.Recorded(result), CancellationToken.None);
        lock (_reload)
        {
            if (!IsCurrent(probe) || !Show(probe.Name, status, revision))
                return result;
        }
        if (result.Failure is { } failure)
            ProbeLog.Failed(logger, probe.Name, failure.Reason, result.Duration.TotalMilliseconds, failure.Message);
        else
            ProbeLog.Succeeded(logger, probe.Name, result.StatusCode ?? 0, result.Duration.TotalMilliseconds);
        return result;
    }

    public long ShownRevision(string key)
    {
        lock (_reload)
            return _shown.Of(key);
    }

    /// <summary>A status another replica recorded: shown as if this replica had run the probe (nothing is logged).</summary>
    public void ApplyShared(string key, string version, long revision, string state)
    {
        lock (_reload)
        {
            if (_versions.GetValueOrDefault(key) == version)
                Show(key, SharedStatus.Read<ProbeStatus>(state), revision);
        }
    }

    private bool IsCurrent(ProbeDefinition probe) => _probes.TryGetValue(probe.Name, out var current) && current.Equals(probe);

    /// <summary>Puts a recorded status on the board and on /metrics, unless a newer one is already shown.</summary>
    private bool Show(string name, ProbeStatus status, long revision)
    {
        if (!_shown.Advance(name, revision))
            return false;
        var nextRunAt = board.Get(name).NextRunAt;
        board.Update(name, _ => status.WithNextRunAt(nextRunAt));
        Show(name, status);
        return true;
    }

    private void Show(string name, ProbeStatus status) =>
        publisher.PublishOwn(Kind + ":" + name, metrics.Render(new ProbeOwnSeries(
            name,
            status.LastRunSucceeded is { } succeeded ? succeeded ? 1 : 0 : null,
            status.LastDurationSeconds,
            status.Latency,
            status.Errors)));

    private void Hide(string name)
    {
        publisher.WithdrawOwn(Kind + ":" + name);
        _shown.Forget(name);
    }
}
