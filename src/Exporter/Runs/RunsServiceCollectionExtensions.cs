using Exporter.Configuration;
using Exporter.Metrics;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Exporter.Runs;

public static class RunsServiceCollectionExtensions
{
    /// <summary>
    /// Every kind of scheduled work (KPI targets, probes) with its status board, each also registered as
    /// <see cref="IScheduledWork"/>: what the scheduler runs and what <c>once</c> runs.
    /// </summary>
    public static IServiceCollection AddRuns(this IServiceCollection services, ExporterDefinition definition)
    {
        services.AddSingleton(new StatusBoard<KpiStatus>(definition.Targets.Select(t => (t.Key, KpiStatus.Pending(t)))));
        services.AddSingleton(new StatusBoard<ProbeStatus>(definition.Probes.Select(p => (p.Name, ProbeStatus.Pending(p, definition.Redactor)))));
        services.AddSingleton<DatasourceMonitor>();
        services.AddSingleton<KpiView>();
        services.TryAddSingleton<IStatusStore, LocalStatusStore>();
        services.AddSingleton<KpiExecutor>();
        services.AddSingleton<ProbeExecutor>();
        services.AddSingleton<IScheduledWork>(provider => provider.GetRequiredService<KpiExecutor>());
        services.AddSingleton<IScheduledWork>(provider => provider.GetRequiredService<ProbeExecutor>());
        services.AddSingleton<ISharedWork>(provider => provider.GetRequiredService<KpiExecutor>());
        services.AddSingleton<ISharedWork>(provider => provider.GetRequiredService<ProbeExecutor>());
        return services;
    }

    /// <summary>
    /// In a cluster (the service only): statuses recorded in the state database and every replica's view kept
    /// current from it. Registered before the scheduler, so a new replica shows the cluster's view before it runs anything.
    /// </summary>
    public static IServiceCollection AddSharedStatuses(this IServiceCollection services, ExporterDefinition definition)
    {
        if (definition.Cluster is null)
            return services;
        services.AddSingleton<ClusterState>();
        services.AddSingleton<IStatusStore, ClusterStatusStore>();
        services.AddHostedService<SharedStatusFeed>();
        return services;
    }

    /// <summary>Config reloads (the service only): SIGHUP, and what POST /-/reload calls; the reload metrics.</summary>
    public static IServiceCollection AddReload(this IServiceCollection services, ConfigSource source)
    {
        services.AddSingleton(source);
        services.AddSingleton<ReloadMetrics>();
        services.AddSingleton<ConfigReloader>();
        services.AddHostedService<ReloadSignal>();
        return services;
    }

    /// <summary>The service only: memory a large run left behind goes back to the OS once the service is quiet (<see cref="MemoryReturn"/>).</summary>
    public static IServiceCollection AddMemoryReturn(this IServiceCollection services)
    {
        services.AddHostedService<MemoryReturn>();
        return services;
    }

    /// <summary>Prepares every item of every kind of work (its self-metric series), as the scheduler does at start-up.</summary>
    public static void PrepareAll(this IEnumerable<IScheduledWork> work)
    {
        foreach (var kind in work)
            foreach (var item in kind.Items)
                kind.Prepare(item.Key);
    }
}
