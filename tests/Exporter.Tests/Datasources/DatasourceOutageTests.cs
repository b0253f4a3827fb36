using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using Exporter.Tests.Infrastructure;

namespace Exporter.Tests.Datasources;

/// <summary>The database under a running exporter (PostgreSQL, MariaDB) crashes and comes back: one "down", one "up", every KPI recovers.</summary>
[Trait(Tier.Name, Tier.Stack)]
[Trait(Tier.Exporter, Tier.ChildProcess)]
public sealed class DatasourceOutageTests
{
    private static readonly Dictionary<string, int> PeriodSeconds = new(StringComparer.Ordinal)
    {
        ["kpi_every_10s"] = 10, ["kpi_every_15s"] = 15, ["kpi_every_20s"] = 20,
    };

    [Fact]
    public async Task Run_DatabaseKilledAndRestarted_OneDownOneUpAndEveryKpiRecoversWithinItsPeriod()
    {
        await using var cluster = await OwnPostgresCluster.StartAsync();
        await KillAndRestartAsync(cluster.ConnectionString, "postgresql", cluster.KillAsync, cluster.StartServerAsync,
            "cannot reach the database: Failed to connect to 127.0.0.1:");
    }

    [Fact]
    public async Task Run_MySqlServerKilledAndRestarted_OneDownOneUpAndEveryKpiRecoversWithinItsPeriod()
    {
        await using var server = await OwnMariaDbServer.StartAsync();
        await KillAndRestartAsync(server.ConnectionString, "mysql", server.KillAsync, server.StartServerAsync,
            "cannot reach the database: Unable to connect to any of the specified MySQL hosts.");
    }

    private static async Task KillAndRestartAsync(string connectionString, string engine, Func<Task> kill, Func<Task> restart, string downError)
    {
        using var config = new TestConfig($"""
            datasources:
              - name: app
                engine: {engine}
                connection_string: "{connectionString}"
            kpis:
            {string.Concat(PeriodSeconds.Select(p => $"  - {{ name: {p.Key}, schedule: {p.Value}s, sql: select {p.Value} as value }}\n"))}
            """);
        await using var exporter = await ExporterProcess.StartRunAsync(config.Path, "/readyz", TimeSpan.FromSeconds(60));

        await kill();
        // Down, and every KPI has met the outage (failed to connect, or skipped without trying).
        var down = await PollStatusAsync(exporter, status =>
            State(status, "datasources", "datasource", "app") == "down"
            && PeriodSeconds.Keys.All(kpi => State(status, "kpis", "kpi", kpi) is "failed" or "skipped"));
        Assert.StartsWith(downError, Entry(down, "datasources", "datasource", "app").GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.Contains("exporter_datasource_up{source=\"app\"} 0", await exporter.Http.GetStringAsync("/metrics"), StringComparison.Ordinal);

        await restart();
        var restartedAt = DateTimeOffset.UtcNow;
        var up = await PollStatusAsync(exporter, status => PeriodSeconds.Keys.All(kpi => State(status, "kpis", "kpi", kpi) == "ok"));

        Assert.Equal("up", State(up, "datasources", "datasource", "app"));
        foreach (var (kpi, period) in PeriodSeconds)
        {
            var recoveredAt = Entry(up, "kpis", "kpi", kpi).GetProperty("lastSuccessAt").GetDateTimeOffset();
            Assert.True(recoveredAt - restartedAt < TimeSpan.FromSeconds(period), $"{kpi} recovered {recoveredAt - restartedAt} after the restart (period {period}s)");
        }
        var metrics = await exporter.Http.GetStringAsync("/metrics");
        Assert.Contains("exporter_datasource_up{source=\"app\"} 1", metrics, StringComparison.Ordinal);
        foreach (var (kpi, period) in PeriodSeconds)
            Assert.Contains(string.Create(CultureInfo.InvariantCulture, $"{kpi}{{source=\"app\"}} {period}\n"), metrics, StringComparison.Ordinal);
        Assert.False(exporter.HasExited);

        await exporter.DisposeAsync();
        var log = exporter.Stdout + exporter.Stderr;
        Assert.Single(Regex.Matches(log, "Datasource app is down: "));
        Assert.Single(Regex.Matches(log, "Datasource app is up again after "));
        Assert.Empty(Regex.Matches(log, "KPI kpi_every_[0-9]+s on app failed"));
    }

    /// <summary>Polls /status until <paramref name="condition"/> holds; /metrics must answer 200 on every round.</summary>
    private static async Task<JsonElement> PollStatusAsync(ExporterProcess exporter, Func<JsonElement, bool> condition)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(90);
        while (true)
        {
            using var metrics = await exporter.Http.GetAsync("/metrics");
            Assert.Equal(HttpStatusCode.OK, metrics.StatusCode);
            var status = JsonDocument.Parse(await exporter.Http.GetStringAsync("/status")).RootElement;
            if (condition(status))
                return status;
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException($"/status never matched:\n{status}\n{exporter.Stdout}");
            await Task.Delay(250);
        }
    }

    private static JsonElement Entry(JsonElement status, string list, string key, string name) =>
        status.GetProperty(list).EnumerateArray().Single(e => e.GetProperty(key).GetString() == name);

    private static string? State(JsonElement status, string list, string key, string name) =>
        Entry(status, list, key, name).GetProperty("state").GetString();
}
