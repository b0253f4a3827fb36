using Exporter.Configuration;
using Exporter.Runs;

namespace Exporter.Kpis;

public static class KpisServiceCollectionExtensions
{
    public static IServiceCollection AddKpis(this IServiceCollection services, ExporterDefinition definition)
    {
        services.AddSingleton(new KpiStatusBoard(definition.Targets));
        services.AddSingleton<KpiRunner>();
        services.AddSingleton<KpiExecutor>();
        return services;
    }
}
