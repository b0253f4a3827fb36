using Exporter.Kpis;
using Exporter.Tests.Infrastructure;
using Microsoft.Extensions.Time.Testing;

namespace Exporter.Tests.Kpis;

/// <summary>Running and publishing KPIs against a real PostgreSQL: isolation, timeouts, read-only, snapshots.</summary>
public sealed class KpiExecutorTests(TestDatabase database) : IClassFixture<TestDatabase>
{
    [Fact]
    public async Task Run_SlowQuery_FailsWithTimeoutWhileOthersSucceed()
    {
        await using var harness = KpiHarness.For(database, """
            kpis:
              - name: kpi_slow
                timeout: 1s
                sql: select 1 as value from pg_sleep(5)
              - name: kpi_fast
                sql: select 42 as value
            """);

        var results = await Task.WhenAll(harness.RunAsync("kpi_slow"), harness.RunAsync("kpi_fast"));

        Assert.Equal(KpiFailureReasons.Timeout, results[0].Failure?.Reason);
        Assert.Equal("the query ran longer than its timeout of 1s", results[0].Failure!.Message);
        Assert.True(results[0].Duration < TimeSpan.FromSeconds(4), $"cancelled by the server after ~1s, took {results[0].Duration}");
        Assert.True(results[1].Succeeded);
        Assert.Equal(0.0, await harness.SampleAsync("exporter_kpi_up{kpi=\"kpi_slow\",source=\"app\"}"));
        Assert.Equal(1.0, await harness.SampleAsync("exporter_kpi_errors_total{kpi=\"kpi_slow\",source=\"app\",reason=\"timeout\"}"));
        Assert.Equal(1.0, await harness.SampleAsync("exporter_kpi_up{kpi=\"kpi_fast\",source=\"app\"}"));
        Assert.Equal(42.0, await harness.SampleAsync("kpi_fast{source=\"app\"}"));
        Assert.Null(await harness.SampleAsync("kpi_slow{"));
    }

    // Plain INSERT/UPDATE/DELETE/CREATE are refused at config load (not a query): see KpiSqlRulesTests.
    [Theory]
    // A writing CTE is refused under its top-level statement.
    [InlineData("with changed as (update scratch set n = n + 1 returning n) select count(*) as value from changed", "SELECT")]
    [InlineData("select n as value into sneaky from scratch", "SELECT INTO")]
    [InlineData("select n as value from scratch for update", "SELECT FOR UPDATE")]
    [InlineData("select nextval('scratch_seq') as value", "nextval()")]
    public async Task Run_WriteAttempt_FailsBecauseTheTransactionIsReadOnly(string sql, string statement)
    {
        await database.ExecuteAsync("create table if not exists scratch (n int); truncate scratch; insert into scratch values (7); drop sequence if exists scratch_seq; create sequence scratch_seq");
        await using var harness = KpiHarness.For(database, $"""
            kpis:
              - name: kpi_writer
                sql: "{sql}"
            """);

        var result = await harness.RunAsync("kpi_writer");

        Assert.Equal(KpiFailureReasons.ReadOnly, result.Failure?.Reason);
        Assert.Equal($"25006: cannot execute {statement} in a read-only transaction (KPI queries run in a read-only transaction)", result.Failure!.Message);
        Assert.Equal(7, await database.ScalarAsync<int>("select sum(n)::int from scratch"));
        Assert.False(await database.ScalarAsync<bool>("select exists (select from pg_tables where tablename = 'sneaky')"));
        Assert.Equal(1, await database.ScalarAsync<long>("select nextval('scratch_seq')"));
    }

    [Fact]
    public async Task Run_RowVanishes_ItsSeriesIsRemoved()
    {
        await database.ExecuteAsync("create table if not exists regions (region text, amount int); truncate regions; insert into regions values ('eu', 1), ('us', 2)");
        await using var harness = KpiHarness.For(database, """
            kpis:
              - name: kpi_region_amount
                sql: select region, amount as value from regions
            """);
        await harness.RunSuccessfullyAsync("kpi_region_amount");
        Assert.Equal(2.0, await harness.SampleAsync("kpi_region_amount{region=\"us\",source=\"app\"}"));

        await database.ExecuteAsync("delete from regions where region = 'us'; update regions set amount = 5");
        await harness.RunSuccessfullyAsync("kpi_region_amount");

        Assert.Null(await harness.SampleAsync("kpi_region_amount{region=\"us\""));
        Assert.Equal(5.0, await harness.SampleAsync("kpi_region_amount{region=\"eu\",source=\"app\"}"));
        Assert.Equal(1.0, await harness.SampleAsync("exporter_kpi_series{kpi=\"kpi_region_amount\",source=\"app\"}"));
    }

    [Fact]
    public async Task Run_FailureAfterSuccess_KeepsLastValueAndMarksItStale()
    {
        await database.ExecuteAsync("create table if not exists divisor (d int); truncate divisor; insert into divisor values (4)");
        await using var harness = KpiHarness.For(database, """
            kpis:
              - name: kpi_quarter
                sql: select 100 / d as value from divisor
            """);
        var success = await harness.RunSuccessfullyAsync("kpi_quarter");

        await database.ExecuteAsync("update divisor set d = 0");
        var failure = await harness.RunAsync("kpi_quarter");

        Assert.Equal(KpiFailureReasons.QueryError, failure.Failure?.Reason);
        Assert.Equal("22012: division by zero", failure.Failure!.Message);
        Assert.Equal(25.0, await harness.SampleAsync("kpi_quarter{source=\"app\"}"));
        Assert.Equal(0.0, await harness.SampleAsync("exporter_kpi_up{kpi=\"kpi_quarter\",source=\"app\"}"));
        Assert.Equal(1.0, await harness.SampleAsync("exporter_kpi_stale{kpi=\"kpi_quarter\",source=\"app\"}"));
        Assert.Equal(success.StartedAt.ToUnixTimeMilliseconds() / 1000.0,
            await harness.SampleAsync("exporter_kpi_last_success_timestamp_seconds{kpi=\"kpi_quarter\",source=\"app\"}"));
        var status = harness.Board.Get("kpi_quarter@app");
        Assert.False(status.LastRunSucceeded);
        Assert.Equal(success.StartedAt, status.LastSuccessAt);
        Assert.Equal("22012: division by zero", status.LastError);
    }

    [Fact]
    public async Task Run_FailingLongerThanStaleAfter_WithdrawsTheLastValues()
    {
        await database.ExecuteAsync("create table if not exists flaky (d int); truncate flaky; insert into flaky values (2)");
        var time = new FakeTimeProvider(TestClock.Now);
        await using var harness = KpiHarness.For(database, """
            kpis:
              - name: kpi_half
                stale_after: 5m
                sql: select 10 / d as value from flaky
            """, time);
        await harness.RunSuccessfullyAsync("kpi_half");
        Assert.Equal(5.0, await harness.SampleAsync("kpi_half{source=\"app\"}"));

        await database.ExecuteAsync("update flaky set d = 0");
        time.Advance(TimeSpan.FromMinutes(5) - TimeSpan.FromSeconds(1));
        await harness.RunAsync("kpi_half");
        Assert.Equal(5.0, await harness.SampleAsync("kpi_half{source=\"app\"}")); // failing for 4m59s: still kept (stale)
        time.Advance(TimeSpan.FromSeconds(1));
        var failed = await harness.RunAsync("kpi_half");

        Assert.Equal("22012: division by zero", failed.Failure?.Message);

        Assert.Null(await harness.SampleAsync("kpi_half{"));
        Assert.Equal(1.0, await harness.SampleAsync("exporter_kpi_stale{kpi=\"kpi_half\",source=\"app\"}"));
        Assert.Empty(harness.Board.Get("kpi_half@app").Values);
    }

    [Fact]
    public async Task Run_FailingForThreeSchedulePeriods_WithdrawsByDefault()
    {
        await database.ExecuteAsync("create table if not exists flaky3 (d int); truncate flaky3; insert into flaky3 values (5)");
        var time = new FakeTimeProvider(TestClock.Now);
        await using var harness = KpiHarness.For(database, """
            kpis:
              - name: kpi_fifth
                schedule: 1m
                sql: select 10 / d as value from flaky3
            """, time);
        var success = await harness.RunSuccessfullyAsync("kpi_fifth");
        Assert.Equal(TestClock.Now, success.StartedAt);

        await database.ExecuteAsync("update flaky3 set d = 0");
        time.Advance(TimeSpan.FromMinutes(3) - TimeSpan.FromSeconds(1));
        await harness.RunAsync("kpi_fifth");
        Assert.Equal(2.0, await harness.SampleAsync("kpi_fifth{source=\"app\"}"));
        Assert.Equal([2.0], harness.Board.Get("kpi_fifth@app").Values.Select(v => v.Value));
        time.Advance(TimeSpan.FromSeconds(1));
        await harness.RunAsync("kpi_fifth");

        Assert.Null(await harness.SampleAsync("kpi_fifth{"));
        Assert.Empty(harness.Board.Get("kpi_fifth@app").Values);
        Assert.Equal(TestClock.Now.ToUnixTimeSeconds(),
            await harness.SampleAsync("exporter_kpi_last_success_timestamp_seconds{kpi=\"kpi_fifth\",source=\"app\"}"));
    }

    [Fact]
    public async Task Run_UnreachableDatasource_FailsWithConnectionAndMarksDatasourceDown()
    {
        var port = ExporterProcess.FreePort();
        await using var harness = new KpiHarness($"""
            datasources:
              - name: down
                connection_string: "Host=127.0.0.1;Port={port};Username=kpi;Password=pw-never-logged;Timeout=2"
            kpis:
              - name: kpi_anything
                sql: select 1 as value
            """);

        var result = await harness.RunAsync("kpi_anything", "down");

        Assert.Equal(KpiFailureReasons.Connection, result.Failure?.Reason);
        Assert.Equal($"cannot reach the database: Failed to connect to 127.0.0.1:{port}", result.Failure!.Message);
        Assert.Equal(1.0, await harness.SampleAsync("exporter_kpi_errors_total{kpi=\"kpi_anything\",source=\"down\",reason=\"connection\"}"));
        Assert.Equal(0.0, await harness.SampleAsync("exporter_datasource_up{source=\"down\"}"));
    }

    [Fact]
    public async Task Run_QueuedBehindTheDatasourceGate_DurationCountsOnlyItsOwnQuery()
    {
        await using var harness = new KpiHarness($"""
            datasources:
              - name: app
                connection_string: "{database.ConnectionString}"
                max_concurrency: 1
            kpis:
              - name: kpi_slow_first
                sql: select 1 as value from pg_sleep(2)
              - name: kpi_quick_second
                sql: select 2 as value
            """);

        var slow = harness.RunAsync("kpi_slow_first");
        await Task.Delay(300);
        var quick = await harness.RunAsync("kpi_quick_second");

        // The quick KPI waited ~1.7s for the only query slot: its run starts when the slow one's ends.
        var first = await slow;
        Assert.True(first.Duration >= TimeSpan.FromSeconds(2));
        Assert.True(quick.Succeeded);
        Assert.True(quick.StartedAt >= first.StartedAt + first.Duration, $"queueing counted as query time: {quick.StartedAt:O} < {first.StartedAt + first.Duration:O}");
        Assert.True(quick.Duration < first.Duration, $"the quick query's duration includes its wait: {quick.Duration}");
    }

    [Fact]
    public async Task Run_CancelledByAnAdministrator_IsAQueryErrorNotATimeout()
    {
        await using var harness = KpiHarness.For(database, """
            kpis:
              - name: kpi_cancelled
                sql: select 1 as value from pg_sleep(30)
            """);

        var result = await RunWhileAnAdministratorCallsAsync(harness, "kpi_cancelled", "pg_cancel_backend");

        Assert.Equal(KpiFailureReasons.QueryError, result.Failure?.Reason);
        Assert.Equal("57014: canceling statement due to user request", result.Failure!.Message);
    }

    [Fact]
    public async Task Run_BackendTerminated_IsAConnectionFailure()
    {
        await using var harness = KpiHarness.For(database, """
            kpis:
              - name: kpi_terminated
                sql: select 1 as value from pg_sleep(30)
            """);

        var result = await RunWhileAnAdministratorCallsAsync(harness, "kpi_terminated", "pg_terminate_backend");

        Assert.Equal(KpiFailureReasons.Connection, result.Failure?.Reason);
        Assert.Equal("57P01: terminating connection due to administrator command", result.Failure!.Message);
        Assert.Equal(0.0, await harness.SampleAsync("exporter_datasource_up{source=\"app\"}"));
    }

    [Fact]
    public async Task Run_MinimumPoolSizeAboveTheGate_StillRuns()
    {
        await using var harness = new KpiHarness($"""
            datasources:
              - name: app
                connection_string: "{database.ConnectionString};Minimum Pool Size=5"
                max_concurrency: 1
            kpis:
              - name: kpi_pooled
                sql: select 1 as value
            """);

        Assert.True((await harness.RunAsync("kpi_pooled")).Succeeded);
    }

    [Fact]
    public async Task Run_DatabaseInAnotherTimeZone_QueriesRunInUtc()
    {
        await database.ExecuteAsync($"ALTER DATABASE {database.Name} SET timezone = 'America/New_York'");
        await using var harness = KpiHarness.For(database, """
            kpis:
              - name: kpi_day_hours
                sql: |
                  select current_setting('TimeZone') as tz,
                         extract(epoch from (timestamptz '2026-03-08 12:00:00+00' - (timestamptz '2026-03-08 12:00:00+00' - interval '1 day'))) / 3600 as value
            """);

        var series = await harness.SeriesAsync("kpi_day_hours");

        // New York switched to daylight time at 2026-03-08 02:00 local: a local "1 day" back from 08:00 EDT that day is 23 hours.
        Assert.Equal(new Dictionary<string, double> { ["kpi_day_hours{tz=UTC}"] = 24 }, series);
    }

    [Fact]
    public async Task Run_PackSettingsAndParameters_ReachTheSql()
    {
        // An override of a built-in keeps its labels and its pack's settings, passed as @parameters.
        await using var harness = KpiHarness.For(database, """
            packs: [revenue]
            pack_settings:
              revenue: { gross_margin: 0.7 }
            kpis:
              - name: kpi_ltv
                sql: "select 'x' as segment, 'EUR' as currency, @gross_margin::float8 as value"
            """);

        var series = await harness.SeriesAsync("kpi_ltv");

        Assert.Equal(new Dictionary<string, double> { ["kpi_ltv{currency=EUR,segment=x}"] = 0.7 }, series);
    }

    /// <summary>Runs a KPI while another session calls pg_cancel_backend or pg_terminate_backend on its query.</summary>
    private async Task<KpiResult> RunWhileAnAdministratorCallsAsync(KpiHarness harness, string kpi, string function)
    {
        var run = harness.RunAsync(kpi);
        var signalled = false;
        for (var attempt = 0; attempt < 100 && !signalled; attempt++)
        {
            await Task.Delay(100);
            signalled = await database.ScalarAsync<bool>($"""
                select coalesce(bool_or({function}(pid)), false) from pg_stat_activity
                where application_name = 'exporter' and query like '%pg_sleep(30)%' and state = 'active'
                """);
        }
        Assert.True(signalled, "the KPI's query never showed up in pg_stat_activity");
        return await run;
    }
}
