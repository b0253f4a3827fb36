using Exporter.Configuration;
using Exporter.Metrics;
using Exporter.Probes;

namespace Exporter.Runs;

/// <summary>
/// One probe, end to end: run it, publish its metrics, record its status, log the outcome.
/// The scheduler runs it as the <c>probe</c> kind of work, one item per probe.
/// </summary>
public sealed class ProbeExecutor(
    ExporterDefinition definition, ProbeRunner runner, ProbeMetrics metrics, StatusBoard<ProbeStatus> board, ILogger<ProbeExecutor> logger)
    : IScheduledWork
{
    // Replaced whole on reload; a probe records its result only while it is still the configured one.
    private volatile Dictionary<string, ProbeDefinition> _probes = definition.Probes.ToDictionary(p => p.Name, StringComparer.Ordinal);
    private readonly Lock _reload = new();

    public string Kind => "probe";

    public IReadOnlyList<ScheduledItem> Items => [.. _probes.Values.Select(p => new ScheduledItem(p.Name, p.Schedule))];

    public void Prepare(string key) => Register(_probes[key]);

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
                    metrics.Withdraw(old.Name);
                updated[probe.Name] = probe;
            }
            var removed = current.Keys.Where(name => !updated.ContainsKey(name)).ToArray();
            foreach (var name in removed)
                metrics.Withdraw(name);
            _probes = updated;
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
        lock (_reload)
        {
            // A reload removed or changed the probe while it ran: the result belongs to no configured probe.
            if (!_probes.TryGetValue(probe.Name, out var current) || !current.Equals(probe))
                return result;
            return Record(probe, result);
        }
    }

    private ProbeResult Record(ProbeDefinition probe, ProbeResult result)
    {
        var seconds = result.Duration.TotalSeconds;
        metrics.Success.WithLabels(probe.Name).Set(result.Succeeded ? 1 : 0);
        metrics.Duration.WithLabels(probe.Name).Set(seconds);
        metrics.Latency.WithLabels(probe.Name).Observe(seconds);
        board.Update(probe.Name, previous => previous.Recorded(result));
        if (result.Failure is { } failure)
        {
            metrics.Errors.WithLabels(probe.Name, failure.Reason).Inc();
            ProbeLog.Failed(logger, probe.Name, failure.Reason, result.Duration.TotalMilliseconds, failure.Message);
        }
        else
        {
            ProbeLog.Succeeded(logger, probe.Name, result.StatusCode ?? 0, result.Duration.TotalMilliseconds);
        }
        return result;
    }

    /// <summary>Creates the probe's histogram and error series at 0 before its first run, so increase() sees the first failure.</summary>
    private void Register(ProbeDefinition probe)
    {
        metrics.Latency.WithLabels(probe.Name);
        foreach (var reason in ProbeFailureReasons.Counted)
            metrics.Errors.WithLabels(probe.Name, reason);
    }
}
