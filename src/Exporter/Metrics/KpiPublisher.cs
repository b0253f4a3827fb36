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
    private readonly ConcurrentDictionary<string, List<(Gauge Gauge, string[] LabelValues)>> _published = new(StringComparer.Ordinal);
    private readonly Lock _createLock = new();

    /// <summary>Replaces the target's published series with <paramref name="series"/>.</summary>
    /// <exception cref="KpiMappingException">The columns no longer match the metric's label names.</exception>
    public void Publish(KpiTarget target, IReadOnlyList<KpiSeries> series)
    {
        var kpi = target.Kpi;
        var help = $"{kpi.Help} Refreshed every {kpi.Schedule} by the exporter.";
        // Resolve every gauge first, so a label mismatch fails the run before anything changes.
        var next = series.Select(s => (Gauge: GaugeFor(s.Metric, help, s.LabelNames), LabelValues: s.LabelValues.ToArray(), s.Value)).ToList();
        foreach (var (gauge, labelValues, value) in next)
            gauge.WithLabels(labelValues).Set(value);

        var keep = next.Select(n => Key(n.Gauge, n.LabelValues)).ToHashSet(StringComparer.Ordinal);
        if (_published.TryGetValue(target.Key, out var previous))
            foreach (var (gauge, labelValues) in previous.Where(p => !keep.Contains(Key(p.Gauge, p.LabelValues))))
                gauge.RemoveLabelled(labelValues);
        _published[target.Key] = next.Select(n => (n.Gauge, n.LabelValues)).ToList();
    }

    /// <summary>Removes every series of the target: its values are too old to show.</summary>
    public void Withdraw(KpiTarget target)
    {
        if (_published.TryRemove(target.Key, out var previous))
            foreach (var (gauge, labelValues) in previous)
                gauge.RemoveLabelled(labelValues);
    }

    private Gauge GaugeFor(string metric, string help, IReadOnlyList<string> labelNames)
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
            var gauge = _factory.CreateGauge(metric, help, new GaugeConfiguration { LabelNames = names, SuppressInitialValue = true });
            _gauges[metric] = (gauge, names);
            return gauge;
        }
    }

    private static string Key(Gauge gauge, string[] labelValues) =>
        $"{gauge.Name}\u0002{string.Join('\u0001', labelValues)}";
}
