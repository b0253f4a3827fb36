using System.Globalization;
using System.Net;
using System.Text;
using Exporter.Kpis;
using Exporter.Runs;

namespace Exporter.Http;

/// <summary>A plain HTML page for people: what this is, links, every KPI with its current values, every probe.</summary>
public static class LandingPage
{
    public static string Render(StatusBoard<KpiStatus> board, StatusBoard<ProbeStatus> probes)
    {
        var html = new StringBuilder();
        html.Append("""
            <!doctype html>
            <html lang="en"><head><meta charset="utf-8"><title>Exporter</title>
            <style>
              body { font-family: system-ui, sans-serif; margin: 2rem; color: #1d1d1f; }
              table { border-collapse: collapse; width: 100%; font-size: 0.9rem; }
              th, td { text-align: left; padding: 0.35rem 0.6rem; border-bottom: 1px solid #ddd; vertical-align: top; }
              th { background: #f3f3f5; }
              .ok { color: #137333; } .failed { color: #b3261e; font-weight: 600; } .pending { color: #8a6d00; }
              code { font-size: 0.85rem; }
            </style></head><body>
            <h1>Exporter</h1>
            <p>Business and technical KPIs computed from SQL on a schedule and served to Prometheus.
            <a href="/metrics">/metrics</a> &middot; <a href="/status">/status</a> (JSON) &middot;
            <a href="/healthz">/healthz</a> &middot; <a href="/readyz">/readyz</a></p>
            """);
        var all = board.All;
        html.Append(CultureInfo.InvariantCulture,
            $"<p><strong>{all.Count} KPI(s)</strong>: <span class=\"ok\">{all.Count(s => s.LastRunSucceeded == true)} ok</span>, " +
            $"<span class=\"failed\">{all.Count(s => s.LastRunSucceeded == false)} failed</span>, " +
            $"<span class=\"pending\">{all.Count(s => s.LastRunSucceeded is null)} pending</span></p>\n");
        html.Append("""
            <table><thead><tr><th>KPI</th><th>Source</th><th>State</th><th>Values</th><th>Last success</th><th>Schedule</th><th>Error</th></tr></thead><tbody>
            """);
        foreach (var s in all)
        {
            var state = RunState.Of(s.LastRunSucceeded);
            html.Append(CultureInfo.InvariantCulture, $"<tr><td><code>{E(s.Kpi)}</code></td><td>{E(s.Source)}</td><td class=\"{state}\">{state}</td><td>");
            foreach (var series in s.Values.Take(12))
                html.Append(CultureInfo.InvariantCulture, $"{E(Describe(series))}<br>");
            if (s.Values.Count > 12)
                html.Append(CultureInfo.InvariantCulture, $"&hellip; {s.Values.Count - 12} more<br>");
            html.Append(CultureInfo.InvariantCulture,
                $"</td><td>{E(s.LastSuccessAt?.ToString("u", CultureInfo.InvariantCulture) ?? "never")}</td><td>{E(s.Schedule)}</td><td>{E(s.LastError ?? "")}</td></tr>\n");
        }
        html.Append("</tbody></table>\n");
        RenderProbes(html, probes);
        html.Append("</body></html>\n");
        return html.ToString();
    }

    private static void RenderProbes(StringBuilder html, StatusBoard<ProbeStatus> probes)
    {
        if (probes.Keys.Count == 0)
            return;
        html.Append("<h2>Probes</h2>\n<table><thead><tr><th>Probe</th><th>URL</th><th>State</th><th>Status</th><th>Duration</th><th>Last success</th><th>Schedule</th><th>Error</th></tr></thead><tbody>\n");
        foreach (var p in probes.All)
        {
            var state = RunState.Of(p.LastRunSucceeded);
            var duration = p.LastDurationSeconds is { } seconds ? $"{seconds * 1000:0} ms" : "";
            var error = p.LastErrorReason is null ? "" : $"{p.LastErrorReason}: {p.LastError}";
            html.Append(CultureInfo.InvariantCulture,
                $"<tr><td><code>{E(p.Probe)}</code></td><td>{E(p.Url)}</td><td class=\"{state}\">{state}</td><td>{p.LastStatusCode}</td><td>{E(duration)}</td>" +
                $"<td>{E(p.LastSuccessAt?.ToString("u", CultureInfo.InvariantCulture) ?? "never")}</td><td>{E(p.Schedule)}</td><td>{E(error)}</td></tr>\n");
        }
        html.Append("</tbody></table>\n");
    }

    private static string Describe(KpiSeries series)
    {
        var labels = series.LabelNames.Zip(series.LabelValues).Where(l => l.First != "source").Select(l => $"{l.First}={l.Second}");
        var text = string.Join(", ", labels);
        var value = series.Value.ToString("0.####", CultureInfo.InvariantCulture);
        return text.Length == 0 ? value : $"{text}: {value}";
    }

    private static string E(string text) => WebUtility.HtmlEncode(text);
}
