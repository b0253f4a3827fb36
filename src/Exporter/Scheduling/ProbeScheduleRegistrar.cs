using Exporter.Runs;
using Quartz;

namespace Exporter.Scheduling;

/// <summary>Registers every probe with the scheduler at start-up (same triggers and misfire policy as KPIs).</summary>
public sealed class ProbeScheduleRegistrar(
    ISchedulerFactory schedulerFactory, ProbeStatusBoard board, ProbeExecutor executor, TimeProvider time) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var probes = board.Probes;
        if (probes.Count == 0)
            return;
        var scheduler = await schedulerFactory.GetScheduler(cancellationToken);
        var start = time.GetUtcNow().AddSeconds(1);
        for (var i = 0; i < probes.Count; i++)
        {
            var probe = probes[i];
            executor.Register(probe);
            var startAt = start + ScheduleTriggers.StartupOffset(i, probes.Count);
            await ScheduleTriggers.ScheduleAsync<ProbeJob>(
                scheduler, ProbeJob.Group, ProbeJob.ProbeKey, probe.Name, probe.Schedule, startAt, cancellationToken);
            board.RecordNextRun(probe.Name, startAt);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
