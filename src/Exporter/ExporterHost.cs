using Exporter.Configuration;
using Exporter.Datasources;
using Exporter.Http;
using Exporter.Kpis;
using Exporter.Metrics;
using Exporter.Probes;
using Exporter.Runs;
using Exporter.Scheduling;

namespace Exporter;

/// <summary>Composes the features: one AddXxx() each, so this file reads like the architecture.</summary>
public static class ExporterHost
{
    /// <summary>The long-running service: scheduler, HTTP endpoints, runtime metrics.</summary>
    public static WebApplication BuildService(ExporterDefinition definition, string? urls, string[]? hostArgs = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = hostArgs ?? [] });
        builder.WebHost.UseUrls(urls ?? definition.Server.Listen);
        // Four Information lines per request (hosting and routing) would cost a scrape more than serving it.
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        builder.Services
            .AddExporterConfiguration(definition)
            .AddDatasources()
            .AddExporterMetrics(withRuntimeMetrics: true)
            .AddKpis()
            .AddProbes()
            .AddRuns(definition)
            .AddScheduling(definition);
        var app = builder.Build();
        app.MapExporterEndpoints();
        return app;
    }

    /// <summary>Everything needed to run KPIs and probes without a scheduler or a web server (<c>once</c>, tests).</summary>
    /// <param name="time">The clock; the system's by default (tests pass a fake one to move time without sleeping).</param>
    public static ServiceProvider BuildCore(ExporterDefinition definition, Action<ILoggingBuilder> logging, TimeProvider? time = null)
    {
        var services = new ServiceCollection();
        if (time is not null)
            services.AddSingleton(time);
        services
            .AddLogging(logging)
            .AddExporterConfiguration(definition)
            .AddDatasources()
            .AddExporterMetrics(withRuntimeMetrics: false)
            .AddKpis()
            .AddProbes()
            .AddRuns(definition);
        return services.BuildServiceProvider();
    }
}
