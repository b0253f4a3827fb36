using Exporter.Tests.Infrastructure;
using Npgsql;

namespace Exporter.Tests.Cluster;

public sealed partial class ClusterStackTests
{
    /// <summary>
    /// The states Quartz's clustered store is left in when the state database dies in the middle of its bookkeeping
    /// (seen in StateDatabaseDown30s...: a trigger claimed and never fired, a trigger blocked by a run that ended):
    /// made by hand here, so the repair is tested every time, not only when a kill happens to land mid-way.
    /// </summary>
    [Fact]
    public async Task TriggersLeftAcquiredOrBlocked_ArePutBackOnSchedule_TheirKpisRunAgain()
    {
        await using var postgres = await StartPostgresAsync(kpis: 2);
        using var config = new TestConfig(Config(postgres, Kpis(2, "2s", sleep: 0), checkin: "1s"));
        var first = await StartReplicasAsync(config, 1, postgres);
        await first[0].WaitForMetricsAsync(m => Sample(m, "kpi_t01{source=\"app\"}") == 1 && Sample(m, "kpi_t02{source=\"app\"}") == 1, "both KPIs");
        await StopAllAsync(first);
        var longAgo = DateTimeOffset.UtcNow.AddMinutes(-1).UtcTicks;
        await ExecuteAsync(postgres, $"""
            UPDATE exporter.qrtz_triggers SET trigger_state = 'ACQUIRED', next_fire_time = {longAgo} WHERE trigger_name = 'kpi_t01@app';
            UPDATE exporter.qrtz_triggers SET trigger_state = 'BLOCKED' WHERE trigger_name = 'kpi_t02@app';
            """);
        await ResetStatementsAsync(postgres);

        // Another replica (a new instance id: Quartz's recovery of its own past firings does not apply).
        await using var second = await ExporterProcess.StartRunAsync(config.Path, "/healthz", Ready, Environment(1, postgres));
        var deadline = DateTime.UtcNow.AddSeconds(40);
        var calls = await CallsAsync(postgres);
        while (DateTime.UtcNow < deadline && (calls.GetValueOrDefault(Table(1)) < 2 || calls.GetValueOrDefault(Table(2)) < 2))
        {
            await Task.Delay(500);
            calls = await CallsAsync(postgres);
        }

        Assert.True(calls.GetValueOrDefault(Table(1)) >= 2, $"kpi_t01 ran {calls.GetValueOrDefault(Table(1))} times\n{second.Stdout}");
        Assert.True(calls.GetValueOrDefault(Table(2)) >= 2, $"kpi_t02 ran {calls.GetValueOrDefault(Table(2))} times\n{second.Stdout}");
        const string Repaired = "cluster: 2 trigger(s) left stuck by a state-database outage (claimed and never fired, or blocked by a run that ended) put back on schedule";
        for (var i = 0; i < 50 && !second.Stdout.Contains(Repaired, StringComparison.Ordinal); i++)
            await Task.Delay(200); // the log line may reach us after the runs it allowed
        Assert.True(second.Stdout.Contains(Repaired, StringComparison.Ordinal), second.Stdout);
    }

    private static async Task ExecuteAsync(OwnPostgresCluster postgres, string sql)
    {
        await using var connection = new NpgsqlConnection(postgres.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
