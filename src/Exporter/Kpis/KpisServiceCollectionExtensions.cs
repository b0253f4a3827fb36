namespace Exporter.Kpis;

public static class KpisServiceCollectionExtensions
{
    /// <summary>Running one KPI target: SQL on its datasource -> series or a failure.</summary>
    public static IServiceCollection AddKpis(this IServiceCollection services) =>
        services.AddSingleton<KpiRunner>();
}
