using Exporter.Configuration;
using Exporter.Runs;
using Quartz;

namespace Exporter.Scheduling;

/// <summary>
/// Registers every item of every kind of scheduled work with the scheduler at start-up, after preparing its
/// self-metric series; each kind's first runs are spread over a few seconds. On reload, schedules what was added,
/// reschedules what changed and unschedules what was removed; unchanged items keep their triggers untouched.
/// </summary>
public sealed class ScheduleRegistrar(
    ISchedulerFactory schedulerFactory, IEnumerable<IScheduledWork> work, TimeProvider time, ILogger<ScheduleRegistrar> logger)
    : IHostedService, IReloadable
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var scheduler = await schedulerFactory.GetScheduler(cancellationToken);
        foreach (var kind in work)
            await ScheduleAsync(scheduler, kind, kind.Items, cancellationToken);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public async Task ApplyAsync(ExporterDefinition next, CancellationToken cancellationToken)
    {
        var scheduler = await schedulerFactory.GetScheduler(cancellationToken);
        foreach (var kind in work)
        {
            var diff = kind.Apply(next);
            // A running job finishes; the executor no longer records its result.
            foreach (var key in diff.Removed)
                await scheduler.DeleteJob(new JobKey(key, kind.Kind), cancellationToken);
            await ScheduleAsync(scheduler, kind, [.. diff.Added, .. diff.Changed], cancellationToken);
            SchedulingLog.Reloaded(logger, kind.Kind, diff.Added.Count, diff.Changed.Count, diff.Removed.Count, diff.Unchanged);
        }
    }

    private async Task ScheduleAsync(IScheduler scheduler, IScheduledWork kind, IReadOnlyList<ScheduledItem> items, CancellationToken cancellationToken)
    {
        var start = time.GetUtcNow().AddSeconds(1);
        for (var i = 0; i < items.Count; i++)
        {
            var item = items[i];
            kind.Prepare(item.Key);
            var startAt = start + ScheduleTriggers.StartupOffset(i, items.Count);
            await ScheduleTriggers.ScheduleAsync<ScheduledJob>(
                scheduler, kind.Kind, ScheduledJob.ItemKey, item.Key, item.Schedule, startAt, cancellationToken);
            kind.RecordNextRun(item.Key, startAt);
        }
    }
}
