using System.Collections.Concurrent;
using Exporter.Kpis;
using Prometheus;

namespace Exporter.Metrics;

/// <summary>
/// Publishes a KPI run's series as prometheus-net gauges. Each run replaces the whole snapshot of its
/// (KPI, datasource): series whose rows vanished are removed, so nothing stale lingers under a live name.
/// </summary>
public sealed class KpiPublisher(CollectorRegistry registry)
{
    private readonly MetricFactory _factory = Prometheus.Metrics.WithCustomRegistry(registry);
    private readonly ConcurrentDictionary<string, (Gauge Gauge, string[] LabelNames)> _gauges = new(StringComparer.Ordinal);
    // The children each target published last: prometheus-net hands out one cached child per label set,
    // so "still published" is a reference comparison.
    private readonly ConcurrentDictionary<string, Gauge.Child[]> _published = new(StringComparer.Ordinal);
    private readonly Lock _createLock = new();

    /// <summary>Replaces the target's published series with <paramref name="series"/>.</summary>
    /// <exception cref="KpiMappingException">The columns no longer match the metric's label names.</exception>
    public void Publish(KpiTarget target, IReadOnlyList<KpiSeries> series)
    {
        // Resolve every gauge first (once per metric), so a label mismatch fails the run before anything changes.
        var gauges = series.DistinctBy(s => s.Metric)
            .ToDictionary(s => s.Metric, s => GaugeFor(target.Kpi, s.Metric, s.LabelNames), StringComparer.Ordinal);
        var children = new Gauge.Child[series.Count];
        for (var i = 0; i < series.Count; i++)
        {
            var labelValues = series[i].LabelValues as string[] ?? [.. series[i].LabelValues];
            children[i] = gauges[series[i].Metric].WithLabels(labelValues);
            children[i].Set(series[i].Value);
        }
        if (_published.TryGetValue(target.Key, out var previous))
        {
            var kept = children.ToHashSet(ReferenceEqualityComparer.Instance);
            foreach (var vanished in previous.Where(child => !kept.Contains(child)))
                vanished.Remove();
        }
        _published[target.Key] = children;
    }

    /// <summary>Removes every series of the target: its values are too old to show.</summary>
    public void Withdraw(KpiTarget target)
    {
        if (_published.TryRemove(target.Key, out var previous))
            foreach (var child in previous)
                child.Remove();
    }

    private Gauge GaugeFor(KpiDefinition kpi, string metric, IReadOnlyList<string> labelNames)
    {
        lock (_createLock)
        {
            if (_gauges.TryGetValue(metric, out var existing))
            {
                if (!existing.LabelNames.SequenceEqual(labelNames, StringComparer.Ordinal))
                    throw new KpiMappingException(KpiFailureReasons.ColumnsChanged,
                        $"metric {metric} was published with labels ({string.Join(", ", existing.LabelNames)}) and now has ({string.Join(", ", labelNames)}); restart to change a KPI's columns");
                return existing.Gauge;
            }
            var names = labelNames.ToArray();
            // No child is scraped as 0 before its first Set(): a fake zero is what we never publish.
            var gauge = _factory.CreateGauge(metric, PrometheusNames.EscapeHelp($"{kpi.Help} Refreshed every {kpi.Schedule} by the exporter."),
                new GaugeConfiguration { LabelNames = names, SuppressInitialValue = true });
            _gauges[metric] = (gauge, names);
            return gauge;
        }
    }
}
