using System.Net;
using System.Text.RegularExpressions;
using Exporter.Tests.Infrastructure;

namespace Exporter.Tests.Runs;

/// <summary>
/// Live config reloads on a real process: POST /-/reload and SIGHUP; KPIs and probes added, removed and changed;
/// a broken file changes nothing; a reload while a query runs; unchanged KPIs keep their values and schedule; the
/// web config is re-read; a live Prometheus sees the new KPI and loses the removed one.
/// </summary>
[Trait(Tier.Name, Tier.Stack)]
[Trait(Tier.Exporter, Tier.ChildProcess)]
public sealed partial class ReloadTests(TestDatabase database) : IClassFixture<TestDatabase>
{
    [Fact]
    public async Task Reload_AddRemoveChange_AppliesTheDifferenceOnly()
    {
        var port = ExporterProcess.FreePort();
        var health = $"http://127.0.0.1:{port}/healthz";
        using var config = new TestConfig(Config(database.ConnectionString, $"""
            kpis:
              - name: kpi_keep
                schedule: 1h
                sql: select 1 as value
              - name: kpi_remove
                schedule: 1h
                sql: select 2 as value
              - name: kpi_change
                schedule: 1h
                sql: select 3 as value
            probes:
              - name: keep
                url: {health}
                schedule: 1h
              - name: gone
                url: {health}
                schedule: 1h
            """));
        await using var exporter = await ExporterProcess.StartRunAsync(config.Path, "/readyz", TimeSpan.FromSeconds(60), port: port);
        var before = await exporter.WaitForMetricsAsync(m => m.Contains("kpi_probe_success{probe=\"gone\"} 1", StringComparison.Ordinal), "both probes");
        Assert.Contains("kpi_remove{source=\"app\"} 2", before, StringComparison.Ordinal);
        Assert.Contains("exporter_config_last_reload_successful 1", before, StringComparison.Ordinal);
        var keptSuccess = Sample(before, "exporter_kpi_last_success_timestamp_seconds{kpi=\"kpi_keep\",source=\"app\"}");

        // The kept KPI moves down the file (other lines), the datasource gets a new connection string.
        File.WriteAllText(config.Path, Config(database.ConnectionString + ";Timeout=14", $"""
            # reloaded
            kpis:
              - name: kpi_added
                schedule: 1h
                sql: select 4 as value
              - name: kpi_keep
                schedule: 1h
                sql: select 1 as value
              - name: kpi_change
                schedule: 1h
                sql: select 30 as value
            probes:
              - name: keep
                url: {health}
                schedule: 1h
              - name: added
                url: {health}
                schedule: 1h
            """));
        using var reload = await exporter.Http.PostAsync("/-/reload", null);
        Assert.Equal(HttpStatusCode.OK, reload.StatusCode);
        Assert.Equal("config reloaded\n", await reload.Content.ReadAsStringAsync());

        var after = await exporter.WaitForMetricsAsync(m => m.Contains("kpi_added{source=\"app\"} 4", StringComparison.Ordinal)
            && m.Contains("kpi_change{source=\"app\"} 30", StringComparison.Ordinal)
            && m.Contains("kpi_probe_success{probe=\"added\"} 1", StringComparison.Ordinal), "the added and changed KPIs and the added probe");
        // No sample of the removed KPI or probe is left (prometheus-net keeps an empty family's HELP/TYPE lines).
        Assert.DoesNotContain("\nkpi_remove{", after, StringComparison.Ordinal);
        Assert.DoesNotContain("kpi=\"kpi_remove\"", after, StringComparison.Ordinal);
        Assert.DoesNotContain("probe=\"gone\"", after, StringComparison.Ordinal);
        Assert.Contains("kpi_keep{source=\"app\"} 1", after, StringComparison.Ordinal);
        // Not run again: its value and its last success are those of before the reload.
        Assert.Equal(keptSuccess, Sample(after, "exporter_kpi_last_success_timestamp_seconds{kpi=\"kpi_keep\",source=\"app\"}"));
        Assert.Contains("exporter_config_last_reload_successful 1", after, StringComparison.Ordinal);
        Assert.True(Sample(after, "exporter_config_last_reload_success_timestamp_seconds") > Sample(before, "exporter_config_last_reload_success_timestamp_seconds"));
        using var status = await exporter.Http.GetAsync("/status");
        Assert.Equal(["kpi_added", "kpi_keep", "kpi_change"], KpiNames().Matches(await status.Content.ReadAsStringAsync()).Select(m => m.Groups[1].Value));

        await exporter.DisposeAsync();
        var log = exporter.Stdout + exporter.Stderr;
        Assert.Contains("reload: kpi: 1 added, 1 changed (rescheduled), 1 removed, 1 unchanged", log, StringComparison.Ordinal);
        Assert.Contains("reload: probe: 1 added, 0 changed (rescheduled), 1 removed, 1 unchanged", log, StringComparison.Ordinal);
        Assert.Contains("reload: datasource app changed (connection string or max_concurrency): new connection pool", log, StringComparison.Ordinal);
        Assert.Contains($"config reloaded from {config.Path}", log, StringComparison.Ordinal);
        Assert.DoesNotContain("unexpected error", log, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Reload_BrokenFile_ChangesNothingAndReportsFileAndLine()
    {
        var good = Config(database.ConnectionString, """
            kpis:
              - name: kpi_steady
                schedule: 1h
                sql: select 5 as value
            """);
        using var config = new TestConfig(good);
        await using var exporter = await ExporterProcess.StartRunAsync(config.Path, "/readyz", TimeSpan.FromSeconds(60));

        File.WriteAllText(config.Path, good.Replace("select 5 as value", "select 6 as value\n    colour: blue", StringComparison.Ordinal)
            + "\n  - name: kpi_new\n    sql: delete from x\n");
        using var reload = await exporter.Http.PostAsync("/-/reload", null);
        var body = await reload.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.InternalServerError, reload.StatusCode);
        Assert.StartsWith($"failed to reload config:\n{config.Path}:10: unknown key 'colour' in kpi", body, StringComparison.Ordinal);
        Assert.Contains($"{config.Path}:12:", body, StringComparison.Ordinal);
        var metrics = await exporter.Http.GetStringAsync("/metrics");
        Assert.Contains("exporter_config_last_reload_successful 0", metrics, StringComparison.Ordinal);
        Assert.Contains("kpi_steady{source=\"app\"} 5", metrics, StringComparison.Ordinal);
        Assert.DoesNotContain("kpi_new", metrics, StringComparison.Ordinal);

        // Fixed, and reloaded by SIGHUP this time: the metric turns 1 again and the change applies.
        File.WriteAllText(config.Path, good.Replace("select 5 as value", "select 6 as value", StringComparison.Ordinal));
        await exporter.SignalReloadAsync();
        await exporter.WaitForMetricsAsync(m => m.Contains("kpi_steady{source=\"app\"} 6", StringComparison.Ordinal)
            && m.Contains("exporter_config_last_reload_successful 1", StringComparison.Ordinal), "the fixed config applied");

        await exporter.DisposeAsync();
        Assert.Contains($"{config.Path}:10: unknown key 'colour' in kpi", exporter.Stdout + exporter.Stderr, StringComparison.Ordinal);
        Assert.Contains("reload rejected: 2 problem(s) in the config; nothing changed", exporter.Stdout + exporter.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Reload_WhileItsQueryRuns_ResultDiscardedNoCrash()
    {
        var marker = $"m{Guid.NewGuid():N}"[..12];
        using var config = new TestConfig(Config(database.ConnectionString, $"""
            kpis:
              - name: kpi_slow
                schedule: 1h
                sql: select 7 as value, '{marker}' as marker from pg_sleep(3)
              - name: kpi_fast
                schedule: 1h
                sql: select 8 as value
            """));
        await using var exporter = await ExporterProcess.StartRunAsync(config.Path, "/healthz", TimeSpan.FromSeconds(60));
        await WaitForQueryAsync(marker, running: true);

        File.WriteAllText(config.Path, Config(database.ConnectionString, """
            kpis:
              - name: kpi_fast
                schedule: 1h
                sql: select 8 as value
            """));
        await exporter.SignalReloadAsync();
        await exporter.WaitForMetricsAsync(m => !m.Contains("kpi=\"kpi_slow\"", StringComparison.Ordinal), "kpi_slow withdrawn");
        await WaitForQueryAsync(marker, running: false);

        var metrics = await exporter.WaitForMetricsAsync(m => m.Contains("kpi_fast{source=\"app\"} 8", StringComparison.Ordinal), "kpi_fast");
        Assert.DoesNotContain("\nkpi_slow{", metrics, StringComparison.Ordinal);
        Assert.DoesNotContain("kpi=\"kpi_slow\"", metrics, StringComparison.Ordinal);
        Assert.False(exporter.HasExited);
        using var ready = await exporter.Http.GetAsync("/readyz");
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        await exporter.DisposeAsync();
        Assert.DoesNotContain("unexpected error", exporter.Stdout + exporter.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Reload_WithoutLifecycle_NoEndpointButSighupRereadsTheWebConfig()
    {
        using var certificates = new TestCertificates();
        var web = Path.Combine(certificates.Directory, "web.yml");
        File.WriteAllText(web, $"basic_auth_users:\n  alice: {BCrypt.Net.BCrypt.HashPassword("first", 4)}\n");
        using var config = new TestConfig($"""
            server:
              web_config_file: {web}
            datasources:
              - name: app
                connection_string: "{database.ConnectionString}"
            kpis:
              - name: kpi_one
                sql: select 1 as value
            """);
        await using var exporter = await ExporterProcess.StartRunAsync(config.Path, "/healthz", TimeSpan.FromSeconds(60));
        var http = exporter.Http;
        Assert.Equal(HttpStatusCode.OK, await GetAsAsync(http, "alice", "first"));

        using var post = new HttpRequestMessage(HttpMethod.Post, "/-/reload") { Headers = { Authorization = Basic("alice", "first") } };
        using var notFound = await http.SendAsync(post);
        Assert.Equal(HttpStatusCode.NotFound, notFound.StatusCode);

        File.WriteAllText(web, $"basic_auth_users:\n  bob: {BCrypt.Net.BCrypt.HashPassword("second", 4)}\n");
        File.WriteAllText(config.Path, File.ReadAllText(config.Path).Replace("server:\n", "server:\n  listen: http://127.0.0.1:1\n", StringComparison.Ordinal));
        await exporter.SignalReloadAsync();
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (DateTime.UtcNow < deadline && await GetAsAsync(http, "bob", "second") != HttpStatusCode.OK)
            await Task.Delay(200);

        Assert.Equal(HttpStatusCode.OK, await GetAsAsync(http, "bob", "second"));
        Assert.Equal(HttpStatusCode.Unauthorized, await GetAsAsync(http, "alice", "first"));
        await exporter.DisposeAsync();
        Assert.Contains("reload: server.listen changed: that needs a restart; still using http://0.0.0.0:9187", exporter.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Prometheus_AfterReload_SeesTheNewKpiAndLosesTheRemovedOne()
    {
        using var config = new TestConfig(Config(database.ConnectionString, """
            kpis:
              - name: kpi_before
                sql: select 1 as value
            """));
        var port = ExporterProcess.FreePort();
        await using var exporter = await ExporterProcess.StartRunAsync(config.Path, "/readyz", TimeSpan.FromSeconds(60), port: port);
        await using var prometheus = await PrometheusServer.StartAsync(port);
        await WaitForSeriesAsync(prometheus, "kpi_before", 1);

        File.WriteAllText(config.Path, Config(database.ConnectionString, """
            kpis:
              - name: kpi_after
                sql: select 2 as value
            """));
        await exporter.SignalReloadAsync();

        await WaitForSeriesAsync(prometheus, "kpi_after", 1);
        await WaitForSeriesAsync(prometheus, "kpi_before", 0);
        var after = await prometheus.QueryAsync("kpi_after");
        Assert.Equal("2", after[0].GetProperty("value")[1].GetString());
        var up = await prometheus.QueryAsync("up{job=\"exporter\"}");
        Assert.Equal("1", up[0].GetProperty("value")[1].GetString());
    }

    private static string Config(string connectionString, string rest) => $"""
        server:
          enable_lifecycle: true
        datasources:
          - name: app
            connection_string: "{connectionString}"
        {rest}
        """;

    private static double Sample(string metrics, string series)
    {
        var line = metrics.Split('\n').Single(l => l.StartsWith(series + " ", StringComparison.Ordinal));
        return double.Parse(line[(series.Length + 1)..], System.Globalization.CultureInfo.InvariantCulture);
    }

    private async Task WaitForQueryAsync(string marker, bool running)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            var count = await database.ScalarAsync<long>(
                "select count(*) from pg_stat_activity where state = 'active' and query like '%' || @marker || '%' and pid <> pg_backend_pid()", new { marker });
            if (count > 0 == running)
                return;
            await Task.Delay(100);
        }
        throw new TimeoutException($"the query {marker} was never {(running ? "running" : "finished")}");
    }

    private static async Task WaitForSeriesAsync(PrometheusServer prometheus, string query, int count)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline && (await prometheus.QueryAsync(query)).GetArrayLength() != count)
            await Task.Delay(500);
        Assert.Equal(count, (await prometheus.QueryAsync(query)).GetArrayLength());
    }

    private static async Task<HttpStatusCode> GetAsAsync(HttpClient http, string user, string password)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/metrics") { Headers = { Authorization = Basic(user, password) } };
        using var response = await http.SendAsync(request);
        return response.StatusCode;
    }

    private static System.Net.Http.Headers.AuthenticationHeaderValue Basic(string user, string password) =>
        new("Basic", Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes($"{user}:{password}")));

    [GeneratedRegex("\"kpi\": \"([a-z_]+)\"")]
    private static partial Regex KpiNames();
}
