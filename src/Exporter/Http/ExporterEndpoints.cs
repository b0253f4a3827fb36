using System.Text.Json;
using Exporter.Configuration;
using Exporter.Runs;
using Prometheus;

namespace Exporter.Http;

public static class ExporterEndpoints
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    /// <summary>/metrics (from memory, never a database), /healthz, /readyz, /status and the landing page.</summary>
    public static WebApplication MapExporterEndpoints(this WebApplication app)
    {
        app.MapMetrics("/metrics", app.Services.GetRequiredService<CollectorRegistry>());
        app.MapGet("/healthz", () => Results.Text("ok\n"));
        app.MapGet("/readyz", (StatusBoard<KpiStatus> board) => board.AllAttempted
            ? Results.Text("ready\n")
            : Results.Text($"not ready: {board.All.Count(s => !s.Attempted)} KPI(s) not attempted yet\n", statusCode: 503));
        app.MapGet("/status", (DatasourceMonitor datasources, StatusBoard<KpiStatus> board, StatusBoard<ProbeStatus> probes) =>
            Results.Json(StatusResponse.From(datasources, board, probes), Json));
        app.MapGet("/", (DatasourceMonitor datasources, StatusBoard<KpiStatus> board, StatusBoard<ProbeStatus> probes, TimeProvider time) =>
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
