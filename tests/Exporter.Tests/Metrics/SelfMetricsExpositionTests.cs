using System.Text;
using Exporter.Configuration;
using Exporter.Kpis;
using Exporter.Metrics;
using Exporter.Probes;
using Exporter.Runs;
using Exporter.Tests.Infrastructure;
using Microsoft.Extensions.Time.Testing;
using Prometheus;

namespace Exporter.Tests.Metrics;

/// <summary>
/// The self-metrics rendered from a recorded status say exactly what prometheus-net said when they were live
/// gauges, counters and histograms updated run by run: same families, HELP, TYPE, labels and values.
/// </summary>
public sealed class SelfMetricsExpositionTests
{
    private static readonly ExporterDefinition Definition = ConfigLoader.Parse("""
        datasources:
          - name: app
            connection_string: "Host=127.0.0.1"
        kpis:
          - name: kpi_orders
            schedule: 1m
            sql: select 1
        probes:
          - name: api
            url: http://127.0.0.1:1/health
            schedule: 30s
        """, "self.yaml", _ => null);

    private static readonly DateTimeOffset Start = new(2026, 12, 1, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task KpiRuns_RenderedFromTheStatus_SameContentAsPrometheusNet()
    {
        var target = Definition.Targets.Single();
        var time = new FakeTimeProvider(Start);
        var publisher = new KpiPublisher();
        _ = new ExporterMetrics(Prometheus.Metrics.NewCustomRegistry(), publisher);
        var view = new KpiView(publisher, time);
        var reference = new OldKpiMetrics();
        var status = KpiStatus.Pending(target);
        reference.Register(target);
        KpiResult[] runs =
        [
            Result(target, 0.3, rows: 2),
            Result(target, 5, failure: KpiFailureReasons.Timeout),
            Result(target, 0.005, rows: 3, dropped: 4), // exactly on a bucket bound
            Result(target, 0, failure: KpiFailureReasons.DatasourceDown),
            Result(target, 130, failure: KpiFailureReasons.QueryError), // past the last bound
            Result(target, 0.02, failure: KpiFailureReasons.Timeout),
        ];
        foreach (var run in runs)
        {
            time.Advance(TimeSpan.FromSeconds(10));
            var skipped = run.Failure?.Reason == KpiFailureReasons.DatasourceDown;
            status = skipped ? status.Skipped(run) : status.Recorded(run);
            reference.Record(run, skipped);
        }
        view.Show(target, status, withValues: false);

        var ours = Encoding.UTF8.GetString(publisher.Current.Text);
        Assert.Equal(ExpositionFamilies.Of(await reference.RenderAsync()), ExpositionFamilies.Of(ours));
        Assert.Contains("exporter_kpi_query_duration_seconds_bucket{kpi=\"kpi_orders\",source=\"app\",le=\"0.005\"} 1\n", ours, StringComparison.Ordinal);
        Assert.Contains("exporter_kpi_query_duration_seconds_count{kpi=\"kpi_orders\",source=\"app\"} 5\n", ours, StringComparison.Ordinal);
        Assert.Contains("exporter_kpi_errors_total{kpi=\"kpi_orders\",source=\"app\",reason=\"timeout\"} 2\n", ours, StringComparison.Ordinal);
        var (code, output) = await Promtool.CheckMetricsAsync(ours);
        Assert.True(code == 0, output);
    }

    [Fact]
    public async Task ProbeRuns_RenderedFromTheStatus_SameContentAsPrometheusNet()
    {
        var probe = Definition.Probes.Single();
        var publisher = new KpiPublisher();
        var metrics = new ProbeMetrics(publisher, Definition);
        var reference = new OldProbeMetrics(Definition.Namespace);
        var status = ProbeStatus.Pending(probe, Definition.Redactor);
        reference.Register(probe.Name);
        ProbeResult[] runs =
        [
            new(probe.Name, Start, TimeSpan.FromSeconds(0.12), 200, null),
            new(probe.Name, Start, TimeSpan.FromSeconds(10), null, new ProbeFailure(ProbeFailureReasons.Timeout, "timed out")),
            new(probe.Name, Start, TimeSpan.FromSeconds(0.01), 503, new ProbeFailure(ProbeFailureReasons.Status, "503")),
        ];
        foreach (var run in runs)
        {
            status = status.Recorded(run);
            reference.Record(run);
        }
        publisher.PublishOwn("probe:api", metrics.Render(new ProbeOwnSeries(probe.Name, status.LastRunSucceeded == true ? 1 : 0,
            status.LastDurationSeconds, status.Latency, status.Errors)));

        Assert.Equal(ExpositionFamilies.Of(await reference.RenderAsync()), ExpositionFamilies.Of(Encoding.UTF8.GetString(publisher.Current.Text)));
    }

    [Fact]
    public void Status_StoredAsJsonAndReadBack_RendersTheSameBytes()
    {
        var target = Definition.Targets.Single();
        var time = new FakeTimeProvider(Start);
        var status = KpiStatus.Pending(target)
            .Recorded(Result(target, 0.2, rows: 1) with { Series = [new KpiSeries("kpi_orders", ["source"], ["app"], double.PositiveInfinity)] })
            .Recorded(Result(target, 3, failure: KpiFailureReasons.LockTimeout));

        var read = SharedStatus.Read<KpiStatus>(SharedStatus.Write(status));

        Assert.Equal(Render(target, status, time), Render(target, read, time));
        Assert.Equal(double.PositiveInfinity, read.Values.Single().Value);
        Assert.Equal(1, read.Counts.Errors[KpiFailureReasons.LockTimeout]);
    }

    private static string Render(KpiTarget target, KpiStatus status, TimeProvider time)
    {
        var publisher = new KpiPublisher();
        _ = new ExporterMetrics(Prometheus.Metrics.NewCustomRegistry(), publisher);
        new KpiView(publisher, time).Show(target, status, withValues: true);
        return Encoding.UTF8.GetString(publisher.Current.Text);
    }

    private static KpiResult Result(KpiTarget target, double seconds, int rows = 0, int dropped = 0, string? failure = null) =>
        new(target, Start, TimeSpan.FromSeconds(seconds), rows, [], dropped, failure is null ? null : new KpiFailure(failure, "failed"));

    /// <summary>The KPI self-metrics as they were: prometheus-net series updated run by run.</summary>
    private sealed class OldKpiMetrics
    {
        private static readonly string[] KpiLabels = ["kpi", "source"];
        private static readonly GaugeConfiguration NoInitialValue = new() { LabelNames = KpiLabels, SuppressInitialValue = true };
        private readonly CollectorRegistry _registry = Prometheus.Metrics.NewCustomRegistry();
        private readonly Gauge _up, _stale, _lastSuccess, _interval, _series;
        private readonly Histogram _duration;
        private readonly Counter _errors, _dropped, _skipped;

        public OldKpiMetrics()
        {
            var factory = Prometheus.Metrics.WithCustomRegistry(_registry);
            _up = factory.CreateGauge("exporter_kpi_up", "1 when the KPI's last run succeeded, 0 when it failed.", NoInitialValue);
            _stale = factory.CreateGauge("exporter_kpi_stale",
                "1 when the KPI's published values are not from its latest run (it failed or has not succeeded yet).", NoInitialValue);
            _lastSuccess = factory.CreateGauge("exporter_kpi_last_success_timestamp_seconds", "Unix time of the KPI's last successful run.", NoInitialValue);
            _interval = factory.CreateGauge("exporter_kpi_schedule_interval_seconds", "Seconds between two scheduled runs of the KPI.", NoInitialValue);
            _duration = factory.CreateHistogram("exporter_kpi_query_duration_seconds", "Duration of the KPI's query runs, successful or not.", KpiLabels,
                new HistogramConfiguration { Buckets = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120] });
            _errors = factory.CreateCounter("exporter_kpi_errors_total",
                "Failed KPI runs, by reason (timeout, connection, query_error, read_only, duplicate_labels, ...).", ["kpi", "source", "reason"]);
            _series = factory.CreateGauge("exporter_kpi_series", "Series the KPI published on its last successful run.", NoInitialValue);
            _dropped = factory.CreateCounter("exporter_kpi_series_dropped_total", "Series dropped because the KPI returned more than its max_series.", KpiLabels);
            _skipped = factory.CreateCounter("exporter_kpi_skipped_total",
                "KPI runs not attempted, by reason (datasource_down: its datasource is down and retried with back-off).", ["kpi", "source", "reason"]);
        }

        public void Register(KpiTarget target)
        {
            _stale.WithLabels(target.Kpi.Name, target.Source).Set(1);
            _interval.WithLabels(target.Kpi.Name, target.Source).Set(60);
            _dropped.WithLabels(target.Kpi.Name, target.Source);
            _skipped.WithLabels(target.Kpi.Name, target.Source, KpiFailureReasons.DatasourceDown);
        }

        public void Record(KpiResult result, bool skipped)
        {
            string[] labels = [result.Target.Kpi.Name, result.Target.Source];
            _up.WithLabels(labels).Set(result.Succeeded ? 1 : 0);
            _stale.WithLabels(labels).Set(result.Succeeded ? 0 : 1);
            if (skipped)
            {
                _skipped.WithLabels([.. labels, KpiFailureReasons.DatasourceDown]).Inc();
                return;
            }
            _duration.WithLabels(labels).Observe(result.Duration.TotalSeconds);
            if (result.Failure is { } failure)
            {
                _errors.WithLabels([.. labels, failure.Reason]).Inc();
                return;
            }
            _lastSuccess.WithLabels(labels).Set(result.StartedAt.ToUnixTimeMilliseconds() / 1000.0);
            _series.WithLabels(labels).Set(result.Series.Count);
            _dropped.WithLabels(labels).Inc(result.Dropped);
        }

        public async Task<string> RenderAsync()
        {
            using var stream = new MemoryStream();
            await _registry.CollectAndExportAsTextAsync(stream);
            return Encoding.UTF8.GetString(stream.ToArray());
        }
    }

    /// <summary>The probe metrics as they were.</summary>
    private sealed class OldProbeMetrics
    {
        private readonly CollectorRegistry _registry = Prometheus.Metrics.NewCustomRegistry();
        private readonly Gauge _success, _duration;
        private readonly Histogram _latency;
        private readonly Counter _errors;

        public OldProbeMetrics(string ns)
        {
            var factory = Prometheus.Metrics.WithCustomRegistry(_registry);
            _success = factory.CreateGauge(ProbeMetricNames.Success(ns),
                "1 when the probe's last request got the expected status and body, 0 when it failed. Refreshed on the probe's schedule by the exporter.",
                new GaugeConfiguration { LabelNames = ["probe"], SuppressInitialValue = true });
            _duration = factory.CreateGauge(ProbeMetricNames.Duration(ns),
                "Seconds the probe's last request took, failed or not (DNS, connect, TLS, redirects, headers and body). Refreshed on the probe's schedule by the exporter.",
                new GaugeConfiguration { LabelNames = ["probe"], SuppressInitialValue = true });
            _latency = factory.CreateHistogram(ProbeMetricNames.Latency(ns),
                "Seconds each probe request took, failed or not (a timeout is observed at about the timeout).", ["probe"],
                new HistogramConfiguration { Buckets = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10] });
            _errors = factory.CreateCounter(ProbeMetricNames.Errors,
                "Failed probes, by reason (timeout, dns, tls, connection_refused, connection, status, body).", ["probe", "reason"]);
        }

        public void Register(string probe)
        {
            _latency.WithLabels(probe);
            foreach (var reason in ProbeFailureReasons.Counted)
                _errors.WithLabels(probe, reason);
        }

        public void Record(ProbeResult result)
        {
            _success.WithLabels(result.Probe).Set(result.Succeeded ? 1 : 0);
            _duration.WithLabels(result.Probe).Set(result.Duration.TotalSeconds);
            _latency.WithLabels(result.Probe).Observe(result.Duration.TotalSeconds);
            if (result.Failure is { } failure)
                _errors.WithLabels(result.Probe, failure.Reason).Inc();
        }

        public async Task<string> RenderAsync()
        {
            using var stream = new MemoryStream();
            await _registry.CollectAndExportAsTextAsync(stream);
            return Encoding.UTF8.GetString(stream.ToArray());
        }
    }
}
