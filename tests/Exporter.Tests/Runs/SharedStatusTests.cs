using System.Globalization;
using Exporter.Configuration;
using Exporter.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Exporter.Tests.Runs;

/// <summary>
/// Replicas of a cluster share every status through the state database: each shows the latest one, whichever
/// replica recorded it, so their /metrics are the same bytes at rest (process and per-replica metrics aside).
/// These run two services in this process on one database; the process-level cluster tests are in Cluster/.
/// </summary>
[Trait(Tier.Name, Tier.Stack)]
public sealed class SharedStatusTests(TestDatabase database) : IClassFixture<TestDatabase>
{
    /// <summary>Families that are each replica's own: its process, its reloads, its view of the cluster.</summary>
    public static readonly string[] PerReplicaPrefixes = ["process_", "dotnet_", "exporter_cluster_", "exporter_config_last_reload_"];

    [Fact]
    public async Task TwoReplicas_EachRunsOnce_BothShowTheSameStatusesAndCounters()
    {
        await database.ExecuteAsync("CREATE TABLE IF NOT EXISTS orders (channel text, n int); TRUNCATE orders; INSERT INTO orders VALUES ('web', 3), ('app', 4)");
        var first = await StartAsync("first");
        var firstMetrics = await WaitForAsync(first.Client, metrics => Value(metrics, "exporter_kpi_query_duration_seconds_count{kpi=\"kpi_orders\",source=\"app\"}") == 1);
        // A second replica: its own run makes the counters the cluster's (two runs), and it hears of the first's.
        await database.ExecuteAsync("UPDATE orders SET n = n * 10");
        var second = await StartAsync("second");
        var secondMetrics = await WaitForAsync(second.Client, metrics => Value(metrics, "exporter_kpi_query_duration_seconds_count{kpi=\"kpi_orders\",source=\"app\"}") == 2
            && Value(metrics, "exporter_kpi_errors_total{kpi=\"kpi_broken\",source=\"app\",reason=\"query_error\"}") == 2);
        firstMetrics = await WaitForAsync(first.Client, metrics => Value(metrics, "exporter_kpi_query_duration_seconds_count{kpi=\"kpi_orders\",source=\"app\"}") == 2
            && Value(metrics, "exporter_kpi_errors_total{kpi=\"kpi_broken\",source=\"app\",reason=\"query_error\"}") == 2);
        await first.App.StopAsync();
        await second.App.StopAsync();

        Assert.Equal(ClusterView(firstMetrics), ClusterView(secondMetrics));
        Assert.Equal(40, Value(firstMetrics, "kpi_orders{channel=\"app\",source=\"app\"}"));
        Assert.Equal(30, Value(firstMetrics, "kpi_orders{channel=\"web\",source=\"app\"}"));
        Assert.Equal(1, Value(firstMetrics, "exporter_kpi_up{kpi=\"kpi_orders\",source=\"app\"}"));
        Assert.Equal(0, Value(firstMetrics, "exporter_kpi_up{kpi=\"kpi_broken\",source=\"app\"}"));
        // One row per item, recorded twice each (once by each replica), in the cluster's schema.
        Assert.Equal(2, await database.ScalarAsync<long>("SELECT count(*) FROM exporter.run_status WHERE revision = 2 AND kind = 'kpi'"));
        Assert.Equal("second", await database.ScalarAsync<string>("SELECT recorded_by FROM exporter.run_status WHERE key = 'kpi_orders@app'"));
    }

    [Fact]
    public async Task StateDatabaseUnreachable_ReplicaRunsAndShowsItsOwnResults_LogsItOnce()
    {
        await database.ExecuteAsync("CREATE TABLE IF NOT EXISTS orders (channel text, n int); TRUNCATE orders; INSERT INTO orders VALUES ('web', 3), ('app', 4)");
        var logs = new CapturingLoggerProvider();
        var replica = await StartAsync("alone", stateConnection: "Host=127.0.0.1;Port=1;Username=nobody;Password=state-secret-42;Timeout=1", logs: logs);
        var metrics = await WaitForAsync(replica.Client, m => Value(m, "exporter_kpi_up{kpi=\"kpi_orders\",source=\"app\"}") == 1);
        await replica.App.StopAsync();

        Assert.Equal(0, Value(metrics, "exporter_kpi_stale{kpi=\"kpi_orders\",source=\"app\"}"));
        Assert.Equal(4, Value(metrics, "kpi_orders{channel=\"app\",source=\"app\"}"));
        var down = logs.Lines.Where(l => l.Contains("state database does not answer", StringComparison.Ordinal)).ToList();
        Assert.Single(down);
        Assert.DoesNotContain(logs.Lines, l => l.Contains("state-secret-42", StringComparison.Ordinal));
    }

    private async Task<(WebApplication App, HttpClient Client)> StartAsync(string instance, string? stateConnection = null, CapturingLoggerProvider? logs = null)
    {
        var definition = ConfigLoader.Parse($"""
            datasources:
              - name: app
                connection_string: "{database.ConnectionString}"
            kpis:
              - name: kpi_orders
                schedule: 1h
                values: [n]
                sql: SELECT channel, n FROM orders
              - name: kpi_broken
                schedule: 1h
                sql: SELECT n FROM no_such_table
            """, "cluster.yaml", _ => null);
        definition = definition with
        {
            Cluster = new ClusterDefinition(stateConnection ?? database.ConnectionString, instance, TimeSpan.FromSeconds(2), ClusterDefinition.DefaultSchema, "cluster.yaml", 1),
        };
        var app = ExporterHost.BuildService(definition, "http://127.0.0.1:0");
        if (logs is not null)
            app.Services.GetRequiredService<ILoggerFactory>().AddProvider(logs);
        await app.StartAsync();
        return (app, new HttpClient { BaseAddress = new Uri(app.Urls.Single()) });
    }

    private static async Task<string> WaitForAsync(HttpClient client, Func<string, bool> condition)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (true)
        {
            var metrics = await client.GetStringAsync(new Uri("/metrics", UriKind.Relative));
            if (condition(metrics))
                return metrics;
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException($"condition not met; last /metrics:\n{metrics}");
            await Task.Delay(200);
        }
    }

    /// <summary>The exposition without each replica's own families (process, reloads, cluster membership).</summary>
    public static string ClusterView(string metrics) =>
        string.Join('\n', metrics.Split('\n').Where(line =>
        {
            var name = line.StartsWith('#') ? line.Split(' ') is { Length: > 2 } words ? words[2] : "" : line;
            return !PerReplicaPrefixes.Any(prefix => name.StartsWith(prefix, StringComparison.Ordinal));
        }));

    private static double? Value(string metrics, string series)
    {
        var line = metrics.Split('\n').FirstOrDefault(l => l.StartsWith(series + " ", StringComparison.Ordinal));
        return line is null ? null : double.Parse(line[(series.Length + 1)..], CultureInfo.InvariantCulture);
    }
}
