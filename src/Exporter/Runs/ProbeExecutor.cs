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
    private readonly Dictionary<string, ProbeDefinition> _probes = definition.Probes.ToDictionary(p => p.Name, StringComparer.Ordinal);

    public string Kind => "probe";

    public IReadOnlyList<ScheduledItem> Items { get; } = [.. definition.Probes.Select(p => new ScheduledItem(p.Name, p.Schedule))];

    public void Prepare(string key) => Register(_probes[key]);

    public Task RunAsync(string key, CancellationToken cancellationToken) => ExecuteAsync(_probes[key], cancellationToken);

    public void RecordNextRun(string key, DateTimeOffset? nextRunAt) => board.RecordNextRun(key, nextRunAt);

    public async Task<ProbeResult> ExecuteAsync(ProbeDefinition probe, CancellationToken cancellationToken)
    {
        var result = await runner.RunAsync(probe, cancellationToken);
        // Shutting down: the probe measured nothing about the target.
        if (result.Failure?.Reason == ProbeFailureReasons.Cancelled)
            return result;

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
