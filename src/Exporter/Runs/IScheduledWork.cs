using Exporter.Configuration;

namespace Exporter.Runs;

/// <summary>
/// One kind of scheduled work (KPI targets, probes) as the scheduler and <c>once</c> see it: items with a
/// schedule, each prepared once and then run by key. A new kind of work implements this and is scheduled,
/// reported and run by <c>once</c> with no change elsewhere.
/// </summary>
public interface IScheduledWork
{
    /// <summary>The word for this kind of work: the Quartz job group, e.g. <c>kpi</c>, <c>probe</c>.</summary>
    string Kind { get; }

    IReadOnlyList<ScheduledItem> Items { get; }

    /// <summary>Creates the item's self-metric series before its first run (the same in <c>run</c> and <c>once</c>).</summary>
    void Prepare(string key);

    /// <summary>Runs the item once: run, publish, record its status. Never throws for a failure of the work itself.</summary>
    Task RunAsync(string key, CancellationToken cancellationToken);

    void RecordNextRun(string key, DateTimeOffset? nextRunAt);

    /// <summary>
    /// Takes a reloaded config: keeps unchanged items as they are (values, status), withdraws the series of removed
    /// and changed ones, and says what the scheduler must (re)schedule and unschedule. A run of a removed or changed
    /// item that finishes afterwards publishes nothing.
    /// </summary>
    ReloadDiff Apply(ExporterDefinition next);
}
