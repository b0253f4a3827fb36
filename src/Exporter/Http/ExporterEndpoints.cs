using System.Text.Json;
using Exporter.Runs;

namespace Exporter.Http;

public static class ExporterEndpoints
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    /// <summary>/metrics (from memory, never a database), /healthz, /readyz, /status and the landing page.</summary>
    public static WebApplication MapExporterEndpoints(this WebApplication app)
    {
        app.MapMetricsEndpoint("/metrics");
        app.MapGet("/healthz", () => Results.Text("ok\n"));
        app.MapGet("/readyz", (StatusBoard<KpiStatus> board) => board.AllAttempted
            ? Results.Text("ready\n")
            : Results.Text($"not ready: {board.All.Count(s => !s.Attempted)} KPI(s) not attempted yet\n", statusCode: 503));
        app.MapGet("/status", (StatusBoard<KpiStatus> board, StatusBoard<ProbeStatus> probes) => Results.Json(StatusResponse.From(board, probes), Json));
        app.MapGet("/", (StatusBoard<KpiStatus> board, StatusBoard<ProbeStatus> probes) => Results.Content(LandingPage.Render(board, probes), "text/html; charset=utf-8"));
        return app;
    }
}
