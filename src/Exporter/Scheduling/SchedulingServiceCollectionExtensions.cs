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
            // Enough threads for every datasource's query gate and the probes; the gates do the limiting.
            var threads = definition.Datasources.Sum(d => d.MaxConcurrency) + definition.Probes.Count + 2;
            quartz.UseDefaultThreadPool(pool => pool.MaxConcurrency = Math.Max(4, threads));
        });
        services.AddHostedService<KpiScheduleRegistrar>();
        services.AddHostedService<ProbeScheduleRegistrar>();
        services.AddQuartzHostedService(options => options.WaitForJobsToComplete = true);
        return services;
    }
}
