using Exporter.Configuration;
using Exporter.Runs;

namespace Exporter.Http;

public static class ExporterEndpoints
{
    /// <summary>
    /// The methods a read-only endpoint answers; any other gets 405 with an Allow header (routing's method
    /// matching). Per endpoint, so an endpoint that takes POST (e.g. a reload) can be mapped next to these.
    /// </summary>
    private static readonly string[] ReadMethods = [HttpMethods.Get, HttpMethods.Head];

    /// <summary>/metrics (from memory, never a database), /healthz, /readyz, /status and the landing page.</summary>
    public static WebApplication MapExporterEndpoints(this WebApplication app)
    {
        app.MapMetricsEndpoint("/metrics");
        app.MapMethods("/healthz", ReadMethods, () => Results.Text("ok\n"));
        app.MapMethods("/readyz", ReadMethods, (StatusBoard<KpiStatus> board) => board.AllAttempted
            ? Results.Text("ready\n")
            : Results.Text($"not ready: {board.All.Count(s => !s.Attempted)} KPI(s) not attempted yet\n", statusCode: 503));
        app.MapMethods("/status", ReadMethods, (DatasourceMonitor datasources, StatusBoard<KpiStatus> board, StatusBoard<ProbeStatus> probes) =>
            Results.Json(StatusResponse.From(datasources, board, probes), StatusJson.Default.StatusResponse));
        app.MapMethods("/", ReadMethods, (DatasourceMonitor datasources, StatusBoard<KpiStatus> board, StatusBoard<ProbeStatus> probes, TimeProvider time) =>
            Results.Content(LandingPage.Render(datasources.All, board, probes, time.GetUtcNow()), "text/html; charset=utf-8"));
        // Only with server.enable_lifecycle: true; otherwise the endpoint does not exist (404), as in Prometheus.
        if (app.Services.GetRequiredService<ExporterDefinition>().Server.EnableLifecycle)
            app.MapPost("/-/reload", async (ConfigReloader reloader, CancellationToken cancellationToken) =>
                await reloader.ReloadAsync(cancellationToken) is { Count: > 0 } errors
                    ? Results.Text($"failed to reload config:\n{string.Join('\n', errors)}\n", statusCode: StatusCodes.Status500InternalServerError)
                    : Results.Text("config reloaded\n"));
        return app;
    }
}
