namespace Exporter.Configuration;

public static class ConfigurationServiceCollectionExtensions
{
    public static IServiceCollection AddExporterConfiguration(this IServiceCollection services, ExporterDefinition definition)
    {
        services.AddSingleton(definition);
        services.AddSingleton(definition.Redactor);
        services.AddSingleton(TimeProvider.System);
        return services;
    }
}
