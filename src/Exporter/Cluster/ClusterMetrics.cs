using Prometheus;

namespace Exporter.Cluster;

/// <summary>This replica's view of the cluster (per replica, unlike the KPI series every replica shares).</summary>
public sealed class ClusterMetrics
{
    public ClusterMetrics(CollectorRegistry registry)
    {
        var factory = Prometheus.Metrics.WithCustomRegistry(registry);
        Members = factory.CreateGauge("exporter_cluster_members",
            "Replicas with a recent check-in in the state database (Quartz's scheduler_state), as of this replica's last check.");
        StateUp = factory.CreateGauge("exporter_cluster_state_up",
            "1 when the state database answered this replica's last check, 0 when it did not.");
        JobsRun = factory.CreateCounter("exporter_cluster_jobs_run_total",
            "Scheduled runs this replica executed, by kind of work (kpi, probe).", ["kind"]);
        JobsHandedOff = factory.CreateCounter("exporter_cluster_jobs_handed_off_total",
            "Runs fired on this replica for an item its config does not have (another replica's config is newer or older): handed back to the cluster.",
            ["kind"]);
        Misfires = factory.CreateCounter("exporter_cluster_misfires_total",
            "Scheduled runs this replica found more than a period late (the cluster was busy or the state database away): skipped to the next slot.",
            ["kind"]);
    }

    public Counter Misfires { get; }

    public Gauge Members { get; }

    public Gauge StateUp { get; }

    public Counter JobsRun { get; }

    public Counter JobsHandedOff { get; }
}
