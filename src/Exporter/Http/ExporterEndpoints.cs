using System.Text.Json;
using Exporter.Runs;
using Prometheus;

namespace Exporter.Http;

public static class ExporterEndpoints
{
    /// <summary>
    /// The methods a read-only endpoint answers; any other gets 405 with an Allow header (routing's method
    /// matching). Per endpoint, so an endpoint that takes POST (e.g. a reload) can be mapped next to these.
    /// </summary>
    private static readonly string[] ReadMethods = [HttpMethods.Get, HttpMethods.Head];

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    /// <summary>/metrics (from memory, never a database), /healthz, /readyz, /status and the landing page.</summary>
    public static WebApplication MapExporterEndpoints(this WebApplication app)
    {
        app.MapMetrics("/metrics", app.Services.GetRequiredService<CollectorRegistry>()).WithMetadata(new HttpMethodMetadata(ReadMethods));
        app.MapMethods("/healthz", ReadMethods, () => Results.Text("ok\n"));
        app.MapMethods("/readyz", ReadMethods, (StatusBoard<KpiStatus> board) => board.AllAttempted
            ? Results.Text("ready\n")
            : Results.Text($"not ready: {board.All.Count(s => !s.Attempted)} KPI(s) not attempted yet\n", statusCode: 503));
        app.MapMethods("/status", ReadMethods, (StatusBoard<KpiStatus> board, StatusBoard<ProbeStatus> probes) => Results.Json(StatusResponse.From(board, probes), Json));
        app.MapMethods("/", ReadMethods, (StatusBoard<KpiStatus> board, StatusBoard<ProbeStatus> probes) => Results.Content(LandingPage.Render(board, probes), "text/html; charset=utf-8"));
        return app;
    }
}
