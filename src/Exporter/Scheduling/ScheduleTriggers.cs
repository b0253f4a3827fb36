using System.Diagnostics.CodeAnalysis;
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
    /// <summary>What Quartz's job factory reflects on to create a job (its constructor, its data properties): kept in a trimmed (NativeAOT) build.</summary>
    private const DynamicallyAccessedMemberTypes QuartzJob =
        DynamicallyAccessedMemberTypes.PublicConstructors | DynamicallyAccessedMemberTypes.PublicProperties | DynamicallyAccessedMemberTypes.Interfaces;

    public static IEnumerable<ITrigger> For(JobKey job, string id, ScheduleDefinition schedule, DateTimeOffset startAt, bool withStartupRun = true)
    {
        // A run that starts late (the exporter was busy) still runs, unless it is a whole period late.
        // The threshold is the trigger's own, kept by the persistent store too (its MISFIRE_THRESHOLD column).
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
        if (withStartupRun)
            yield return TriggerBuilder.Create().ForJob(job).WithIdentity($"{id}#startup", job.Group).StartAt(startAt).Build();
    }

    /// <summary>Schedules one job of <typeparamref name="TJob"/> for <paramref name="id"/> (a KPI target or a probe).</summary>
    /// <param name="clustered">In a cluster: the job asks to be run again elsewhere when its replica dies mid-run, and
    /// carries its schedule (<see cref="ScheduleData"/>) so that other replicas starting later leave it untouched.</param>
    /// <param name="withStartupRun">Whether a cron schedule also runs once now (not for a job a cluster already ran).</param>
    public static async Task ScheduleAsync<[DynamicallyAccessedMembers(QuartzJob)] TJob>(
        IScheduler scheduler, string group, string dataKey, string id, ScheduleDefinition schedule, DateTimeOffset startAt,
        CancellationToken cancellationToken, bool clustered = false, bool withStartupRun = true)
        where TJob : IJob
    {
        var builder = JobBuilder.Create<TJob>().WithIdentity(id, group).UsingJobData(dataKey, id);
        if (clustered)
            builder = builder.RequestRecovery().UsingJobData(ScheduleKey, ScheduleData(schedule));
        var job = builder.Build();
        var triggers = For(job.Key, id, schedule, startAt, withStartupRun).ToArray();
        await scheduler.ScheduleJob(job, triggers, new ScheduleJobOptions { Replace = true }, cancellationToken);
    }

    /// <summary>The job data key holding the schedule a clustered job was scheduled with.</summary>
    public const string ScheduleKey = "schedule";

    /// <summary>What a job's timing depends on: equal for two configs means its triggers need not change.</summary>
    public static string ScheduleData(ScheduleDefinition schedule) => $"{schedule.Text}|{schedule.Interval?.Ticks}|{schedule.Cron}";

    /// <summary>Start-up runs spread over a few seconds rather than all at once (at most 10s in all).</summary>
    public static TimeSpan StartupOffset(int index, int count) =>
        count <= 1 ? TimeSpan.Zero : TimeSpan.FromMilliseconds(index * Math.Min(10_000.0 / count, 250));
}
