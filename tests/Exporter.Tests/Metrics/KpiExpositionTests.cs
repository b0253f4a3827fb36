using System.IO.Compression;
using System.Text;
using Exporter.Configuration;
using Exporter.Kpis;
using Exporter.Metrics;
using Exporter.Tests.Infrastructure;
using Prometheus;

namespace Exporter.Tests.Metrics;

/// <summary>
/// The pre-rendered KPI families say exactly what prometheus-net said when every KPI series was one of its
/// gauges: same families, HELP, TYPE, labels and values, sample line for sample line.
/// </summary>
public sealed class KpiExpositionTests
{
    private static readonly ExporterDefinition Definition = ConfigLoader.Parse("""
        datasources:
          - name: app
            connection_string: "Host=127.0.0.1"
          - name: replica
            connection_string: "Host=127.0.0.1"
        kpis:
          - name: kpi_orders
            help: Orders by channel, with a C:\temp path and "quotes".
            values: [paid, refunded]
            sql: select 1
          - name: kpi_revenue
            schedule: 5m
            sql: select 1
          - name: kpi_gone
            datasource: app
            sql: select 1
        """, "exposition.yaml", _ => null);

    private static readonly string[] HostileLabels =
        ["new\nline", "quote \" here", "back\\slash", "emoji 🚀", "tab\there", "é à ü", "{braces}=,", "unknown", "\\n literal", "trailing\\"];

    private static readonly double[] Values =
        [1, -2.5, double.PositiveInfinity, double.NegativeInfinity, 1e300, 0.1, 9.223372036854776E+18, 1E-200, 0, 39052801.5];

    [Fact]
    public async Task Publish_HostileSeriesFromTwoDatasources_SameContentAsPrometheusNet()
    {
        var publisher = new KpiPublisher();
        var reference = new PrometheusNetReference();
        // A HELP with a newline and a backslash (config turns newlines into spaces; escaping must not rely on it).
        var targets = Definition.Targets.Select(t => t.Kpi.Name == "kpi_revenue" ? t with { Kpi = t.Kpi with { Help = "Line one\nline two \\ end." } } : t).ToList();
        foreach (var target in targets)
        {
            var series = SeriesOf(target);
            publisher.Publish(target, series);
            reference.Publish(target, series);
        }
        var gone = targets.Single(t => t.Kpi.Name == "kpi_gone");
        publisher.Withdraw(gone);
        reference.Withdraw(gone);

        var ours = Encoding.UTF8.GetString(publisher.Current.Text);
        var theirs = await reference.RenderAsync();

        Assert.Equal(ExpositionFamilies.Of(theirs), ExpositionFamilies.Of(ours));
        Assert.Equal(SortedLines(theirs), SortedLines(ours));
        Assert.Contains("# HELP kpi_revenue Line one\\nline two \\\\ end. Refreshed every 5m by the exporter.\n# TYPE kpi_revenue gauge\n", ours, StringComparison.Ordinal);
        Assert.Contains("kpi_orders_paid{label=\"new\\nline\",source=\"replica\"} 1\n", ours, StringComparison.Ordinal);
        Assert.Contains("kpi_orders_paid{label=\"quote \\\" here\",source=\"app\"} -2.5\n", ours, StringComparison.Ordinal);
        Assert.Contains("kpi_orders_paid{label=\"back\\\\slash\",source=\"app\"} Infinity\n", ours, StringComparison.Ordinal);
        Assert.Contains("kpi_orders_paid{label=\"emoji 🚀\",source=\"app\"} -Infinity\n", ours, StringComparison.Ordinal);
        Assert.Contains("kpi_revenue{source=\"app\"} 1\n", ours, StringComparison.Ordinal);
        Assert.Contains("# HELP kpi_gone ", ours, StringComparison.Ordinal);
        Assert.DoesNotContain("kpi_gone{", ours, StringComparison.Ordinal);
        Assert.Equal(2 * 2 * HostileLabels.Length + 2, ours.Split('\n').Count(l => l.StartsWith("kpi_", StringComparison.Ordinal)));
        var (code, output) = await Promtool.CheckMetricsAsync(ours);
        Assert.True(code == 0, output);
    }

    [Fact]
    public void Publish_AgainWithFewerRows_ReplacesTheTargetsSamplesOnly()
    {
        var publisher = new KpiPublisher();
        var total = Definition.Targets.Where(t => t.Kpi.Name == "kpi_revenue").ToList();
        foreach (var target in total)
            publisher.Publish(target, SeriesOf(target));

        publisher.Publish(total[0], [new KpiSeries("kpi_revenue", ["source"], [total[0].Source], 7)]);

        Assert.Equal(
            "# HELP kpi_revenue User-defined KPI kpi_revenue. Refreshed every 5m by the exporter.\n# TYPE kpi_revenue gauge\nkpi_revenue{source=\"app\"} 7\nkpi_revenue{source=\"replica\"} 1\n",
            Encoding.UTF8.GetString(publisher.Current.Text));
    }

    [Fact]
    public void Publish_OtherLabelNamesThanBefore_FailsColumnsChangedAndKeepsTheSnapshot()
    {
        var publisher = new KpiPublisher();
        var target = Definition.Targets.First(t => t.Kpi.Name == "kpi_revenue");
        publisher.Publish(target, SeriesOf(target));
        var before = publisher.Current;

        var error = Assert.Throws<KpiMappingException>(() =>
            publisher.Publish(target, [new KpiSeries("kpi_revenue", ["region", "source"], ["eu", "app"], 2)]));

        Assert.Equal(KpiFailureReasons.ColumnsChanged, error.Reason);
        Assert.Same(before, publisher.Current);
    }

    [Theory]
    [InlineData("", "", 1)]
    [InlineData("kpi_a{source=\"app\"} 1\n", "", 1)]
    [InlineData("kpi_a{source=\"app\"} 1\n", "exporter_kpi_up{kpi=\"kpi_a\",source=\"app\"} 1\n", 1)]
    [InlineData("kpi_a{source=\"app\"} 1\n", "exporter_kpi_up{kpi=\"kpi_a\",source=\"app\"} 1\n", 4000)]
    public async Task GzipMember_PreCompressedKpisThenStoredSelfMetrics_IsOneGzipStreamOfBoth(string kpis, string selfMetrics, int selfRepeat)
    {
        var kpiText = string.Concat(Enumerable.Repeat(kpis, 5000));
        var selfText = string.Concat(Enumerable.Repeat(selfMetrics, selfRepeat)); // 4000 lines: more than one stored block
        var open = new KpiRendering(Encoding.UTF8.GetBytes(kpiText)).Deflated;
        var closed = DeflatedText.Stored(Encoding.UTF8.GetBytes(selfText), open.Crc);
        using var body = new MemoryStream();

        await GzipMember.WriteAsync(body, open, closed, CancellationToken.None);

        Assert.Equal(GzipMember.LengthOf(open, closed), body.Length);
        body.Position = 0;
        await using var gzip = new GZipStream(body, CompressionMode.Decompress);
        using var reader = new StreamReader(gzip, Encoding.UTF8);
        Assert.Equal(kpiText + selfText, await reader.ReadToEndAsync());
        Assert.Equal(0xcbf43926u, Crc32.Append(Crc32.Append(0, "1234"u8), "56789"u8));
    }

    private static List<KpiSeries> SeriesOf(KpiTarget target)
    {
        if (target.Kpi.Values.Count == 1)
            return [new KpiSeries(target.Kpi.Name, ["source"], [target.Source], 1)];
        var series = new List<KpiSeries>();
        for (var i = 0; i < HostileLabels.Length; i++)
            foreach (var column in target.Kpi.Values)
                series.Add(new KpiSeries(target.Kpi.MetricName(column), ["label", "source"], [HostileLabels[i], target.Source],
                    column == "paid" ? Values[i] : Values[(i + 1) % Values.Length]));
        return series;
    }

    private static List<string> SortedLines(string exposition) => [.. exposition.Split('\n').Order(StringComparer.Ordinal)];

    /// <summary>The way KPI series were published before: one prometheus-net gauge per metric, one child per series.</summary>
    private sealed class PrometheusNetReference
    {
        private readonly CollectorRegistry _registry = Prometheus.Metrics.NewCustomRegistry();
        private readonly Dictionary<string, Gauge> _gauges = new(StringComparer.Ordinal);
        private readonly Dictionary<string, List<Gauge.Child>> _children = new(StringComparer.Ordinal);

        public void Publish(KpiTarget target, IReadOnlyList<KpiSeries> series)
        {
            var children = new List<Gauge.Child>();
            foreach (var s in series)
            {
                if (!_gauges.TryGetValue(s.Metric, out var gauge))
                    _gauges[s.Metric] = gauge = Prometheus.Metrics.WithCustomRegistry(_registry).CreateGauge(s.Metric,
                        PrometheusNames.EscapeHelp($"{target.Kpi.Help} Refreshed every {target.Kpi.Schedule} by the exporter."),
                        new GaugeConfiguration { LabelNames = [.. s.LabelNames], SuppressInitialValue = true });
                var child = gauge.WithLabels([.. s.LabelValues]);
                child.Set(s.Value);
                children.Add(child);
            }
            _children[target.Key] = children;
        }

        public void Withdraw(KpiTarget target)
        {
            foreach (var child in _children[target.Key])
                child.Remove();
        }

        public async Task<string> RenderAsync()
        {
            using var stream = new MemoryStream();
            await _registry.CollectAndExportAsTextAsync(stream);
            return Encoding.UTF8.GetString(stream.ToArray());
        }
    }
}
