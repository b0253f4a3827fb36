using System.Buffers;
using Exporter.Kpis;

namespace Exporter.Metrics;

/// <summary>
/// Publishes a KPI run's series, and the self-metrics of every item of scheduled work (<see cref="PublishOwn"/>).
/// Each run replaces the whole snapshot of its (KPI, datasource): series whose rows vanished are gone, so nothing
/// stale lingers under a live name. Values change only when a run finishes, so the run renders its samples to text
/// once and every family is re-assembled then (<see cref="Current"/>): a scrape copies bytes instead of serializing
/// every series again. Families and items come out in name order, so replicas holding the same results serve the
/// same bytes whatever order the results reached them in.
/// </summary>
public sealed class KpiPublisher
{
    private readonly Lock _lock = new();
    // Every metric published since start-up, in first-publish order: like a registered gauge, its HELP/TYPE stays
    // (with no sample) after its series are withdrawn, and its label names are fixed until a restart.
    private readonly SortedDictionary<string, KpiFamily> _families = new(StringComparer.Ordinal);
    // Each target's samples, rendered, by metric.
    private readonly SortedDictionary<string, Dictionary<string, byte[]>> _samples = new(StringComparer.Ordinal);
    // Each item's self-metric samples, rendered, by metric (families declared with DefineFamily).
    private readonly SortedDictionary<string, IReadOnlyDictionary<string, byte[]>> _own = new(StringComparer.Ordinal);
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

    /// <summary>A family of self-metrics (counter, gauge, histogram) whose samples items publish with <see cref="PublishOwn"/>.</summary>
    public void DefineFamily(string metric, string help, string type)
    {
        lock (_lock)
            _families.TryAdd(metric, new KpiFamily(metric, [], TextFormat.Header(metric, PrometheusNames.EscapeHelp(help), type)));
    }

    /// <summary>Replaces the self-metric samples of an item (a KPI target, a probe), rendered by metric.</summary>
    public void PublishOwn(string item, IReadOnlyDictionary<string, byte[]> samples)
    {
        lock (_lock)
        {
            _own[item] = samples;
            Assemble();
        }
    }

    /// <summary>Removes the self-metric samples of an item that is no longer configured.</summary>
    public void WithdrawOwn(string item)
    {
        lock (_lock)
        {
            if (_own.Remove(item))
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

    private void AddFamily(KpiFamily family) => _families.Add(family.Metric, family);

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

    /// <summary>One family after the other, each header followed by the samples of every item publishing it.</summary>
    private void Assemble()
    {
        var length = 0;
        foreach (var family in _families.Values)
        {
            length += family.Header.Length;
            foreach (var block in Blocks(family.Metric))
                length += block.Length;
        }
        var text = new byte[length];
        var at = 0;
        foreach (var family in _families.Values)
        {
            family.Header.CopyTo(text, at);
            at += family.Header.Length;
            foreach (var block in Blocks(family.Metric))
            {
                block.CopyTo(text, at);
                at += block.Length;
            }
        }
        _current = new KpiRendering(text);
    }

    private IEnumerable<byte[]> Blocks(string metric)
    {
        foreach (var target in _samples.Values)
            if (target.TryGetValue(metric, out var block))
                yield return block;
        foreach (var item in _own.Values)
            if (item.TryGetValue(metric, out var block))
                yield return block;
    }

    private sealed record KpiFamily(string Metric, string[] LabelNames, byte[] Header);
}
