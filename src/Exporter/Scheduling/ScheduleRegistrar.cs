using Exporter.Cluster;
using Exporter.Configuration;
using Exporter.Runs;
using Quartz;

namespace Exporter.Scheduling;

/// <summary>
/// Registers every item of every kind of scheduled work with the scheduler at start-up, after preparing its
/// self-metric series; each kind's first runs are spread over a few seconds. On reload, schedules what was added,
/// reschedules what changed and unschedules what was removed; unchanged items keep their triggers untouched.
/// In a cluster the job store is shared and outlives every replica: a job already stored with the same schedule
/// keeps its timing (no replica's start or reload resets it), the cron start-up run is only added for a job new to
/// the store, and a start-up removes the jobs its config lacks only when no live replica runs another config.
/// </summary>
public sealed class ScheduleRegistrar(
    ISchedulerFactory schedulerFactory, IEnumerable<IScheduledWork> work, TimeProvider time, ILogger<ScheduleRegistrar> logger,
    ClusterMonitor? cluster = null)
    : IHostedService, IReloadable
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var scheduler = await schedulerFactory.GetScheduler(cancellationToken);
        await using var turn = cluster is null ? null : await cluster.LockScheduleAsync(cancellationToken);
        foreach (var kind in work)
        {
            if (cluster is null)
            {
                await ScheduleAsync(scheduler, kind, kind.Items, cancellationToken);
                continue;
            }
            foreach (var item in kind.Items)
                kind.Prepare(item.Key);
            // Mid rolling reload (a live replica runs another config) the reloads set the schedule: this start only
            // adds what the store lacks, so that a replica restarted on the older config does not undo a change.
            var onlyNew = cluster.OthersRunAnotherConfig;
            await ScheduleChangedAsync(scheduler, kind, kind.Items, cancellationToken, onlyNew);
            if (!onlyNew)
                await RemoveUnconfiguredAsync(scheduler, kind, cancellationToken);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public async Task ApplyAsync(ExporterDefinition next, CancellationToken cancellationToken)
    {
        var scheduler = await schedulerFactory.GetScheduler(cancellationToken);
        await using var turn = cluster is null ? null : await cluster.LockScheduleAsync(cancellationToken);
        foreach (var kind in work)
        {
            var diff = kind.Apply(next);
            // A running job finishes; the executor no longer records its result. In a cluster the newest config
            // applied is the cluster's schedule: a replica still on the older one hands such a job back (ScheduledJob).
            foreach (var key in diff.Removed)
                await scheduler.DeleteJob(new JobKey(key, kind.Kind), cancellationToken);
            if (cluster is null)
            {
                await ScheduleAsync(scheduler, kind, [.. diff.Added, .. diff.Changed], cancellationToken);
            }
            else
            {
                foreach (var item in diff.Added.Concat(diff.Changed))
                    kind.Prepare(item.Key);
                await ScheduleChangedAsync(scheduler, kind, [.. diff.Added, .. diff.Changed], cancellationToken);
            }
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

    /// <summary>
    /// Clustered: (re)schedules the items whose stored job is missing or has another schedule (only the missing ones
    /// when <paramref name="onlyNew"/>); the others keep their timing.
    /// </summary>
    private async Task ScheduleChangedAsync(
        IScheduler scheduler, IScheduledWork kind, IReadOnlyList<ScheduledItem> items, CancellationToken cancellationToken, bool onlyNew = false)
    {
        var pending = new List<(ScheduledItem Item, bool New)>();
        foreach (var item in items)
        {
            var key = new JobKey(item.Key, kind.Kind);
            var stored = await scheduler.GetJobDetail(key, cancellationToken);
            if (stored is not null && (onlyNew || stored.JobDataMap.GetString(ScheduleTriggers.ScheduleKey) == ScheduleTriggers.ScheduleData(item.Schedule)))
                kind.RecordNextRun(item.Key, await NextRunAsync(scheduler, key, cancellationToken));
            else
                pending.Add((item, stored is null));
        }
        var start = time.GetUtcNow().AddSeconds(1);
        for (var i = 0; i < pending.Count; i++)
        {
            var (item, isNew) = pending[i];
            var startAt = start + ScheduleTriggers.StartupOffset(i, pending.Count);
            await ScheduleTriggers.ScheduleAsync<ScheduledJob>(
                scheduler, kind.Kind, ScheduledJob.ItemKey, item.Key, item.Schedule, startAt, cancellationToken, clustered: true, withStartupRun: isNew);
            kind.RecordNextRun(item.Key, await NextRunAsync(scheduler, new JobKey(item.Key, kind.Kind), cancellationToken));
        }
        var created = pending.Count(p => p.New);
        if (pending.Count > 0)
            SchedulingLog.ClusterScheduled(logger, kind.Kind, created, pending.Count - created, items.Count - pending.Count);
    }

    /// <summary>Clustered start-up: jobs of items this config no longer has (every live replica agrees on it).</summary>
    private async Task RemoveUnconfiguredAsync(IScheduler scheduler, IScheduledWork kind, CancellationToken cancellationToken)
    {
        var configured = kind.Items.Select(i => i.Key).ToHashSet(StringComparer.Ordinal);
        var stale = (await scheduler.GetJobKeys(GroupMatcher<JobKey>.GroupEquals(kind.Kind), cancellationToken))
            .Where(job => !configured.Contains(job.Name)).ToArray();
        foreach (var job in stale)
            await scheduler.DeleteJob(job, cancellationToken);
        if (stale.Length > 0)
            SchedulingLog.ClusterRemoved(logger, kind.Kind, stale.Length);
    }

    private static async Task<DateTimeOffset?> NextRunAsync(IScheduler scheduler, JobKey job, CancellationToken cancellationToken) =>
        (await scheduler.GetTriggersOfJob(job, cancellationToken)).Select(t => t.NextFireTimeUtc).Where(t => t is not null).Min();
}
