using Prometheus;

namespace Exporter.Metrics;

/// <summary>
/// The whole exposition: the KPI families and each item's self-metrics as rendered by their last runs, then the
/// metrics prometheus-net collects at each scrape (process, datasource, reload and cluster metrics).
/// </summary>
public sealed class MetricsExposition(KpiPublisher kpis, CollectorRegistry registry)
{
    public KpiRendering Kpis => kpis.Current;

    /// <summary>The self-metrics (and process metrics in the service) as the text format.</summary>
    public async Task<ArraySegment<byte>> SelfMetricsAsync(CancellationToken cancellationToken)
    {
        using var text = new MemoryStream(16 * 1024);
        await registry.CollectAndExportAsTextAsync(text, cancellationToken);
        return new ArraySegment<byte>(text.GetBuffer(), 0, (int)text.Length);
    }

    /// <summary>Writes the exposition as <c>once</c> prints it and <c>/metrics</c> serves it uncompressed.</summary>
    public async Task WriteTextAsync(Stream output, CancellationToken cancellationToken)
    {
        var selfMetrics = await SelfMetricsAsync(cancellationToken);
        var kpiText = Kpis.Text;
        await output.WriteAsync(kpiText, cancellationToken);
        await output.WriteAsync(selfMetrics, cancellationToken);
    }
}
