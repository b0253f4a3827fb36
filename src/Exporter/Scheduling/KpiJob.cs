using Exporter.Runs;
using Quartz;

namespace Exporter.Scheduling;

/// <summary>Runs one (KPI, datasource) on its schedule; never two runs of the same KPI at once.</summary>
[DisallowConcurrentExecution]
public sealed class KpiJob(KpiExecutor executor, KpiStatusBoard board) : IJob
{
    public const string Group = "kpi";
    public const string TargetKey = "target";

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        var key = context.MergedJobDataMap.GetString(TargetKey)!;
        await executor.ExecuteAsync(board.Target(key), cancellationToken);
        var triggers = await context.Scheduler.GetTriggersOfJob(context.JobDetail.Key, cancellationToken);
        board.RecordNextRun(key, triggers.Select(t => t.NextFireTimeUtc).Where(t => t is not null).Min());
    }
}
