using Exporter.Metrics;

namespace Exporter.Http;

/// <summary>
/// <c>/metrics</c>: the KPI families pre-rendered by their last runs plus this scrape's self-metrics, in the text
/// format, gzip-compressed when the client accepts it (Prometheus does). Serving costs a copy of bytes: the KPI part
/// is rendered and compressed once per change, only the small self-metrics part is produced per scrape.
/// </summary>
public static class MetricsEndpoint
{
    public static IEndpointConventionBuilder MapMetricsEndpoint(this IEndpointRouteBuilder app, string pattern) =>
        app.MapMethods(pattern, [HttpMethods.Get, HttpMethods.Head], ServeAsync);

    private static async Task ServeAsync(HttpContext context, MetricsExposition exposition)
    {
        var cancellationToken = context.RequestAborted;
        // Collected first: it re-renders the KPIs whose staleness changed with the clock alone.
        var selfMetrics = await exposition.SelfMetricsAsync(cancellationToken);
        var kpis = exposition.Kpis;
        var response = context.Response;
        response.ContentType = TextFormat.ContentType;
        response.Headers.Vary = "Accept-Encoding";
        var head = HttpMethods.IsHead(context.Request.Method);
        if (AcceptsGzip(context.Request))
        {
            var open = kpis.Deflated;
            var closed = DeflatedText.Stored(selfMetrics, open.Crc);
            response.Headers.ContentEncoding = "gzip";
            response.ContentLength = GzipMember.LengthOf(open, closed);
            if (!head)
                await GzipMember.WriteAsync(response.Body, open, closed, cancellationToken);
            return;
        }
        response.ContentLength = kpis.Text.Length + selfMetrics.Count;
        if (head)
            return;
        await response.Body.WriteAsync(kpis.Text, cancellationToken);
        await response.Body.WriteAsync(selfMetrics, cancellationToken);
    }

    /// <summary><c>gzip</c> listed in Accept-Encoding, not refused with <c>q=0</c>.</summary>
    private static bool AcceptsGzip(HttpRequest request)
    {
        foreach (var header in request.Headers.AcceptEncoding)
            foreach (var coding in (header ?? "").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
            {
                var parts = coding.Split(';', StringSplitOptions.TrimEntries);
                if (parts[0].Equals("gzip", StringComparison.OrdinalIgnoreCase))
                    return !parts.Skip(1).Any(p => p.Replace(" ", "", StringComparison.Ordinal) is "q=0" or "q=0.0" or "q=0.00" or "q=0.000");
            }
        return false;
    }
}
