using System.Net;
using System.Text.Json;
using Dapper;
using Exporter.Tests.Infrastructure;
using Npgsql;

namespace Exporter.Tests.Http;

/// <summary>
/// `exporter run` as a real process with a real HTTP listener: /healthz, /readyz, /status, /metrics, the
/// landing page, and no datasource password anywhere (logs, status, metrics, page).
/// </summary>
[Trait(Tier.Name, Tier.Stack)]
[Trait(Tier.Exporter, Tier.ChildProcess)]
public sealed class RunCommandTests(TestDatabase database) : IClassFixture<TestDatabase>
{
    [Fact]
    public async Task Run_ServesEndpointsAndNeverLeaksThePassword()
    {
        var password = $"Pw-{Guid.NewGuid():N}";
        var role = $"reader_{Guid.NewGuid():N}"[..20];
        await database.ExecuteAsync($"CREATE ROLE {role} LOGIN PASSWORD '{password}'; GRANT CONNECT ON DATABASE {database.Name} TO {role};");
        var connection = new NpgsqlConnectionStringBuilder(database.ConnectionString) { Username = role, Password = null }.ConnectionString;
        using var config = new TestConfig($$"""
            datasources:
              - name: app
                connection_string: "{{connection}};Password=${READER_PASSWORD}"
              - name: wrongpw
                connection_string: "{{connection}};Password=${READER_PASSWORD}-wrong"
            kpis:
              - name: kpi_ok
                help: Always 1.
                datasource: app
                sql: select 1 as value
              - name: kpi_echoes_secret
                help: Fails with an error that quotes the password.
                datasource: app
                sql: "select '${READER_PASSWORD}'::int as value"
              - name: kpi_on_wrong_password
                datasource: wrongpw
                sql: select 1 as value
            """);
        await using var exporter = await ExporterProcess.StartRunAsync(config.Path, "/readyz", TimeSpan.FromSeconds(60),
            new Dictionary<string, string> { ["READER_PASSWORD"] = password }, extraArgs: ["--log.level", "debug"]);
        var http = exporter.Http;

        var metrics = await http.GetStringAsync("/metrics");
        Assert.Contains("kpi_ok{source=\"app\"} 1", metrics, StringComparison.Ordinal);
        Assert.Contains("exporter_kpi_up{kpi=\"kpi_echoes_secret\",source=\"app\"} 0", metrics, StringComparison.Ordinal);
        Assert.Contains("exporter_kpi_errors_total{kpi=\"kpi_on_wrong_password\",source=\"wrongpw\",reason=\"connection\"} 1", metrics, StringComparison.Ordinal);
        Assert.Contains("exporter_datasource_up{source=\"wrongpw\"} 0", metrics, StringComparison.Ordinal);
        Assert.Contains("exporter_kpi_schedule_interval_seconds{kpi=\"kpi_ok\",source=\"app\"} 60", metrics, StringComparison.Ordinal);
        Assert.Contains("process_cpu_seconds_total", metrics, StringComparison.Ordinal);
        Assert.Contains("# HELP kpi_ok Always 1. Refreshed every 1m by the exporter.", metrics, StringComparison.Ordinal);

        var statusJson = await http.GetStringAsync("/status");
        using var status = JsonDocument.Parse(statusJson);
        Assert.True(status.RootElement.GetProperty("ready").GetBoolean());
        var kpis = status.RootElement.GetProperty("kpis").EnumerateArray().ToDictionary(k => k.GetProperty("kpi").GetString()!);
        Assert.Equal("ok", kpis["kpi_ok"].GetProperty("state").GetString());
        Assert.Equal(1, kpis["kpi_ok"].GetProperty("series").GetInt32());
        Assert.True(kpis["kpi_ok"].GetProperty("nextRunAt").GetDateTimeOffset() > DateTimeOffset.UtcNow);
        Assert.Equal("failed", kpis["kpi_echoes_secret"].GetProperty("state").GetString());
        Assert.Equal("22P02: invalid input syntax for type integer: \"***\"", kpis["kpi_echoes_secret"].GetProperty("lastError").GetString());
        Assert.Equal("connection", kpis["kpi_on_wrong_password"].GetProperty("lastErrorReason").GetString());

        var page = await http.GetStringAsync("/");
        Assert.Contains("<code>kpi_ok</code>", page, StringComparison.Ordinal);

        await exporter.DisposeAsync();
        foreach (var (what, text) in new[] { ("metrics", metrics), ("status", statusJson), ("page", page), ("stdout", exporter.Stdout), ("stderr", exporter.Stderr) })
            Assert.False(text.Contains(password, StringComparison.Ordinal), $"the password leaked into {what}");
        Assert.Contains("KPI kpi_echoes_secret on app failed (query_error): 22P02: invalid input syntax for type integer: \"***\"",
            exporter.Stdout + exporter.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Metrics_GzipAccepted_OneGzipStreamOfTheSameExposition()
    {
        using var config = TestConfig.For(database.ConnectionString, """
            kpis:
              - name: kpi_rows
                help: Rows with "hostile" labels.
                max_series: 5000
                sql: select 'row ' || n || e'\n"x"' as label, n * 1.5 as value from generate_series(1, 2000) n
            """);
        await using var exporter = await ExporterProcess.StartRunAsync(config.Path, "/readyz", TimeSpan.FromSeconds(60));

        using var plain = await exporter.Http.GetAsync("/metrics");
        using var request = new HttpRequestMessage(HttpMethod.Get, "/metrics");
        request.Headers.AcceptEncoding.ParseAdd("gzip");
        using var compressed = await exporter.Http.SendAsync(request);
        var body = await compressed.Content.ReadAsByteArrayAsync();

        Assert.Equal("text/plain; version=0.0.4; charset=utf-8", plain.Content.Headers.ContentType?.ToString());
        Assert.Empty(plain.Content.Headers.ContentEncoding);
        Assert.Equal(["gzip"], compressed.Content.Headers.ContentEncoding);
        Assert.Equal(body.Length, compressed.Content.Headers.ContentLength);
        await using var gzip = new System.IO.Compression.GZipStream(new MemoryStream(body), System.IO.Compression.CompressionMode.Decompress);
        var unzipped = await new StreamReader(gzip).ReadToEndAsync();
        var kpiLines = KpiLines(await plain.Content.ReadAsStringAsync());
        Assert.Equal(2002, kpiLines.Count);
        Assert.Equal("kpi_rows{label=\"row 7\\n\\\"x\\\"\",source=\"app\"} 10.5", kpiLines.Single(l => l.Contains("row 7\\", StringComparison.Ordinal)));
        Assert.Equal(kpiLines, KpiLines(unzipped));
        Assert.Contains("exporter_kpi_up{kpi=\"kpi_rows\",source=\"app\"} 1\n", unzipped, StringComparison.Ordinal);
        Assert.Contains("process_cpu_seconds_total", unzipped, StringComparison.Ordinal);
        Assert.EndsWith("\n", unzipped, StringComparison.Ordinal);
    }

    private static List<string> KpiLines(string exposition) =>
        [.. exposition.Split('\n').Where(l => l.StartsWith("kpi_rows", StringComparison.Ordinal) || l.Contains(" kpi_rows ", StringComparison.Ordinal))];

    [Fact]
    public async Task Run_ManySlowKpisBehindOneQuerySlot_EveryOneRuns()
    {
        // 12 one-second KPIs, one at a time: runs wait for the slot far longer than Quartz's default misfire
        // threshold. Each must still run (late), none skipped.
        var kpis = string.Concat(Enumerable.Range(1, 12).Select(i => $"""
              - name: kpi_slow_{i}
                schedule: 1h
                sql: select {i} as value from pg_sleep(1)

            """));
        using var config = new TestConfig($"""
            datasources:
              - name: app
                connection_string: "{database.ConnectionString}"
                max_concurrency: 1
            kpis:
            {kpis}
            """);
        await using var exporter = await ExporterProcess.StartRunAsync(config.Path, "/readyz", TimeSpan.FromSeconds(60));

        var metrics = await exporter.Http.GetStringAsync("/metrics");
        Assert.All(Enumerable.Range(1, 12), i => Assert.Contains($"kpi_slow_{i}{{source=\"app\"}} {i}", metrics, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Readyz_BeforeEveryKpiRan_Is503()
    {
        using var config = TestConfig.For(database.ConnectionString, """
            kpis:
              - name: kpi_slow_start
                sql: select 1 as value from pg_sleep(3)
            """);
        await using var exporter = await ExporterProcess.StartRunAsync(config.Path, "/healthz", TimeSpan.FromSeconds(30));
        var http = exporter.Http;

        using var early = await http.GetAsync("/readyz");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, early.StatusCode);
        Assert.Equal("not ready: 1 KPI(s) not attempted yet\n", await early.Content.ReadAsStringAsync());

        await exporter.WaitForHttpAsync(http, "/readyz", TimeSpan.FromSeconds(30));
    }

    [Fact]
    public async Task Run_BadConfig_ExitsTwoBeforeListening()
    {
        using var config = new TestConfig("datasources: []\nkpis: 3\n");

        var (code, _, stderr) = await ExporterProcess.RunAsync(["run", "--config", config.Path]);

        Assert.Equal(2, code);
        Assert.Contains($"{config.Path}:2: 'kpis' must be a list", stderr, StringComparison.Ordinal);
    }
}
