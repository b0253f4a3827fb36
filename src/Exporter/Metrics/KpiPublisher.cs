using System.Buffers;
using Exporter.Kpis;

namespace Exporter.Metrics;

/// <summary>
/// Publishes a KPI run's series. Each run replaces the whole snapshot of its (KPI, datasource): series whose rows
/// vanished are gone, so nothing stale lingers under a live name. Values change only when a run finishes, so the
/// run renders its samples to text once and every family is re-assembled then (<see cref="Current"/>): a scrape
/// copies bytes instead of serializing every series again.
/// </summary>
public sealed class KpiPublisher
{
    private readonly Lock _lock = new();
    // Every metric published since start-up, in first-publish order: like a registered gauge, its HELP/TYPE stays
    // (with no sample) after its series are withdrawn, and its label names are fixed until a restart.
    private readonly Dictionary<string, KpiFamily> _families = new(StringComparer.Ordinal);
    private readonly List<KpiFamily> _familyOrder = [];
    // Each target's samples, rendered, by metric.
    private readonly Dictionary<string, Dictionary<string, byte[]>> _samples = new(StringComparer.Ordinal);
    private volatile KpiRendering _current = KpiRendering.Empty;

    /// <summary>What a scrape serves now: every family, its HELP and TYPE once, the samples of every datasource.</summary>
    public KpiRendering Current => _current;

    /// <summary>Replaces the target's published series with <paramref name="series"/>.</summary>
    /// <exception cref="KpiMappingException">The columns no longer match the metric's label names.</exception>
    public void Publish(KpiTarget target, IReadOnlyList<KpiSeries> series)
    {
        var rendered = Render(series);
        lock (_lock)
        {
            // Check every metric first, so a label mismatch fails the run before anything changes.
            foreach (var first in series.DistinctBy(s => s.Metric))
                if (_families.TryGetValue(first.Metric, out var family) && !family.LabelNames.SequenceEqual(first.LabelNames, StringComparer.Ordinal))
                    throw new KpiMappingException(KpiFailureReasons.ColumnsChanged,
                        $"metric {first.Metric} was published with labels ({string.Join(", ", family.LabelNames)}) and now has ({string.Join(", ", first.LabelNames)}); restart to change a KPI's columns");
            foreach (var first in series.DistinctBy(s => s.Metric))
                if (!_families.ContainsKey(first.Metric))
                    AddFamily(new KpiFamily(first.Metric, [.. first.LabelNames],
                        TextFormat.GaugeHeader(first.Metric, PrometheusNames.EscapeHelp($"{target.Kpi.Help} Refreshed every {target.Kpi.Schedule} by the exporter."))));
            _samples[target.Key] = rendered;
            Assemble();
        }
    }

    /// <summary>Removes every series of the target: its values are too old to show.</summary>
    public void Withdraw(KpiTarget target)
    {
        lock (_lock)
        {
            if (_samples.Remove(target.Key))
                Assemble();
        }
    }

    private void AddFamily(KpiFamily family)
    {
        _families.Add(family.Metric, family);
        _familyOrder.Add(family);
    }

    private static Dictionary<string, byte[]> Render(IReadOnlyList<KpiSeries> series)
    {
        var lines = new Dictionary<string, ArrayBufferWriter<byte>>(StringComparer.Ordinal);
        foreach (var s in series)
        {
            if (!lines.TryGetValue(s.Metric, out var text))
                lines.Add(s.Metric, text = new ArrayBufferWriter<byte>());
            TextFormat.WriteSample(text, s.Metric, s.LabelNames, s.LabelValues, s.Value);
        }
        return lines.ToDictionary(l => l.Key, l => l.Value.WrittenSpan.ToArray(), StringComparer.Ordinal);
    }

    /// <summary>One family after the other, each header followed by the samples of every target publishing it.</summary>
    private void Assemble()
    {
        var length = 0;
        foreach (var family in _familyOrder)
        {
            length += family.Header.Length;
            foreach (var target in _samples.Values)
                length += target.TryGetValue(family.Metric, out var block) ? block.Length : 0;
        }
        var text = new byte[length];
        var at = 0;
        foreach (var family in _familyOrder)
        {
            family.Header.CopyTo(text, at);
            at += family.Header.Length;
            foreach (var target in _samples.Values)
            {
                if (!target.TryGetValue(family.Metric, out var block))
                    continue;
                block.CopyTo(text, at);
                at += block.Length;
            }
        }
        _current = new KpiRendering(text);
    }

    private sealed record KpiFamily(string Metric, string[] LabelNames, byte[] Header);
}
