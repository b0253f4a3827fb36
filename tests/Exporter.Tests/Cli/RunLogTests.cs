using System.Text.Json;
using System.Text.RegularExpressions;
using Exporter.Tests.Infrastructure;
using Npgsql;

namespace Exporter.Tests.Cli;

/// <summary>
/// What `run` logs, on a real process: a UTC ISO 8601 timestamp on every line, one start-up summary without
/// credentials, no line per request unless server.log_requests, logfmt and JSON lines with --log.format, and a
/// SIGTERM during runs that ends with exit 0 and no error entries.
/// </summary>
[Trait(Tier.Name, Tier.Stack)]
[Trait(Tier.Exporter, Tier.ChildProcess)]
public sealed partial class RunLogTests(TestDatabase database) : IClassFixture<TestDatabase>
{
    [Fact]
    public async Task Run_ScrapeSoak_OnlyTheSummaryAndShutdownLinesEachTimestamped()
    {
        var password = new NpgsqlConnectionStringBuilder(database.ConnectionString).Password!;
        var connection = new NpgsqlConnectionStringBuilder(database.ConnectionString) { Password = null };
        var port = ExporterProcess.FreePort();
        using var config = new TestConfig($$"""
            datasources:
              - name: app
                connection_string: "{{connection}};Password=${SOAK_DB_PASSWORD}"
            kpis:
              - name: kpi_one
                sql: select 1 as value
            probes:
              - name: self
                url: http://127.0.0.1:{{port}}/healthz
            """);
        await using var exporter = await ExporterProcess.StartRunAsync(config.Path, "/readyz", TimeSpan.FromSeconds(60),
            new Dictionary<string, string> { ["SOAK_DB_PASSWORD"] = password }, port);

        for (var i = 0; i < 200; i++)
            foreach (var path in new[] { "/metrics", "/healthz", "/readyz", "/status", "/" })
                (await exporter.Http.GetAsync(path)).Dispose();
        Assert.Equal(0, await exporter.StopAsync(TimeSpan.FromSeconds(30)));

        var lines = Lines(exporter.Stdout + exporter.Stderr);
        Assert.All(lines, line => Assert.Matches(TextLine(), line));
        Assert.Equal(
            [
                $"info: Exporter[1] exporter started: config {config.Path}; datasources: app (postgresql {connection.Host}:{connection.Port}/{database.Name}); "
                    + $"1 KPI(s), 1 probe(s); listening on http://127.0.0.1:{port} (tls off, basic auth off)",
                "info: Exporter[2] exporter shutting down: running queries are cancelled",
            ],
            lines.Select(line => line[25..]));
        Assert.DoesNotContain(password, exporter.Stdout + exporter.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_JsonFormatWithLogRequests_EveryLineIsJsonAndEachRequestLogged()
    {
        using var config = TestConfig.For(database.ConnectionString, """
            server:
              log_requests: true
            kpis:
              - name: kpi_one
                sql: select 1 as value
            """);
        await using var exporter = await ExporterProcess.StartRunAsync(config.Path, "/readyz", TimeSpan.FromSeconds(60),
            extraArgs: ["--log.format", "json"]);

        for (var i = 0; i < 3; i++)
            Assert.Equal("ok\n", await exporter.Http.GetStringAsync("/healthz"));
        Assert.Equal(0, await exporter.StopAsync(TimeSpan.FromSeconds(30)));

        var entries = Lines(exporter.Stdout + exporter.Stderr).Select(line => JsonDocument.Parse(line).RootElement).ToArray();
        Assert.All(entries, entry => Assert.Matches(Timestamp(), entry.GetProperty("Timestamp").GetString()!));
        var messages = entries.Select(entry => entry.GetProperty("Message").GetString()!).ToArray();
        Assert.StartsWith($"exporter started: config {config.Path}; datasources: app (postgresql ", messages[0], StringComparison.Ordinal);
        Assert.Equal(3, messages.Count(m => m == $"Request starting HTTP/1.1 GET {exporter.Http.BaseAddress}healthz - - -"));
        Assert.Equal(3, messages.Count(m => m.StartsWith($"Request finished HTTP/1.1 GET {exporter.Http.BaseAddress}healthz - 200 3 ", StringComparison.Ordinal)));
        Assert.Equal("exporter shutting down: running queries are cancelled", messages[^1]);
    }

    [Fact]
    public async Task Run_LogfmtFormat_EveryLineIsLogfmtWithQuotedMessages()
    {
        using var config = TestConfig.For(database.ConnectionString, """
            kpis:
              - name: kpi_broken
                sql: select count(*) as value from "no such table"
            """);
        await using var exporter = await ExporterProcess.StartRunAsync(config.Path, "/readyz", TimeSpan.FromSeconds(60),
            extraArgs: ["--log.format", "logfmt"]);

        Assert.Equal(0, await exporter.StopAsync(TimeSpan.FromSeconds(30)));

        var lines = Lines(exporter.Stdout + exporter.Stderr);
        Assert.All(lines, line => Assert.Matches(LogfmtLine(), line));
        Assert.StartsWith($"level=info logger=Exporter msg=\"exporter started: config {config.Path}; datasources: app (postgresql ", lines[0][28..], StringComparison.Ordinal);
        // The database's message quotes the table: the quotes are escaped inside the quoted msg.
        Assert.Contains(lines, line => line[28..].StartsWith("level=warn logger=Exporter.Runs.KpiExecutor msg=\"KPI kpi_broken on app ", StringComparison.Ordinal)
            && line.EndsWith(": 42P01: relation \\\"no such table\\\" does not exist\"", StringComparison.Ordinal));
        Assert.Equal("level=info logger=Exporter msg=\"exporter shutting down: running queries are cancelled\"", lines[^1][28..]);
    }

    [Fact]
    public async Task Run_SigtermWhileKpisRun_ExitsZeroWithoutErrorEntries()
    {
        var kpis = string.Concat(Enumerable.Range(1, 6).Select(i => $"""
              - name: kpi_busy_{i}
                sql: select {i} as value from pg_sleep(0.5)

            """));
        using var config = TestConfig.For(database.ConnectionString, $"""
            defaults:
              schedule: 1s
            kpis:
            {kpis}
            """);
        await using var exporter = await ExporterProcess.StartRunAsync(config.Path, "/readyz", TimeSpan.FromSeconds(60));
        // Runs are in flight all the time: 6 half-second queries every second on 2 query slots.
        await exporter.Http.GetStringAsync("/metrics");

        Assert.Equal(0, await exporter.StopAsync(TimeSpan.FromSeconds(30)));

        var lines = Lines(exporter.Stdout + exporter.Stderr);
        Assert.All(lines, line => Assert.Matches(TextLine(), line));
        Assert.DoesNotContain(lines, line => line[25..].StartsWith("fail:", StringComparison.Ordinal) || line[25..].StartsWith("crit:", StringComparison.Ordinal));
        Assert.DoesNotContain("Exception", exporter.Stdout + exporter.Stderr, StringComparison.Ordinal);
        Assert.EndsWith("info: Exporter[2] exporter shutting down: running queries are cancelled", lines[^1], StringComparison.Ordinal);
    }

    private static string[] Lines(string output) => output.Split('\n', StringSplitOptions.RemoveEmptyEntries);

    /// <summary>"2026-12-01T15:42:56.123Z info: Category[id] message": one line per entry, UTC, ISO 8601.</summary>
    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z (trce|dbug|info|warn|fail|crit): \S+\[\d+\] ")]
    private static partial Regex TextLine();

    [GeneratedRegex(@"^ts=\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z level=(debug|info|warn|error) logger=\S+ msg=(""([^""\\]|\\.)*""|[^ ""=]+)$")]
    private static partial Regex LogfmtLine();

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$")]
    private static partial Regex Timestamp();
}
