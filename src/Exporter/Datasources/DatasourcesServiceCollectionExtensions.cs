using Exporter.Configuration;

namespace Exporter.Datasources;

public static class DatasourcesServiceCollectionExtensions
{
    public static IServiceCollection AddDatasources(this IServiceCollection services) =>
        services.AddSingleton<DatasourceRegistry>()
            .AddSingleton<IReloadable>(provider => provider.GetRequiredService<DatasourceRegistry>());
}
