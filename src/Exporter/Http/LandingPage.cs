using System.Globalization;
using System.Net;
using System.Text;
using Exporter.Datasources;
using Exporter.Kpis;
using Exporter.Runs;

namespace Exporter.Http;

/// <summary>
/// The page people open when something looks wrong, in the order they need it: datasources, then failures, then
/// probes, then every KPI grouped by pack with readable values. Counts are of KPIs (not KPI x datasource pairs);
/// a zero is never shown as an alarm. It refreshes itself and says when it was generated.
/// </summary>
public static class LandingPage
{
    public const int RefreshSeconds = 30;
    private const int ValuesShown = 8;

    public static string Render(IReadOnlyList<DatasourceStatus> datasources, StatusBoard<KpiStatus> board, StatusBoard<ProbeStatus> probes, DateTimeOffset now)
    {
        var html = new StringBuilder();
        var kpis = board.All;
        html.Append(CultureInfo.InvariantCulture, $$"""
            <!doctype html>
            <html lang="en"><head><meta charset="utf-8"><meta http-equiv="refresh" content="{{RefreshSeconds}}"><title>Exporter</title>
            <style>
              body { font-family: system-ui, sans-serif; margin: 1.5rem 2rem; color: #1d1d1f; }
              h1 { margin-bottom: 0.2rem; } h2 { margin: 1.6rem 0 0.4rem; font-size: 1.15rem; } h3 { margin: 1rem 0 0.3rem; font-size: 1rem; }
              .meta { color: #5f6368; font-size: 0.85rem; margin-top: 0; }
              table { border-collapse: collapse; width: 100%; font-size: 0.85rem; }
              th, td { text-align: left; padding: 0.2rem 0.5rem; border-bottom: 1px solid #e3e3e6; vertical-align: top; }
              th { background: #f3f3f5; font-weight: 600; }
              td.values { line-height: 1.5; }
              .v { display: inline-block; margin-right: 0.9rem; white-space: nowrap; } .v b { font-weight: 600; }
              .ok, .up { color: #137333; } .failed, .down, .skipped { color: #b3261e; } .pending, .unknown { color: #8a6d00; }
              .summary .count-bad { color: #b3261e; font-weight: 600; }
              .error { color: #5f1a16; font-family: ui-monospace, monospace; font-size: 0.8rem; }
              code { font-size: 0.82rem; }
            </style></head><body>
            <h1>Exporter</h1>
            <p class="meta">Generated at <time id="generated-at" datetime="{{now.UtcDateTime:yyyy-MM-ddTHH:mm:ssZ}}">{{now.UtcDateTime:yyyy-MM-dd HH:mm:ss}} UTC</time>;
            refreshes every {{RefreshSeconds}} s. <a href="/metrics">/metrics</a> &middot; <a href="/status">/status</a> (JSON) &middot;
            <a href="/healthz">/healthz</a> &middot; <a href="/readyz">/readyz</a></p>

            """);
        RenderSummary(html, datasources, kpis, probes.All);
        RenderDatasources(html, datasources, kpis);
        RenderFailures(html, datasources, kpis, probes.All);
        RenderProbes(html, probes.All);
        RenderKpis(html, kpis);
        html.Append("</body></html>\n");
        return html.ToString();
    }

    private static void RenderSummary(StringBuilder html, IReadOnlyList<DatasourceStatus> datasources, IReadOnlyList<KpiStatus> kpis, IReadOnlyList<ProbeStatus> probes)
    {
        // One KPI on two datasources is one KPI: failing when any of its runs failed, ok when all succeeded.
        var byKpi = kpis.GroupBy(k => k.Kpi).ToArray();
        var failing = byKpi.Count(g => g.Any(k => k.LastRunSucceeded == false));
        var pending = byKpi.Count(g => g.All(k => k.LastRunSucceeded is null));
        var down = datasources.Count(d => d.IsDown);
        html.Append(CultureInfo.InvariantCulture,
            $"<p class=\"summary\" id=\"summary\"><strong>{byKpi.Length} KPIs</strong>: {byKpi.Length - failing - pending} ok, " +
            $"{Count(failing, "failing")}, {pending} pending &middot; <strong>{datasources.Count} datasource(s)</strong>: {Count(down, "down")}");
        if (probes.Count > 0)
            html.Append(CultureInfo.InvariantCulture,
                $" &middot; <strong>{probes.Count} probe(s)</strong>: {Count(probes.Count(p => p.LastRunSucceeded == false), "failing")}");
        html.Append("</p>\n");
    }

    /// <summary>A count of bad things: plain when zero, marked when not.</summary>
    private static string Count(int count, string what) => count == 0
        ? $"0 {what}"
        : $"<span class=\"count-bad\">{count} {what}</span>";

    private static void RenderDatasources(StringBuilder html, IReadOnlyList<DatasourceStatus> datasources, IReadOnlyList<KpiStatus> kpis)
    {
        html.Append("<h2>Datasources</h2>\n<table id=\"datasources\"><thead><tr><th>Datasource</th><th>State</th><th>Since</th><th>KPIs</th><th>Error</th></tr></thead><tbody>\n");
        foreach (var d in datasources)
        {
            var state = RunState.OfDatasource(d.Up);
            var onIt = kpis.Count(k => k.Source == d.Datasource);
            var held = d.IsDown ? kpis.Count(k => k.Source == d.Datasource && k.LastRunSucceeded == false && IsDatasourceFailure(k)) : 0;
            var count = held > 0 ? $"{onIt} ({held} not running)" : $"{onIt}";
            html.Append(CultureInfo.InvariantCulture,
                $"<tr data-datasource=\"{E(d.Datasource)}\"><td><code>{E(d.Datasource)}</code></td><td class=\"{state}\">{state}</td><td>{Time(d.Since)}</td>" +
                $"<td>{count}</td><td class=\"error\">{E(d.Error ?? "")}</td></tr>\n");
        }
        html.Append("</tbody></table>\n");
    }

    /// <summary>
    /// KPIs whose last run failed and failing probes. A KPI that could not connect to a datasource that is down
    /// is that datasource's failure: it is counted on the datasource's row, not listed again here.
    /// </summary>
    private static void RenderFailures(StringBuilder html, IReadOnlyList<DatasourceStatus> datasources, IReadOnlyList<KpiStatus> kpis, IReadOnlyList<ProbeStatus> probes)
    {
        var down = datasources.Where(d => d.IsDown).Select(d => d.Datasource).ToHashSet(StringComparer.Ordinal);
        var failed = kpis.Where(k => k.LastRunSucceeded == false && !(down.Contains(k.Source) && IsDatasourceFailure(k))).ToArray();
        var failedProbes = probes.Where(p => p.LastRunSucceeded == false).ToArray();
        html.Append(CultureInfo.InvariantCulture, $"<h2>Failures ({failed.Length + failedProbes.Length})</h2>\n");
        if (failed.Length + failedProbes.Length == 0)
        {
            html.Append("<p id=\"failures\">None.</p>\n");
            return;
        }
        html.Append("<table id=\"failures\"><thead><tr><th>What</th><th>Source</th><th>Reason</th><th>Last success</th><th>Error</th></tr></thead><tbody>\n");
        foreach (var k in failed)
            html.Append(CultureInfo.InvariantCulture,
                $"<tr><td>KPI <code>{E(k.Kpi)}</code>{PackNote(k.Pack)}</td><td>{E(k.Source)}</td><td class=\"failed\">{E(k.LastErrorReason ?? "")}</td>" +
                $"<td>{Time(k.LastSuccessAt)}</td><td class=\"error\">{E(k.LastError ?? "")}</td></tr>\n");
        foreach (var p in failedProbes)
            html.Append(CultureInfo.InvariantCulture,
                $"<tr><td>probe <code>{E(p.Probe)}</code></td><td>{E(p.Url)}</td><td class=\"failed\">{E(p.LastErrorReason ?? "")}</td>" +
                $"<td>{Time(p.LastSuccessAt)}</td><td class=\"error\">{E(p.LastError ?? "")}</td></tr>\n");
        html.Append("</tbody></table>\n");
    }

    private static void RenderProbes(StringBuilder html, IReadOnlyList<ProbeStatus> probes)
    {
        if (probes.Count == 0)
            return;
        html.Append("<h2>Probes</h2>\n<table id=\"probes\"><thead><tr><th>Probe</th><th>URL</th><th>State</th><th>Status</th><th>Duration</th><th>Last success</th><th>Schedule</th></tr></thead><tbody>\n");
        foreach (var p in probes)
        {
            var state = RunState.Of(p.LastRunSucceeded);
            var duration = p.LastDurationSeconds is { } seconds ? KpiValueFormat.DurationText(seconds) : "";
            html.Append(CultureInfo.InvariantCulture,
                $"<tr><td><code>{E(p.Probe)}</code></td><td>{E(p.Url)}</td><td class=\"{state}\">{state}</td><td>{p.LastStatusCode}</td><td>{E(duration)}</td>" +
                $"<td>{Time(p.LastSuccessAt)}</td><td>{E(p.Schedule)}</td></tr>\n");
        }
        html.Append("</tbody></table>\n");
    }

    /// <summary>Your own KPIs first, then each pack in config order; values largest first, formatted by unit.</summary>
    private static void RenderKpis(StringBuilder html, IReadOnlyList<KpiStatus> kpis)
    {
        html.Append("<h2>KPIs</h2>\n");
        foreach (var group in kpis.GroupBy(k => k.Pack).OrderBy(g => g.Key is null ? 0 : 1))
        {
            var title = group.Key is null ? "Your KPIs" : $"Pack {group.Key}";
            var count = group.Select(k => k.Kpi).Distinct(StringComparer.Ordinal).Count();
            html.Append(CultureInfo.InvariantCulture,
                $"<h3>{E(title)} <small>({count} KPIs)</small></h3>\n<table class=\"kpis\" data-pack=\"{E(group.Key ?? "")}\"><thead><tr><th>KPI</th><th>Source</th><th>State</th><th>Values</th><th>Last success</th><th>Schedule</th></tr></thead><tbody>\n");
            foreach (var k in group)
            {
                var state = RunState.Of(k);
                html.Append(CultureInfo.InvariantCulture,
                    $"<tr data-kpi=\"{E(k.Kpi)}\"><td><code>{E(k.Kpi)}</code></td><td>{E(k.Source)}</td><td class=\"{state}\">{state}</td><td class=\"values\">");
                foreach (var series in k.Values.OrderByDescending(s => s.Value).ThenBy(KpiValueFormat.Labels, StringComparer.Ordinal).Take(ValuesShown))
                {
                    var labels = KpiValueFormat.Labels(series);
                    var metric = series.Metric == k.Kpi ? "" : series.Metric[(k.Kpi.Length + 1)..] + " ";
                    var name = metric + labels;
                    html.Append(CultureInfo.InvariantCulture,
                        $"<span class=\"v\">{(name.Length == 0 ? "" : E(name.TrimEnd()) + ": ")}<b>{E(KpiValueFormat.Value(series))}</b></span>");
                }
                if (k.Values.Count > ValuesShown)
                    html.Append(CultureInfo.InvariantCulture, $"<span class=\"v\">&hellip; {k.Values.Count - ValuesShown} more</span>");
                html.Append(CultureInfo.InvariantCulture, $"</td><td>{Time(k.LastSuccessAt)}</td><td>{E(k.Schedule)}</td></tr>\n");
            }
            html.Append("</tbody></table>\n");
        }
    }

    private static bool IsDatasourceFailure(KpiStatus k) =>
        k.LastErrorReason is KpiFailureReasons.Connection or KpiFailureReasons.DatasourceDown;

    private static string PackNote(string? pack) => pack is null ? "" : $" <small>(pack {E(pack)})</small>";

    private static string Time(DateTimeOffset? at) =>
        at is { } t ? E(t.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture)) : "never";

    private static string E(string text) => WebUtility.HtmlEncode(text);
}
