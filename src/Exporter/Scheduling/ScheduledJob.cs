using Exporter.Configuration;
using Exporter.Runs;
using Quartz;

namespace Exporter.Scheduling;

/// <summary>
/// Runs one item of scheduled work (a KPI target, a probe) on its schedule: the job's group names the kind of
/// work, its key the item. Never two runs of the same item at once, and never throws.
/// </summary>
[DisallowConcurrentExecution]
public sealed class ScheduledJob(IEnumerable<IScheduledWork> work, SecretRedactor redactor, ILogger<ScheduledJob> logger) : IJob
{
    public const string ItemKey = "item";

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        var kind = context.JobDetail.Key.Group;
        var key = context.MergedJobDataMap.GetString(ItemKey)!;
        try
        {
            var items = work.Single(w => w.Kind == kind);
            await items.RunAsync(key, cancellationToken);
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
        catch (OperationCanceledException)
        {
            // Shutting down.
        }
    }
}
