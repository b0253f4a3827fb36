using Exporter.Metrics;
using Exporter.Probes;

namespace Exporter.Runs;

/// <summary>One probe, end to end: run it, publish its metrics, record its status, log the outcome.</summary>
public sealed class ProbeExecutor(ProbeRunner runner, ProbeMetrics metrics, ProbeStatusBoard board, ILogger<ProbeExecutor> logger)
{
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
        board.Record(result);
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
    public void Register(ProbeDefinition probe)
    {
        metrics.Latency.WithLabels(probe.Name);
        foreach (var reason in ProbeFailureReasons.Counted)
            metrics.Errors.WithLabels(probe.Name, reason);
    }
}
