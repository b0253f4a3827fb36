using Exporter.Cluster;
using Exporter.Configuration;
using Exporter.Runs;
using Quartz;

namespace Exporter.Scheduling;

/// <summary>
/// Runs one item of scheduled work (a KPI target, a probe) on its schedule: the job's group names the kind of
/// work, its key the item. Never two runs of the same item at once (cluster-wide with a shared store), and never throws.
/// In a cluster, a run fired on a replica whose config lacks the item (mid rolling reload) is not dropped: it is
/// handed back to the cluster a second later, for a replica that has it; so is a run this replica's shutdown cancelled.
/// </summary>
[DisallowConcurrentExecution]
public sealed class ScheduledJob(
    IEnumerable<IScheduledWork> work, SecretRedactor redactor, ILogger<ScheduledJob> logger, RunningFirings running, ClusterMetrics? cluster = null) : IJob
{
    public const string ItemKey = "item";

    /// <summary>Hand-offs of one run before it is given up (and logged as an error): a minute of replicas that lack it.</summary>
    private const int MaxHandOffs = 60;

    private const string HandOffKey = "handoff";

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        var kind = context.JobDetail.Key.Group;
        var key = context.MergedJobDataMap.GetString(ItemKey)!;
        using var firing = running.Track(context.FireInstanceId);
        try
        {
            var items = work.Single(w => w.Kind == kind);
            if (cluster is not null && !items.Items.Any(i => i.Key == key))
            {
                await HandOffAsync(context, kind, key, cancellationToken);
                return;
            }
            await items.RunAsync(key, cancellationToken);
            // In a cluster a run cut short by this replica's shutdown is handed back (the store keeps a recovery
            // trigger for it): another replica runs it at once instead of at its next period.
            if (cluster is not null)
                cancellationToken.ThrowIfCancellationRequested();
            cluster?.JobsRun.WithLabels(kind).Inc();
            IReadOnlyCollection<ITrigger> triggers;
            try
            {
                triggers = await context.Scheduler.GetTriggersOfJob(context.JobDetail.Key, cancellationToken);
            }
            catch (SchedulerException)
            {
                // The scheduler shut down while this run ended ("The Scheduler has been Shutdown"): no next run.
                return;
            }
            items.RecordNextRun(key, triggers.Select(t => t.NextFireTimeUtc).Where(t => t is not null).Min());
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            // Runs turn every failure of the work into a result; this is a bug, not a failed run.
            SchedulingLog.JobFailed(logger, kind, key, redactor.Redact($"{e.GetType().Name}: {e.Message}"));
        }
        catch (OperationCanceledException) when (cluster is null)
        {
            // Shutting down.
        }
    }

    private async Task HandOffAsync(IJobExecutionContext context, string kind, string key, CancellationToken cancellationToken)
    {
        var attempt = (context.Trigger.JobDataMap.TryGetValue(HandOffKey, out var previous) ? Convert.ToInt32(previous, System.Globalization.CultureInfo.InvariantCulture) : 0) + 1;
        cluster!.JobsHandedOff.WithLabels(kind).Inc();
        if (attempt > MaxHandOffs)
        {
            SchedulingLog.HandOffGaveUp(logger, kind, key, MaxHandOffs);
            return;
        }
        SchedulingLog.HandedOff(logger, kind, key, attempt);
        var trigger = TriggerBuilder.Create().ForJob(context.JobDetail.Key)
            .WithIdentity($"{key}#handoff-{Guid.NewGuid():N}", kind)
            .UsingJobData(HandOffKey, attempt.ToString(System.Globalization.CultureInfo.InvariantCulture))
            .StartAt(DateTimeOffset.UtcNow.AddSeconds(1)).Build();
        await context.Scheduler.ScheduleJob(trigger, new ScheduleJobOptions(), cancellationToken);
    }
}
