using Exporter.Cluster;
using Quartz;

namespace Exporter.Scheduling;

/// <summary>Counts the runs the cluster skipped because they were more than their misfire threshold (a period) late.</summary>
internal sealed class MisfireCounter(ClusterMetrics metrics) : ITriggerListener
{
    public string Name => "exporter-misfires";

    public ValueTask TriggerMisfired(ITrigger trigger, IScheduler scheduler, CancellationToken cancellationToken = default)
    {
        metrics.Misfires.WithLabels(trigger.JobKey.Group).Inc();
        return ValueTask.CompletedTask;
    }
}
