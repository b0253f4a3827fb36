using System.Net;
using Exporter.Configuration;
using Exporter.Metrics;
using Exporter.Runs;

namespace Exporter.Probes;

public static class ProbesServiceCollectionExtensions
{
    /// <summary>
    /// HTTP probes: the named HTTP client, runner, metrics and status board. Scheduling them is the
    /// Scheduling feature's job (<c>run</c>); <c>once</c> and tests call <see cref="ProbeExecutor"/> directly.
    /// </summary>
    public static IServiceCollection AddProbes(this IServiceCollection services, ExporterDefinition definition)
    {
        services.AddHttpClient(ProbeRunner.HttpClientName, client =>
            {
                // Each probe's own timeout applies (ProbeRunner), not HttpClient's 100s default.
                client.Timeout = Timeout.InfiniteTimeSpan;
                client.DefaultRequestHeaders.UserAgent.ParseAdd("exporter-probe/1.0");
            })
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler
            {
                // ProbeRunner follows redirects itself, so headers never leave the probe's origin.
                AllowAutoRedirect = false,
                UseCookies = false,
                AutomaticDecompression = DecompressionMethods.All,
            })
            // The factory's default handlers log URLs (a token may sit in the query); ProbeLog logs what matters.
            .RemoveAllLoggers();
        services.AddSingleton(new ProbeStatusBoard(definition.Probes, definition.Redactor));
        services.AddSingleton<ProbeMetrics>();
        services.AddSingleton<ProbeRunner>();
        services.AddSingleton<ProbeExecutor>();
        return services;
    }
}
