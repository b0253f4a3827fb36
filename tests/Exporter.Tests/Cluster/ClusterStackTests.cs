using System.Diagnostics;
using System.Text.RegularExpressions;
using Exporter.Cluster;
using Exporter.Configuration;
using Exporter.Tests.Infrastructure;
using Npgsql;
using Xunit.Abstractions;

namespace Exporter.Tests.Cluster;

/// <summary>
/// Replicas as real processes on one state database (an own PostgreSQL cluster with pg_stat_statements), checked
/// from the database side: how often each KPI's query ran and how many ran at once.
/// </summary>
[Trait(Tier.Name, Tier.Stack)]
[Trait(Tier.Exporter, Tier.ChildProcess)]
public sealed partial class ClusterStackTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Ready = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task ThreeReplicas_TwentyKpisEveryTwoSeconds_EachRunsOncePerPeriodNeverTwiceAtOnce()
    {
        await using var postgres = await StartPostgresAsync(kpis: 20);
        using var config = new TestConfig(Config(postgres, Kpis(20, "2s", sleep: 0.1), checkin: "2s"));
        var replicas = await StartReplicasAsync(config, 3, postgres);
        try
        {
            // The window starts once every KPI has run: replicas starting together may each schedule a job new
            // to the store (spreading first runs over a few seconds), so the first runs are no steady state.
            for (var wait = Stopwatch.StartNew(); (await CallsAsync(postgres)).Count < 20 && wait.Elapsed < TimeSpan.FromSeconds(30);)
                await Task.Delay(250);
            await Task.Delay(TimeSpan.FromSeconds(2));
            await ResetStatementsAsync(postgres);
            var window = Stopwatch.StartNew();
            var maxAtOnce = await SampleMaxAtOnceAsync(postgres, TimeSpan.FromSeconds(60));
            var calls = await CallsAsync(postgres);
            var periods = window.Elapsed.TotalSeconds / 2;
            var bodies = await Task.WhenAll(replicas.Select(r => r.Http.GetStringAsync("/metrics")));
            output.WriteLine($"jobs run per replica: {string.Join(", ", bodies.Select(JobsRun))}; " +
                $"misfires: {string.Join(", ", bodies.Select(b => Counter(b, "exporter_cluster_misfires_total")))}; " +
                $"failed runs: {string.Join(", ", bodies.Select(b => ErrorsTotal().Matches(b).Sum(m => double.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture))))}");

            output.WriteLine($"{periods:0.0} periods; calls per KPI: {string.Join(", ", calls.OrderBy(c => c.Key).Select(c => $"{c.Key}={c.Value}"))}; " +
                $"max at once: {maxAtOnce.Values.DefaultIfEmpty().Max()}");
            Assert.All(Enumerable.Range(1, 20), i =>
                Assert.InRange(calls.GetValueOrDefault(Table(i)), Math.Floor(periods) - 1, Math.Ceiling(periods) + 1));
            Assert.All(Enumerable.Range(1, 20), i => Assert.InRange(maxAtOnce.GetValueOrDefault(Table(i)), 1, 1));
            foreach (var metrics in bodies)
            {
                Assert.Contains("exporter_cluster_members 3\n", metrics, StringComparison.Ordinal);
                Assert.Contains("exporter_cluster_state_up 1\n", metrics, StringComparison.Ordinal);
                Assert.True(JobsRun(metrics) > 0, $"replica ran no job:\n{metrics}");
            }
        }
        finally
        {
            await StopAllAsync(replicas);
        }
    }

    [Fact]
    public async Task KillNineMidQuery_TheSlowKpiRunsAgainElsewhere_NoOtherKpiMissesMoreThanOnePeriod()
    {
        await using var postgres = await StartPostgresAsync(kpis: 6);
        // kpi_t01 takes 10 s every 20 s; the others every 5 s. A replica silent for 2 s (2 check-ins of 1 s) is dead.
        var kpis = Kpis(1, "20s", sleep: 10) + Kpis(5, "5s", sleep: 0.05, first: 2);
        using var config = new TestConfig(Config(postgres, kpis, checkin: "1s"));
        var replicas = await StartReplicasAsync(config, 3, postgres);
        try
        {
            var runner = await WaitForSlowQueryAsync(postgres, except: null, TimeSpan.FromSeconds(40));
            var victim = replicas.Single(r => $"exporter/{InstanceId(replicas.IndexOf(r))}" == runner);
            var gaps = SampleGapsAsync(postgres, TimeSpan.FromSeconds(30));
            victim.Kill();
            var killed = Stopwatch.StartNew();

            var rerun = await WaitForSlowQueryAsync(postgres, except: runner, TimeSpan.FromSeconds(20));
            await WaitForSlowQueryToEndAsync(postgres, rerun, TimeSpan.FromSeconds(30));
            var completedAfter = killed.Elapsed;

            var maxGaps = await gaps;
            output.WriteLine($"killed {runner}; re-run on {rerun}, completed {completedAfter.TotalSeconds:0.0} s after the kill; " +
                $"longest gaps: {string.Join(", ", maxGaps.OrderBy(g => g.Key).Select(g => $"{g.Key}={g.Value.TotalSeconds:0.0}s"))}");
            // One period (20 s) plus the check-in timeout (2 s).
            Assert.InRange(completedAfter, TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(22));
            Assert.All(Enumerable.Range(2, 5), i => Assert.InRange(maxGaps.GetValueOrDefault(Table(i), TimeSpan.MaxValue), TimeSpan.Zero, TimeSpan.FromSeconds(11)));
        }
        finally
        {
            await StopAllAsync(replicas);
        }
    }

    [Fact]
    public async Task GracefulStopMidQuery_TheCancelledRunIsHandedBack_AnotherReplicaRunsItAtOnce()
    {
        await using var postgres = await StartPostgresAsync(kpis: 1);
        using var config = new TestConfig(Config(postgres, Kpis(1, "30s", sleep: 10), checkin: "1s"));
        var replicas = await StartReplicasAsync(config, 2, postgres);
        try
        {
            var runner = await WaitForSlowQueryAsync(postgres, except: null, TimeSpan.FromSeconds(40));
            var stopping = replicas.Single(r => $"exporter/{InstanceId(replicas.IndexOf(r))}" == runner);
            var stopped = Stopwatch.StartNew();
            Assert.Equal(0, await stopping.StopAsync(TimeSpan.FromSeconds(30)));

            var rerun = await WaitForSlowQueryAsync(postgres, except: runner, TimeSpan.FromSeconds(25));
            output.WriteLine($"stopped {runner} mid-query; re-run on {rerun} {stopped.Elapsed.TotalSeconds:0.0} s after the stop began");
            // At once (a check-in or two), not at the next period 30 s later.
            Assert.InRange(stopped.Elapsed, TimeSpan.Zero, TimeSpan.FromSeconds(6));
        }
        finally
        {
            await StopAllAsync(replicas);
        }
    }

    [Fact]
    public async Task ReplicaWithAnotherConfigOrAnInstanceIdInUse_RefusesToJoin_ExitTwoWithTheReason()
    {
        await using var postgres = await StartPostgresAsync(kpis: 2);
        using var config = new TestConfig(Config(postgres, Kpis(1, "2s", sleep: 0), checkin: "1s"));
        using var other = new TestConfig(Config(postgres, Kpis(2, "2s", sleep: 0), checkin: "1s"));
        var replicas = await StartReplicasAsync(config, 1, postgres);
        try
        {
            var (exitCode, _, stderr) = await ExporterProcess.RunAsync(
                ["run", "--config", other.Path, "--urls", $"http://127.0.0.1:{ExporterProcess.FreePort()}"], Environment(1, postgres));

            var ours = ConfigFingerprint.Of(ConfigLoader.Load(config.Path, name => Environment(0, postgres).GetValueOrDefault(name)));
            var theirs = ConfigFingerprint.Of(ConfigLoader.Load(other.Path, name => Environment(1, postgres).GetValueOrDefault(name)));
            Assert.Equal(2, exitCode);
            var (sameIdExit, _, sameIdError) = await ExporterProcess.RunAsync(
                ["run", "--config", config.Path, "--urls", $"http://127.0.0.1:{ExporterProcess.FreePort()}"], Environment(0, postgres));
            Assert.Equal(2, sameIdExit);
            Assert.Equal(
                $"error: cluster: instance_id '{InstanceId(0)}' is in use by a live replica; give each replica its own instance_id (the default, host name + \"-\" + process id, is unique)",
                sameIdError.Trim());
            Assert.Contains(
                $"; cluster {InstanceId(0)} (state 127.0.0.1:{postgres.Port}/postgres, schema exporter)\n", replicas[0].Stdout, StringComparison.Ordinal);
            Assert.Equal(
                $"error: cluster: this replica's config ({theirs}) differs from the one the live replicas run ({InstanceId(0)}: {ours}); " +
                "start it with the same config, or change the config of a running cluster by reloading its replicas (SIGHUP or POST /-/reload)",
                stderr.Trim());
        }
        finally
        {
            await StopAllAsync(replicas);
        }
    }

    [Fact]
    public async Task ReloadOnOneReplica_AddsItsNewKpi_OthersKeepTheirTiming()
    {
        await using var postgres = await StartPostgresAsync(kpis: 4);
        using var first = new TestConfig(Config(postgres, Kpis(3, "2s", sleep: 0.05), checkin: "1s"));
        using var second = new TestConfig(Config(postgres, Kpis(3, "2s", sleep: 0.05), checkin: "1s"));
        var replicas = new List<ExporterProcess>();
        try
        {
            replicas.Add(await ExporterProcess.StartRunAsync(first.Path, "/healthz", Ready, Environment(0, postgres)));
            replicas.Add(await ExporterProcess.StartRunAsync(second.Path, "/healthz", Ready, Environment(1, postgres)));
            await Task.Delay(TimeSpan.FromSeconds(4));
            var timing = await TriggerStartTimesAsync(postgres);

            // A rolling change: the first replica's file gets kpi_t04 and it reloads; the second still runs the old config.
            File.WriteAllText(first.Path, Config(postgres, Kpis(4, "2s", sleep: 0.05), checkin: "1s"));
            var gaps = SampleGapsAsync(postgres, TimeSpan.FromSeconds(12));
            await replicas[0].SignalReloadAsync();
            var maxGaps = await gaps;
            var calls = await CallsAsync(postgres);

            output.WriteLine($"after the reload: t04 calls {calls.GetValueOrDefault("t04")}; longest gaps: " +
                string.Join(", ", maxGaps.OrderBy(g => g.Key).Select(g => $"{g.Key}={g.Value.TotalSeconds:0.0}s")));
            Assert.All(Enumerable.Range(1, 3), i => Assert.InRange(maxGaps.GetValueOrDefault(Table(i), TimeSpan.MaxValue), TimeSpan.Zero, TimeSpan.FromSeconds(4.5)));
            Assert.InRange(calls.GetValueOrDefault("t04"), 3, 8);
            var after = await TriggerStartTimesAsync(postgres);
            Assert.Equal(timing, after.Where(t => t.Key != "kpi_t04@app").ToDictionary());
            Assert.Equal(["kpi_t01@app", "kpi_t02@app", "kpi_t03@app", "kpi_t04@app"], after.Keys.Order(StringComparer.Ordinal));

            // A third replica with the new config joins (one live replica runs it) and resets no stored timing.
            replicas.Add(await ExporterProcess.StartRunAsync(first.Path, "/healthz", Ready, Environment(2, postgres)));
            Assert.Equal(after, await TriggerStartTimesAsync(postgres));
            output.WriteLine($"hand-offs by the replica on the old config: {HandedOff(await replicas[1].Http.GetStringAsync("/metrics"))}");

            // The cluster section itself is read at start-up only: a reload says so and keeps it.
            File.WriteAllText(first.Path, Config(postgres, Kpis(4, "2s", sleep: 0.05), checkin: "2s"));
            await replicas[0].SignalReloadAsync();
            var restartNeeded = $"reload: the cluster section changed: that needs a restart; still using cluster {InstanceId(0)}\n";
            for (var wait = Stopwatch.StartNew(); wait.Elapsed < TimeSpan.FromSeconds(15) && !replicas[0].Stdout.Contains(restartNeeded, StringComparison.Ordinal);)
                await Task.Delay(200);
            Assert.Contains(restartNeeded, replicas[0].Stdout, StringComparison.Ordinal);
        }
        finally
        {
            await StopAllAsync(replicas);
        }
    }

    [Fact]
    public async Task StateDatabaseDown30sAndBack_ReplicasServeFlagAndRecover_ScheduleResumesWithoutABurst()
    {
        // The state database on a server of its own, so that only it goes away (the KPIs' database stays up).
        await using var postgres = await StartPostgresAsync(kpis: 2);
        await using var state = await OwnPostgresCluster.StartAsync();
        using var config = new TestConfig(Config(postgres, Kpis(2, "2s", sleep: 0), checkin: "1s"));
        var replicas = await StartReplicasAsync(config, 2, postgres, state);
        try
        {
            foreach (var replica in replicas)
                await replica.WaitForMetricsAsync(m => Sample(m, "kpi_t01{source=\"app\"}") == 1 && Sample(m, "kpi_t02{source=\"app\"}") == 1, "both KPIs");
            await state.KillAsync();
            var down = Stopwatch.StartNew();
            foreach (var replica in replicas)
                await replica.WaitForMetricsAsync(m => m.Contains("exporter_cluster_state_up 0\n", StringComparison.Ordinal), "state down");
            // Nothing runs while no replica can claim work: the values stay, served and flagged stale once overdue.
            foreach (var replica in replicas)
            {
                var during = await replica.WaitForMetricsAsync(m => Sample(m, "exporter_kpi_stale{kpi=\"kpi_t01\",source=\"app\"}") == 1
                    && Sample(m, "exporter_kpi_stale{kpi=\"kpi_t02\",source=\"app\"}") == 1, "stale KPIs");
                Assert.Equal(1, Sample(during, "kpi_t01{source=\"app\"}"));
                Assert.Equal(1, Sample(during, "exporter_kpi_up{kpi=\"kpi_t01\",source=\"app\"}"));
            }
            await Task.Delay(Remaining(TimeSpan.FromSeconds(30), down));
            await ResetStatementsAsync(postgres);
            await state.StartServerAsync();
            var back = Stopwatch.StartNew();
            foreach (var replica in replicas)
                await replica.WaitForMetricsAsync(m => m.Contains("exporter_cluster_state_up 1\n", StringComparison.Ordinal)
                    && Sample(m, "exporter_kpi_stale{kpi=\"kpi_t01\",source=\"app\"}") == 0 && Sample(m, "exporter_kpi_stale{kpi=\"kpi_t02\",source=\"app\"}") == 0,
                    "state up and fresh KPIs");
            await Task.Delay(Remaining(TimeSpan.FromSeconds(10), back));
            var calls = await CallsAsync(postgres);
            var window = back.Elapsed.TotalSeconds;

            output.WriteLine($"{window:0.0} s after the restart: {string.Join(", ", calls.OrderBy(c => c.Key).Select(c => $"{c.Key}={c.Value}"))}");
            // Resumed within a couple of seconds (3 runs or more in 5 periods), and no catch-up burst of the periods missed.
            Assert.All(Enumerable.Range(1, 2), i => Assert.InRange(calls.GetValueOrDefault(Table(i)), 3, 6));
            Assert.All(replicas, replica => Assert.False(replica.HasExited));
            // The slots missed during the outage were counted as misfires (and skipped), not run late.
            var misfires = 0.0;
            foreach (var replica in replicas)
                misfires += Counter(await replica.Http.GetStringAsync("/metrics"), "exporter_cluster_misfires_total");
            output.WriteLine($"misfires counted: {misfires}");
            Assert.True(misfires >= 2, $"{misfires} misfires");
        }
        finally
        {
            await StopAllAsync(replicas);
        }
    }

    /// <summary>Each stored trigger's start time: what a reschedule would change.</summary>
    private static async Task<Dictionary<string, long>> TriggerStartTimesAsync(OwnPostgresCluster postgres)
    {
        await using var connection = new NpgsqlConnection(postgres.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT trigger_name, start_time FROM exporter.qrtz_triggers WHERE trigger_name NOT LIKE '%#%'", connection);
        await using var reader = await command.ExecuteReaderAsync();
        var times = new Dictionary<string, long>(StringComparer.Ordinal);
        while (await reader.ReadAsync())
            times[reader.GetString(0)] = reader.GetInt64(1);
        return times;
    }

    private static string Table(int i) => $"t{i:00}";

    private static TimeSpan Remaining(TimeSpan total, Stopwatch since) => since.Elapsed < total ? total - since.Elapsed : TimeSpan.Zero;

    private static string InstanceId(int replica) => $"replica-{replica + 1}";

    /// <param name="state">The state database's server when it is not the KPIs' one.</param>
    private static Dictionary<string, string> Environment(int replica, OwnPostgresCluster postgres, OwnPostgresCluster? state = null) => new()
    {
        ["REPLICA"] = InstanceId(replica),
        ["PG_PORT_OWN"] = postgres.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["STATE_PORT_OWN"] = (state ?? postgres).Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };

    /// <summary>KPIs reading one table each (distinct SQL for pg_stat_statements), sleeping to be seen running.</summary>
    private static string Kpis(int count, string schedule, double sleep, int first = 1) => string.Concat(Enumerable.Range(first, count).Select(i => $"""
          - name: kpi_{Table(i)}
            help: rows of {Table(i)}
            schedule: {schedule}
            timeout: 30s
            sql: select count(*) as value from {Table(i)}, pg_sleep({sleep.ToString(System.Globalization.CultureInfo.InvariantCulture)})

        """));

    private static string Config(OwnPostgresCluster postgres, string kpis, string checkin) => $$"""
        datasources:
          - name: app
            connection_string: "Host=127.0.0.1;Port=${PG_PORT_OWN};Username=postgres;Database=postgres"
            max_concurrency: 6
        kpis:
        {{kpis}}
        cluster:
          connection_string: "Host=127.0.0.1;Port=${STATE_PORT_OWN};Username=postgres;Database=postgres"
          instance_id: ${REPLICA}
          checkin_interval: {{checkin}}
        """;

    /// <summary>
    /// Each tick (100 ms) it stores the calls of every KPI's query so far, and a row with no table that marks the tick;
    /// each tick commits, so the samples are there even if the test stops reading.
    /// </summary>
    private const string CallSampler = """
        CREATE TABLE call_samples (at timestamptz NOT NULL, kpi_table text, calls bigint);
        CREATE PROCEDURE sample_calls(seconds float8) LANGUAGE plpgsql AS $$
        DECLARE
          stop timestamptz := clock_timestamp() + make_interval(secs => seconds);
          tick timestamptz;
        BEGIN
          DELETE FROM call_samples;
          LOOP
            tick := clock_timestamp();
            INSERT INTO call_samples
              SELECT tick, substring(query from 'from (t[0-9]+)'), sum(calls)::bigint FROM pg_stat_statements
              WHERE query ~ 'from t[0-9]+, pg_sleep' GROUP BY 2
              UNION ALL SELECT tick, NULL, NULL;
            COMMIT;
            EXIT WHEN tick >= stop;
            PERFORM pg_sleep(0.1);
          END LOOP;
        END $$;
        """;

    private static async Task<OwnPostgresCluster> StartPostgresAsync(int kpis)
    {
        var postgres = await OwnPostgresCluster.StartAsync("shared_preload_libraries=pg_stat_statements", "max_connections=200");
        await using var connection = new NpgsqlConnection(postgres.ConnectionString);
        await connection.OpenAsync();
        var tables = string.Concat(Enumerable.Range(1, kpis).Select(i => $"CREATE TABLE {Table(i)} AS SELECT 1 AS x;"));
        await using var command = new NpgsqlCommand($"CREATE EXTENSION pg_stat_statements; {tables} {CallSampler}", connection);
        await command.ExecuteNonQueryAsync();
        return postgres;
    }

    /// <summary>
    /// Replicas started at the same moment (so they also race to create the schema), returned once all are up (not
    /// ready: a replica is ready once it ran each KPI itself, which in a cluster it may never do).
    /// </summary>
    private static async Task<List<ExporterProcess>> StartReplicasAsync(TestConfig config, int count, OwnPostgresCluster postgres, OwnPostgresCluster? state = null)
    {
        var starting = Enumerable.Range(0, count).Select(i => ExporterProcess.StartRunAsync(config.Path, "/healthz", Ready, Environment(i, postgres, state))).ToArray();
        try
        {
            return [.. await Task.WhenAll(starting)];
        }
        catch
        {
            // The ones that did start must not outlive the test.
            await StopAllAsync(starting.Where(t => t.IsCompletedSuccessfully).Select(t => t.Result));
            throw;
        }
    }

    private static async Task StopAllAsync(IEnumerable<ExporterProcess> replicas)
    {
        foreach (var replica in replicas)
            await replica.DisposeAsync();
    }

    private static async Task ResetStatementsAsync(OwnPostgresCluster postgres)
    {
        await using var connection = new NpgsqlConnection(postgres.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT pg_stat_statements_reset()", connection);
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>Completed runs of each KPI's query (by its table) since the last reset.</summary>
    private static async Task<Dictionary<string, long>> CallsAsync(OwnPostgresCluster postgres)
    {
        await using var connection = new NpgsqlConnection(postgres.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "SELECT substring(query from 'from (t[0-9]+)'), sum(calls)::bigint FROM pg_stat_statements WHERE query ~ 'from t[0-9]+, pg_sleep' GROUP BY 1", connection);
        await using var reader = await command.ExecuteReaderAsync();
        var calls = new Dictionary<string, long>(StringComparer.Ordinal);
        while (await reader.ReadAsync())
            calls[reader.GetString(0)] = reader.GetInt64(1);
        return calls;
    }

    /// <summary>The most backends seen running each KPI's query at once, sampling pg_stat_activity every 50 ms.</summary>
    private static async Task<Dictionary<string, int>> SampleMaxAtOnceAsync(OwnPostgresCluster postgres, TimeSpan duration)
    {
        await using var connection = new NpgsqlConnection(postgres.ConnectionString);
        await connection.OpenAsync();
        var max = new Dictionary<string, int>(StringComparer.Ordinal);
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < duration)
        {
            await using (var command = new NpgsqlCommand("""
                SELECT substring(query from 'from (t[0-9]+)'), count(*)::int FROM pg_stat_activity
                WHERE state = 'active' AND application_name LIKE 'exporter/%' AND query ~ 'from t[0-9]+, pg_sleep' GROUP BY 1
                """, connection))
            await using (var reader = await command.ExecuteReaderAsync())
            {
                while (await reader.ReadAsync())
                    max[reader.GetString(0)] = Math.Max(max.GetValueOrDefault(reader.GetString(0)), reader.GetInt32(1));
            }
            await Task.Delay(50);
        }
        return max;
    }

    /// <summary>
    /// The longest time between two completed runs of each KPI: pg_stat_statements calls, sampled every 100 ms by a
    /// procedure in the database itself (<c>sample_calls</c>), so that a pause of the test process (other tests run
    /// beside it) cannot read as a gap in the schedule.
    /// </summary>
    private static async Task<Dictionary<string, TimeSpan>> SampleGapsAsync(OwnPostgresCluster postgres, TimeSpan duration)
    {
        await using var connection = new NpgsqlConnection(postgres.ConnectionString);
        await connection.OpenAsync();
        await using (var sample = new NpgsqlCommand("CALL sample_calls(@seconds)", connection) { CommandTimeout = (int)duration.TotalSeconds + 30 })
        {
            sample.Parameters.AddWithValue("seconds", duration.TotalSeconds);
            await sample.ExecuteNonQueryAsync();
        }
        await using var command = new NpgsqlCommand("SELECT at, kpi_table, calls FROM call_samples ORDER BY at", connection);
        await using var reader = await command.ExecuteReaderAsync();
        var samples = new List<(DateTime At, string? Table, long Calls)>();
        while (await reader.ReadAsync())
            samples.Add((reader.GetDateTime(0), reader.IsDBNull(1) ? null : reader.GetString(1), reader.IsDBNull(2) ? 0 : reader.GetInt64(2)));

        // The longest time each table's count stayed unchanged, from the first tick to the last.
        var (start, end) = (samples[0].At, samples[^1].At);
        var (last, lastChange, gaps) = (new Dictionary<string, long>(), new Dictionary<string, DateTime>(), new Dictionary<string, TimeSpan>());
        foreach (var (at, table, calls) in samples.Where(s => s.At == start && s.Table is not null))
            (last[table!], lastChange[table!], gaps[table!]) = (calls, start, TimeSpan.Zero);
        foreach (var (at, table, calls) in samples.Where(s => s.Table is not null))
        {
            if (calls == last.GetValueOrDefault(table!))
                continue;
            var since = lastChange.GetValueOrDefault(table!, start);
            gaps[table!] = gaps.TryGetValue(table!, out var longest) && longest > at - since ? longest : at - since;
            (last[table!], lastChange[table!]) = (calls, at);
        }
        foreach (var (table, since) in lastChange)
            gaps[table] = gaps[table] > end - since ? gaps[table] : end - since;
        return gaps;
    }

    /// <summary>Waits for the slow KPI's query to be running on a replica other than <paramref name="except"/>; returns its application name.</summary>
    private static async Task<string> WaitForSlowQueryAsync(OwnPostgresCluster postgres, string? except, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        await using var connection = new NpgsqlConnection(postgres.ConnectionString);
        await connection.OpenAsync();
        while (clock.Elapsed < timeout)
        {
            await using var command = new NpgsqlCommand(
                "SELECT application_name FROM pg_stat_activity WHERE state = 'active' AND pid <> pg_backend_pid() AND query ~ 'from t01, pg_sleep' AND application_name <> @except", connection);
            command.Parameters.AddWithValue("except", except ?? "");
            if (await command.ExecuteScalarAsync() is string name)
                return name;
            await Task.Delay(100);
        }
        throw new TimeoutException($"the slow KPI did not run on a replica other than {except} within {timeout}");
    }

    private static async Task WaitForSlowQueryToEndAsync(OwnPostgresCluster postgres, string applicationName, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        await using var connection = new NpgsqlConnection(postgres.ConnectionString);
        await connection.OpenAsync();
        while (clock.Elapsed < timeout)
        {
            await using var command = new NpgsqlCommand(
                "SELECT count(*) FROM pg_stat_activity WHERE state = 'active' AND pid <> pg_backend_pid() AND query ~ 'from t01, pg_sleep' AND application_name = @name", connection);
            command.Parameters.AddWithValue("name", applicationName);
            if ((long)(await command.ExecuteScalarAsync())! == 0)
                return;
            await Task.Delay(100);
        }
        throw new TimeoutException($"the slow KPI's run on {applicationName} did not end within {timeout}");
    }

    private static double JobsRun(string metrics) =>
        JobsRunLine().Match(metrics) is { Success: true } match ? double.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) : 0;

    /// <summary>A counter of the kpi kind, 0 when absent.</summary>
    private static double Counter(string metrics, string name) =>
        Regex.Match(metrics, $$"""^{{name}}\{kind="kpi"\} (\S+)$""", RegexOptions.Multiline) is { Success: true } match
            ? double.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) : 0;

    private static double HandedOff(string metrics) =>
        HandedOffLine().Match(metrics) is { Success: true } match ? double.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) : 0;

    [GeneratedRegex("""^exporter_cluster_jobs_handed_off_total\{kind="kpi"\} (\S+)$""", RegexOptions.Multiline)]
    private static partial Regex HandedOffLine();

    [GeneratedRegex("""^exporter_kpi_errors_total\{[^}]*\} (\S+)$""", RegexOptions.Multiline)]
    private static partial Regex ErrorsTotal();

    [GeneratedRegex("""^exporter_cluster_jobs_run_total\{kind="kpi"\} (\S+)$""", RegexOptions.Multiline)]
    private static partial Regex JobsRunLine();
}
