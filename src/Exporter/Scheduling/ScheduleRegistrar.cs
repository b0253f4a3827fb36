using Exporter.Runs;
using Quartz;

namespace Exporter.Scheduling;

/// <summary>
/// Registers every item of every kind of scheduled work with the scheduler at start-up, after preparing its
/// self-metric series; each kind's first runs are spread over a few seconds.
/// </summary>
public sealed class ScheduleRegistrar(ISchedulerFactory schedulerFactory, IEnumerable<IScheduledWork> work, TimeProvider time) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var scheduler = await schedulerFactory.GetScheduler(cancellationToken);
        var start = time.GetUtcNow().AddSeconds(1);
        foreach (var kind in work)
        {
            var items = kind.Items;
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

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
