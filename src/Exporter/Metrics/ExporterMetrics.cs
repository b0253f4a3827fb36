using Prometheus;

namespace Exporter.Metrics;

/// <summary>The exporter's own metrics: one up and one duration per unit of work, and what went wrong.</summary>
public sealed class ExporterMetrics
{
    private static readonly string[] KpiLabels = ["kpi", "source"];

    // A labelled child would otherwise be scraped as 0 between its creation and its first Set().
    private static readonly GaugeConfiguration NoInitialValue = new() { LabelNames = KpiLabels, SuppressInitialValue = true };

    public ExporterMetrics(CollectorRegistry registry)
    {
        var factory = Prometheus.Metrics.WithCustomRegistry(registry);
        KpiUp = factory.CreateGauge("exporter_kpi_up",
            "1 when the KPI's last run succeeded, 0 when it failed.", NoInitialValue);
        KpiStale = factory.CreateGauge("exporter_kpi_stale",
            "1 when the KPI's published values are not from its latest run (it failed or has not succeeded yet).", NoInitialValue);
        KpiLastSuccess = factory.CreateGauge("exporter_kpi_last_success_timestamp_seconds",
            "Unix time of the KPI's last successful run.", NoInitialValue);
        KpiScheduleInterval = factory.CreateGauge("exporter_kpi_schedule_interval_seconds",
            "Seconds between two scheduled runs of the KPI.", NoInitialValue);
        KpiQueryDuration = factory.CreateHistogram("exporter_kpi_query_duration_seconds",
            "Duration of the KPI's query runs, successful or not.", KpiLabels,
            new HistogramConfiguration { Buckets = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120] });
        KpiErrors = factory.CreateCounter("exporter_kpi_errors_total",
            "Failed KPI runs, by reason (timeout, connection, query_error, read_only, duplicate_labels, ...).",
            ["kpi", "source", "reason"]);
        KpiSeries = factory.CreateGauge("exporter_kpi_series",
            "Series the KPI published on its last successful run.", NoInitialValue);
        KpiSeriesDropped = factory.CreateCounter("exporter_kpi_series_dropped_total",
            "Series dropped because the KPI returned more than its max_series.", KpiLabels);
        KpiSkipped = factory.CreateCounter("exporter_kpi_skipped_total",
            "KPI runs not attempted, by reason (datasource_down: its datasource is down and retried with back-off).",
            ["kpi", "source", "reason"]);
        DatasourceUp = factory.CreateGauge("exporter_datasource_up",
            "1 when the datasource answered the last attempt to reach it (a KPI run or a retry), 0 while it is down.",
            new GaugeConfiguration { LabelNames = ["source"], SuppressInitialValue = true });
    }

    public Gauge KpiUp { get; }

    public Gauge KpiStale { get; }

    public Gauge KpiLastSuccess { get; }

    public Gauge KpiScheduleInterval { get; }

    public Histogram KpiQueryDuration { get; }

    public Counter KpiErrors { get; }

    public Gauge KpiSeries { get; }

    public Counter KpiSeriesDropped { get; }

    public Counter KpiSkipped { get; }

    public Gauge DatasourceUp { get; }

    /// <summary>Removes every self-metric series of a (KPI, datasource) that is no longer configured.</summary>
    public void Withdraw(string kpi, string source)
    {
        foreach (var gauge in new[] { KpiUp, KpiStale, KpiLastSuccess, KpiScheduleInterval, KpiSeries })
            gauge.RemoveLabelled(kpi, source);
        KpiQueryDuration.RemoveLabelled(kpi, source);
        KpiSeriesDropped.RemoveLabelled(kpi, source);
        foreach (var counter in new[] { KpiErrors, KpiSkipped })
            foreach (var labels in counter.GetAllLabelValues().Where(l => l[0] == kpi && l[1] == source).ToArray())
                counter.RemoveLabelled(labels);
    }
}
