using Exporter.Configuration;
using Prometheus;

namespace Exporter.Metrics;

/// <summary>
/// What probes publish: success and duration of the last probe, a latency histogram of every probe, and
/// failures by reason. Names follow the configured namespace (<see cref="ProbeMetricNames"/>).
/// </summary>
public sealed class ProbeMetrics
{
    private static readonly string[] ProbeLabels = ["probe"];

    public ProbeMetrics(CollectorRegistry registry, ExporterDefinition definition)
    {
        var factory = Prometheus.Metrics.WithCustomRegistry(registry);
        var ns = definition.Namespace;
        Success = factory.CreateGauge(ProbeMetricNames.Success(ns),
            "1 when the probe's last request got the expected status and body, 0 when it failed. Refreshed on the probe's schedule by the exporter.",
            new GaugeConfiguration { LabelNames = ProbeLabels, SuppressInitialValue = true });
        Duration = factory.CreateGauge(ProbeMetricNames.Duration(ns),
            "Seconds the probe's last request took, failed or not (DNS, connect, TLS, redirects, headers and body). Refreshed on the probe's schedule by the exporter.",
            new GaugeConfiguration { LabelNames = ProbeLabels, SuppressInitialValue = true });
        Latency = factory.CreateHistogram(ProbeMetricNames.Latency(ns),
            "Seconds each probe request took, failed or not (a timeout is observed at about the timeout).",
            ProbeLabels,
            new HistogramConfiguration { Buckets = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10] });
        Errors = factory.CreateCounter(ProbeMetricNames.Errors,
            "Failed probes, by reason (timeout, dns, tls, connection_refused, connection, status, body).",
            ["probe", "reason"]);
    }

    public Gauge Success { get; }

    public Gauge Duration { get; }

    public Histogram Latency { get; }

    public Counter Errors { get; }

    /// <summary>Removes every series of a probe that is no longer configured.</summary>
    public void Withdraw(string probe)
    {
        Success.RemoveLabelled(probe);
        Duration.RemoveLabelled(probe);
        Latency.RemoveLabelled(probe);
        foreach (var labels in Errors.GetAllLabelValues().Where(l => l[0] == probe).ToArray())
            Errors.RemoveLabelled(labels);
    }
}
