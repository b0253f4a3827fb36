using Exporter.Kpis;
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
            var job = JobBuilder.Create<KpiJob>()
                .WithIdentity(target.Key, KpiJob.Group)
                .UsingJobData(KpiJob.TargetKey, target.Key)
                .Build();
            var startAt = start + ScheduleTriggers.StartupOffset(i, targets.Count);
            var triggers = ScheduleTriggers.For(job.Key, target.Key, target.Kpi.Schedule, startAt).ToArray();
            await scheduler.ScheduleJob(job, triggers, new ScheduleJobOptions { Replace = true }, cancellationToken);
            board.RecordNextRun(target.Key, startAt);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
