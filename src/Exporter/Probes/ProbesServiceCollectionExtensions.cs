using System.Net;

namespace Exporter.Probes;

public static class ProbesServiceCollectionExtensions
{
    /// <summary>
    /// HTTP probes: the named HTTP client and the runner (one GET -> a result or a failure). Publishing and
    /// status are the Metrics and Runs layers' job.
    /// </summary>
    public static IServiceCollection AddProbes(this IServiceCollection services)
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
        services.AddSingleton<ProbeRunner>();
        return services;
    }
}
