using Exporter.Probes;
using Exporter.Configuration;
using Exporter.Runs;
using Quartz;

namespace Exporter.Scheduling;

/// <summary>Runs one probe on its schedule; never two runs of the same probe at once, and never throws.</summary>
[DisallowConcurrentExecution]
public sealed class ProbeJob(ProbeExecutor executor, ProbeStatusBoard board, SecretRedactor redactor, ILogger<ProbeJob> logger) : IJob
{
    public const string Group = "probe";
    public const string ProbeKey = "probe";

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        var name = context.MergedJobDataMap.GetString(ProbeKey)!;
        try
        {
            await executor.ExecuteAsync(board.Definition(name), cancellationToken);
            var triggers = await context.Scheduler.GetTriggersOfJob(context.JobDetail.Key, cancellationToken);
            board.RecordNextRun(name, triggers.Select(t => t.NextFireTimeUtc).Where(t => t is not null).Min());
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            // The runner turns every request failure into a result; this is a bug, not a probe failure.
            ProbeLog.JobFailed(logger, name, redactor.Redact($"{e.GetType().Name}: {e.Message}"));
        }
        catch (OperationCanceledException)
        {
            // Shutting down.
        }
    }
}
