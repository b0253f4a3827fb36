using System.Buffers.Binary;
using System.Globalization;
using System.Text.RegularExpressions;
using Exporter.Tests.Infrastructure;

namespace Exporter.Tests.Http;

/// <summary>
/// The landing page as a person sees it, rendered by headless Chromium with one datasource down and one failing
/// KPI: datasources and failures first, then probes, then KPIs by pack with readable values (and a screenshot,
/// landing-page.png next to the test binaries, to look at).
/// </summary>
[Trait(Tier.Name, Tier.Stack)]
[Trait(Tier.Exporter, Tier.ChildProcess)]
public sealed class LandingPageBrowserTests(ReferenceSchemaDatabase database) : IClassFixture<ReferenceSchemaDatabase>
{
    [Fact]
    public async Task LandingPage_OneDatasourceDownAndOneFailingKpi_TriageOrderAndFormattedValues()
    {
        var port = ExporterProcess.FreePort();
        var downPort = ExporterProcess.FreePort();
        using var config = new TestConfig($"""
            datasources:
              - name: app
                connection_string: "{database.ConnectionString}"
              - name: down
                connection_string: "Host=127.0.0.1;Port={downPort};Username=kpi;Password=pw;Timeout=2"
            packs: [technical]
            kpis:
              - {'{'} name: kpi_http_requests, datasource: app {'}'}
              - {'{'} name: kpi_http_error_ratio, datasource: app {'}'}
              - {'{'} name: kpi_http_latency_seconds, datasource: app {'}'}
              - {'{'} name: kpi_availability_ratio, datasource: app {'}'}
              - name: kpi_signups
                datasource: app
                sql: select * from (values ('web', 12), ('mobile', 30), ('partner', 1234567)) t(channel, value)
              - name: kpi_conversion_ratio
                datasource: app
                sql: select 0.125 as value
              - name: kpi_checkout_seconds
                datasource: app
                sql: select 252.0 as value
              - name: kpi_revenue
                datasource: app
                sql: select 'EUR' as currency, 1234.5 as value
              - name: kpi_broken
                datasource: app
                sql: select * from missing_table
              - name: kpi_orders
                datasource: down
                sql: select 1 as value
            probes:
              - name: self
                url: http://127.0.0.1:{port}/healthz
            """);
        await using var exporter = await ExporterProcess.StartRunAsync(config.Path, "/readyz", TimeSpan.FromSeconds(60), port: port);
        var url = exporter.Http.BaseAddress!.ToString();
        await WaitForProbeAsync(exporter);

        var before = DateTimeOffset.UtcNow.AddSeconds(-1);
        var dom = await HeadlessChromium.DumpDomAsync(url);
        var screenshot = Path.Combine(AppContext.BaseDirectory, "landing-page.png");
        await HeadlessChromium.ScreenshotAsync(url, screenshot, 1280, 1100);

        Assert.Contains("<meta http-equiv=\"refresh\" content=\"30\">", dom, StringComparison.Ordinal);
        var generatedAt = DateTimeOffset.Parse(Regex.Match(dom, "id=\"generated-at\" datetime=\"([^\"]+)\"").Groups[1].Value, CultureInfo.InvariantCulture);
        Assert.InRange(generatedAt, before, DateTimeOffset.UtcNow);
        // 10 KPIs (not KPI x datasource pairs); zeros are plain text, only real trouble is marked.
        Assert.Contains("<strong>10 KPIs</strong>: 8 ok, <span class=\"count-bad\">2 failing</span>, 0 pending · "
            + "<strong>2 datasource(s)</strong>: <span class=\"count-bad\">1 down</span> · <strong>1 probe(s)</strong>: 0 failing", dom, StringComparison.Ordinal);
        Assert.DoesNotContain("count-bad\">0", dom, StringComparison.Ordinal);

        // Triage order: datasources, failures, probes, KPIs.
        int At(string text) => dom.IndexOf(text, StringComparison.Ordinal);
        Assert.True(At("<h2>Datasources</h2>") < At("<h2>Failures (1)</h2>") && At("<h2>Failures (1)</h2>") < At("<h2>Probes</h2>")
            && At("<h2>Probes</h2>") < At("<h2>KPIs</h2>"), "sections out of order");
        Assert.Contains("<tr data-datasource=\"app\"><td><code>app</code></td><td class=\"up\">up</td>", dom, StringComparison.Ordinal);
        Assert.Contains("<tr data-datasource=\"down\"><td><code>down</code></td><td class=\"down\">down</td>", dom, StringComparison.Ordinal);
        Assert.Contains($"<td>1 (1 not running)</td><td class=\"error\">cannot reach the database: Failed to connect to 127.0.0.1:{downPort}</td>", dom, StringComparison.Ordinal);
        var failures = Regex.Match(dom, "<table id=\"failures\">.*?</table>", RegexOptions.Singleline).Value;
        Assert.Single(Regex.Matches(failures, "<tr><td>"));
        Assert.Contains("<td>KPI <code>kpi_broken</code></td><td>app</td><td class=\"failed\">query_error</td><td>never</td>"
            + "<td class=\"error\">42P01: relation \"missing_table\" does not exist</td>", failures, StringComparison.Ordinal);

        // KPIs by pack, your own first; values largest first and formatted by unit.
        Assert.True(At("<h3>Your KPIs <small>(6 KPIs)</small></h3>") < At("<h3>Pack technical <small>(4 KPIs)</small></h3>"), "groups out of order");
        Assert.Contains("<td class=\"values\"><span class=\"v\">channel=partner: <b>1,234,567</b></span><span class=\"v\">channel=mobile: <b>30</b></span>"
            + "<span class=\"v\">channel=web: <b>12</b></span></td>", dom, StringComparison.Ordinal);
        Assert.Contains("<tr data-kpi=\"kpi_conversion_ratio\"><td><code>kpi_conversion_ratio</code></td><td>app</td><td class=\"ok\">ok</td>"
            + "<td class=\"values\"><span class=\"v\"><b>12.5 %</b></span></td>", dom, StringComparison.Ordinal);
        Assert.Contains("<td class=\"values\"><span class=\"v\"><b>4m 12s</b></span></td>", dom, StringComparison.Ordinal);
        Assert.Contains("<td class=\"values\"><span class=\"v\"><b>1,234.50 EUR</b></span></td>", dom, StringComparison.Ordinal);
        Assert.Contains("<tr data-kpi=\"kpi_orders\"><td><code>kpi_orders</code></td><td>down</td><td class=\"failed\">failed</td>", dom, StringComparison.Ordinal);
        Assert.Contains("<tr data-kpi=\"kpi_http_requests\"><td><code>kpi_http_requests</code></td><td>app</td><td class=\"ok\">ok</td>", dom, StringComparison.Ordinal);

        var png = await File.ReadAllBytesAsync(screenshot);
        Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], png[..4]);
        Assert.Equal(1280, BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(16, 4)));
        Assert.Equal(1100, BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(20, 4)));
    }

    /// <summary>/readyz waits for KPIs only: the page is looked at once the probe has run too.</summary>
    private static async Task WaitForProbeAsync(ExporterProcess exporter)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (!(await exporter.Http.GetStringAsync("/status")).Contains("\"state\": \"ok\",\n      \"lastRunAt\"", StringComparison.Ordinal)
            && DateTime.UtcNow < deadline)
            await Task.Delay(200);
    }
}
