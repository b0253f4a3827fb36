using Exporter.Configuration;

namespace Exporter.Metrics;

/// <summary>
/// What probes publish: success and duration of the last probe, a latency histogram of every probe, and
/// failures by reason. Names follow the configured namespace (<see cref="ProbeMetricNames"/>). Rendered from each
/// probe's recorded state (<see cref="ProbeOwnSeries"/>), like the KPI self-metrics.
/// </summary>
public sealed class ProbeMetrics
{
    public static readonly double[] LatencyBuckets = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

    private static readonly string[] ProbeLabels = ["probe"];
    private static readonly string[] ReasonLabels = ["probe", "reason"];
    private readonly string _success;
    private readonly string _duration;
    private readonly string _latency;

    public ProbeMetrics(KpiPublisher publisher, ExporterDefinition definition)
    {
        var ns = definition.Namespace;
        (_success, _duration, _latency) = (ProbeMetricNames.Success(ns), ProbeMetricNames.Duration(ns), ProbeMetricNames.Latency(ns));
        publisher.DefineFamily(_success,
            "1 when the probe's last request got the expected status and body, 0 when it failed. Refreshed on the probe's schedule by the exporter.", "gauge");
        publisher.DefineFamily(_duration,
            "Seconds the probe's last request took, failed or not (DNS, connect, TLS, redirects, headers and body). Refreshed on the probe's schedule by the exporter.", "gauge");
        publisher.DefineFamily(_latency,
            "Seconds each probe request took, failed or not (a timeout is observed at about the timeout).", "histogram");
        publisher.DefineFamily(ProbeMetricNames.Errors,
            "Failed probes, by reason (timeout, dns, tls, connection_refused, connection, status, body).", "counter");
    }

    /// <summary>The samples of one probe, by metric.</summary>
    public IReadOnlyDictionary<string, byte[]> Render(ProbeOwnSeries probe)
    {
        string[] labels = [probe.Probe];
        var samples = new Dictionary<string, byte[]>(StringComparer.Ordinal)
        {
            [_latency] = TextFormat.Histogram(_latency, ProbeLabels, labels, probe.Latency),
            [ProbeMetricNames.Errors] = TextFormat.CountsByReason(ProbeMetricNames.Errors, ReasonLabels, labels, probe.Errors),
        };
        if (probe.Success is { } success)
            samples[_success] = TextFormat.Sample(_success, ProbeLabels, labels, success);
        if (probe.Duration is { } duration)
            samples[_duration] = TextFormat.Sample(_duration, ProbeLabels, labels, duration);
        return samples;
    }
}

/// <summary>What one probe's metrics show; null: not measured yet.</summary>
public sealed record ProbeOwnSeries(string Probe, double? Success, double? Duration, HistogramCounts Latency, IReadOnlyDictionary<string, long> Errors);
