using Exporter.Configuration;
using Quartz;

namespace Exporter.Scheduling;

/// <summary>
/// Quartz triggers for a schedule. Misfire policy: a run may start late (up to one period) when the
/// exporter is busy; a run missed by more than that is not caught up, the next regular run happens on time
/// (a KPI is a snapshot, so one late run is enough).
/// Cron schedules also get a one-off run at start-up, so every KPI has a value (and /readyz turns ready)
/// without waiting for a daily cron.
/// </summary>
public static class ScheduleTriggers
{
    public static IEnumerable<ITrigger> For(JobKey job, string id, ScheduleDefinition schedule, DateTimeOffset startAt)
    {
        // A run that starts late (the exporter was busy) still runs, unless it is a whole period late.
        var builder = TriggerBuilder.Create().ForJob(job).WithIdentity(id, job.Group)
            .WithMisfireThreshold(schedule.Period(startAt));
        if (schedule.Interval is { } interval)
        {
            yield return builder.StartAt(startAt)
                .WithSimpleSchedule(s => s.WithInterval(interval).RepeatForever().WithMisfireInstruction(SimpleTriggerMisfireInstruction.NextWithRemainingCount))
                .Build();
            yield break;
        }
        yield return builder.StartNow()
            .WithCronSchedule(schedule.Cron!, c => c.InTimeZone(TimeZoneInfo.Utc).WithMisfireInstruction(CronTriggerMisfireInstruction.DoNothing))
            .Build();
        yield return TriggerBuilder.Create().ForJob(job).WithIdentity($"{id}#startup", job.Group).StartAt(startAt).Build();
    }

    /// <summary>Schedules one job of <typeparamref name="TJob"/> for <paramref name="id"/> (a KPI target or a probe).</summary>
    public static async Task ScheduleAsync<TJob>(
        IScheduler scheduler, string group, string dataKey, string id, ScheduleDefinition schedule, DateTimeOffset startAt,
        CancellationToken cancellationToken)
        where TJob : IJob
    {
        var job = JobBuilder.Create<TJob>().WithIdentity(id, group).UsingJobData(dataKey, id).Build();
        var triggers = For(job.Key, id, schedule, startAt).ToArray();
        await scheduler.ScheduleJob(job, triggers, new ScheduleJobOptions { Replace = true }, cancellationToken);
    }

    /// <summary>Start-up runs spread over a few seconds rather than all at once (at most 10s in all).</summary>
    public static TimeSpan StartupOffset(int index, int count) =>
        count <= 1 ? TimeSpan.Zero : TimeSpan.FromMilliseconds(index * Math.Min(10_000.0 / count, 250));
}
