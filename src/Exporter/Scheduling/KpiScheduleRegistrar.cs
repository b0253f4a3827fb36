using Exporter.Runs;
using Quartz;

namespace Exporter.Scheduling;

/// <summary>Registers every (KPI, datasource) with the scheduler at start-up.</summary>
public sealed class KpiScheduleRegistrar(
    ISchedulerFactory schedulerFactory, KpiStatusBoard board, KpiExecutor executor, TimeProvider time) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var scheduler = await schedulerFactory.GetScheduler(cancellationToken);
        var targets = board.Targets;
        var start = time.GetUtcNow().AddSeconds(1);
        for (var i = 0; i < targets.Count; i++)
        {
            var target = targets[i];
            executor.Register(target);
            var startAt = start + ScheduleTriggers.StartupOffset(i, targets.Count);
            await ScheduleTriggers.ScheduleAsync<KpiJob>(
                scheduler, KpiJob.Group, KpiJob.TargetKey, target.Key, target.Kpi.Schedule, startAt, cancellationToken);
            board.RecordNextRun(target.Key, startAt);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
