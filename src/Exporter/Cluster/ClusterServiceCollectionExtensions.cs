using Exporter.Configuration;
using Npgsql;

namespace Exporter.Cluster;

public static class ClusterServiceCollectionExtensions
{
    /// <summary>
    /// With a <c>cluster</c> section: the state database, its schema, this replica's membership and its metrics.
    /// Registered before the scheduler, so the schema exists and the join is decided before Quartz starts.
    /// Without one, nothing: the replica runs alone.
    /// </summary>
    public static IServiceCollection AddCluster(this IServiceCollection services, ExporterDefinition definition)
    {
        if (definition.Cluster is not { } cluster)
            return services;
        services.AddSingleton(cluster);
        services.AddSingleton(new StateSchema(cluster.Schema));
        services.AddSingleton(_ => StateDataSource(cluster));
        services.AddSingleton<ClusterMembers>();
        services.AddSingleton<ClusterMetrics>();
        services.AddSingleton<ClusterMonitor>();
        services.AddHostedService(provider => provider.GetRequiredService<ClusterMonitor>());
        services.AddSingleton<IReloadable>(provider => provider.GetRequiredService<ClusterMonitor>());
        return services;
    }

    /// <summary>The exporter's own connections to the state database (Quartz opens its own), named in pg_stat_activity.</summary>
    public static NpgsqlDataSource StateDataSource(ClusterDefinition cluster)
    {
        var builder = new NpgsqlDataSourceBuilder(cluster.ConnectionString);
        builder.ConnectionStringBuilder.ApplicationName = $"exporter/{cluster.InstanceId}/state";
        return builder.Build();
    }
}
