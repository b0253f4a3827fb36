using System.Globalization;
using Exporter.Tests.Infrastructure;
using Npgsql;

namespace Exporter.Tests.Cluster;

/// <summary>
/// Every replica serves the cluster's view: the latest status of every KPI and probe, whichever replica ran it,
/// shared through the state database. Real processes on an own PostgreSQL server with pg_stat_statements.
/// </summary>
public sealed partial class ClusterStackTests
{
    /// <summary>Families that are each replica's own: its process, its reloads, its view of the cluster.</summary>
    private static readonly string[] PerReplicaPrefixes = ["process_", "dotnet_", "exporter_cluster_", "exporter_config_last_reload_"];

    [Fact]
    public async Task ThreeReplicasAtRest_EachKpiRanOnceInTheCluster_MetricsBodiesAreByteIdentical()
    {
        await using var postgres = await StartPostgresAsync(kpis: 6);
        // Hourly: every item runs once at start-up, somewhere in the cluster, then the cluster is at rest.
        var kpis = Kpis(6, "1h", sleep: 0) + """
              - name: kpi_broken
                schedule: 1h
                sql: select x as value from no_such_table

            """;
        var probe = """
            probes:
              - name: nothing_listens
                url: http://127.0.0.1:1/health
                schedule: 1h
                timeout: 2s
            """;
        using var config = new TestConfig(Config(postgres, kpis, checkin: "1s") + "\n" + probe);
        var replicas = await StartReplicasAsync(config, 3, postgres);
        try
        {
            var bodies = new List<string>();
            foreach (var replica in replicas)
            {
                // Ready once every item has a status: here, mostly one another replica recorded.
                await replica.WaitForHttpAsync(replica.Http, "/readyz", TimeSpan.FromSeconds(60));
                bodies.Add(await replica.WaitForMetricsAsync(m => AllRanOnce(m), "every item's first run"));
            }
            // Anything still in flight has landed: read all three again.
            await Task.Delay(TimeSpan.FromSeconds(2));
            bodies = [.. await Task.WhenAll(replicas.Select(r => r.Http.GetStringAsync("/metrics")))];
            var calls = await CallsAsync(postgres);

            Assert.All(Enumerable.Range(1, 6), i => Assert.Equal(1, calls.GetValueOrDefault(Table(i))));
            var view = ClusterView(bodies[0]);
            Assert.Equal(view, ClusterView(bodies[1]));
            Assert.Equal(view, ClusterView(bodies[2]));
            Assert.Contains("kpi_t01{source=\"app\"} 1\n", view, StringComparison.Ordinal);
            Assert.Contains("exporter_kpi_up{kpi=\"kpi_broken\",source=\"app\"} 0\n", view, StringComparison.Ordinal);
            Assert.Contains("exporter_kpi_errors_total{kpi=\"kpi_broken\",source=\"app\",reason=\"query_error\"} 1\n", view, StringComparison.Ordinal);
            Assert.Contains("exporter_probe_errors_total{probe=\"nothing_listens\",reason=\"connection_refused\"} 1\n", view, StringComparison.Ordinal);
            Assert.Contains("kpi_probe_success{probe=\"nothing_listens\"} 0\n", view, StringComparison.Ordinal);
            // Each KPI ran once in the cluster: 7 KPI jobs between the three replicas (the probe is another kind).
            var jobs = 0.0;
            foreach (var body in bodies)
                jobs += JobsRun(body);
            Assert.Equal(7, jobs);
            // One row per item in the state database, each recorded once.
            Assert.Equal(8L, await StateScalarAsync(postgres, "SELECT count(*) FROM exporter.run_status WHERE revision = 1"));
        }
        finally
        {
            await StopAllAsync(replicas);
        }
    }

    private static bool AllRanOnce(string metrics) =>
        Enumerable.Range(1, 6).All(i => metrics.Contains($"exporter_kpi_query_duration_seconds_count{{kpi=\"kpi_{Table(i)}\",source=\"app\"}} 1\n", StringComparison.Ordinal))
        && metrics.Contains("exporter_kpi_query_duration_seconds_count{kpi=\"kpi_broken\",source=\"app\"} 1\n", StringComparison.Ordinal)
        && metrics.Contains("kpi_probe_latency_seconds_count{probe=\"nothing_listens\"} 1\n", StringComparison.Ordinal);

    /// <summary>The exposition without each replica's own families.</summary>
    private static string ClusterView(string metrics) =>
        string.Join('\n', metrics.Split('\n').Where(line =>
        {
            var name = line.StartsWith('#') ? line.Split(' ') is { Length: > 2 } words ? words[2] : "" : line;
            return !PerReplicaPrefixes.Any(prefix => name.StartsWith(prefix, StringComparison.Ordinal));
        }));

    private static double? Sample(string metrics, string series)
    {
        var line = metrics.Split('\n').FirstOrDefault(l => l.StartsWith(series + " ", StringComparison.Ordinal));
        return line is null ? null : double.Parse(line[(series.Length + 1)..], CultureInfo.InvariantCulture);
    }

    private static async Task<long> StateScalarAsync(OwnPostgresCluster state, string sql)
    {
        await using var connection = new NpgsqlConnection(state.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
