using Exporter.Configuration;
using Quartz;

namespace Exporter.Scheduling;

public static class SchedulingServiceCollectionExtensions
{
    /// <summary>Quartz, with one job and its trigger(s) per (KPI, datasource) and per probe, started with the host.</summary>
    public static IServiceCollection AddScheduling(this IServiceCollection services, ExporterDefinition definition)
    {
        services.AddQuartz(quartz =>
        {
            // A slot per job: jobs are async and the datasource gates do the limiting. Fewer slots would let
            // jobs queued at a gate hold them, and the jobs behind would misfire and be skipped.
            var jobs = definition.Targets.Count + definition.Probes.Count;
            quartz.UseDefaultThreadPool(pool => pool.MaxConcurrency = Math.Max(10, jobs + 2));
            // On shutdown, running jobs are cancelled (their queries too) instead of running to their timeout.
            quartz.ConfigureScheduler(scheduler => scheduler.ShutdownJobInterruption = ShutdownJobInterruption.WhenWaitingForJobs);
            // The one job type, registered by type: a replica that only runs jobs another replica stored (a shared
            // store names the type as a string) resolves it without reflection, also in the NativeAOT build.
            quartz.AddJobType<ScheduledJob>();
            // With a cluster: the shared store on the state database; without: Quartz's in-memory store.
            if (definition.Cluster is { } cluster)
                ClusterScheduling.UseClusteredStore(quartz, cluster);
        });
        services.AddSingleton<RunningFirings>();
        services.AddSingleton<ScheduleRegistrar>();
        services.AddHostedService(provider => provider.GetRequiredService<ScheduleRegistrar>());
        services.AddSingleton<IReloadable>(provider => provider.GetRequiredService<ScheduleRegistrar>());
        services.AddQuartzHostedService(options => options.WaitForJobsToComplete = true);
        if (definition.Cluster is not null)
            services.AddHostedService<StuckTriggerRepair>();
        return services;
    }
}
