using Exporter.Cluster;
using Exporter.Configuration;
using Exporter.Datasources;
using Exporter.Http;
using Exporter.Kpis;
using Exporter.Logging;
using Exporter.Metrics;
using Exporter.Probes;
using Exporter.Runs;
using Exporter.Scheduling;

namespace Exporter;

/// <summary>Composes the features: one AddXxx() each, so this file reads like the architecture.</summary>
public static class ExporterHost
{
    /// <summary>The long-running service: scheduler, HTTP endpoints, runtime metrics.</summary>
    /// <param name="logging">Format and level of the logs; request logging comes from the config.</param>
    /// <param name="source">Where a reload reads the config again; by default the definition's file.</param>
    public static WebApplication BuildService(ExporterDefinition definition, string? urls, LogSettings? logging = null, ConfigSource? source = null)
    {
        // Only our config: the empty builder reads no appsettings*.json, no ASPNETCORE_/DOTNET_ variables and no
        // command line, so nothing changes the service's behaviour behind the YAML file and our flags.
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions
        {
            ApplicationName = "exporter",
            EnvironmentName = Environments.Production,
            ContentRootPath = AppContext.BaseDirectory,
        });
        builder.WebHost.UseKestrelCore().UseKestrelHttpsConfiguration().UseUrls(urls ?? definition.Server.Listen);
        builder.Logging.AddExporterLogging((logging ?? new LogSettings()) with { LogRequests = definition.Server.LogRequests });
        builder.Services
            .AddRoutingCore()
            .AddExporterConfiguration(definition)
            .AddDatasources()
            .AddExporterMetrics(withRuntimeMetrics: true)
            .AddKpis()
            .AddProbes()
            .AddCluster(definition)
            .AddSharedStatuses(definition)
            .AddRuns(definition)
            .AddReload(source ?? new ConfigSource(definition.File, null))
            .AddMemoryReturn()
            .AddScheduling(definition);
        builder.AddWebSecurity(definition);
        var app = builder.Build();
        app.UseWebSecurity();
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
