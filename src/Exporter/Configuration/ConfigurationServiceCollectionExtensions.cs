using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Exporter.Configuration;

public static class ConfigurationServiceCollectionExtensions
{
    public static IServiceCollection AddExporterConfiguration(this IServiceCollection services, ExporterDefinition definition)
    {
        services.AddSingleton(definition);
        services.AddSingleton(definition.Redactor);
        // The system clock unless one is already registered (tests register a FakeTimeProvider first).
        services.TryAddSingleton(TimeProvider.System);
        return services;
    }
}
