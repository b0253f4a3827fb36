using Prometheus;

namespace Exporter.Metrics;

public static class MetricsServiceCollectionExtensions
{
    /// <summary>
    /// One registry for the whole process, in DI (never prometheus-net's static default), so that tests
    /// and <c>once</c> get their own. <paramref name="withRuntimeMetrics"/> adds process/.NET metrics (<see cref="ProcessMetrics"/>).
    /// </summary>
    public static IServiceCollection AddExporterMetrics(this IServiceCollection services, bool withRuntimeMetrics)
    {
        var registry = Prometheus.Metrics.NewCustomRegistry();
        if (withRuntimeMetrics)
            ProcessMetrics.Register(registry, TimeProvider.System);
        services.AddSingleton(registry);
        services.AddSingleton<ExporterMetrics>();
        services.AddSingleton<KpiPublisher>();
        services.AddSingleton<MetricsExposition>();
        services.AddSingleton<ProbeMetrics>();
        return services;
    }
}
