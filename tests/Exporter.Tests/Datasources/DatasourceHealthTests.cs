using Exporter.Kpis;
using Exporter.Tests.Infrastructure;
using Npgsql;

namespace Exporter.Tests.Datasources;

/// <summary>A datasource that refuses the login is one failure of the datasource, not one error per KPI.</summary>
public sealed class DatasourceHealthTests(TestDatabase database) : IClassFixture<TestDatabase>
{
    [Fact]
    public async Task Run_WrongPassword_FirstKpiFailsAndTheOthersAreSkippedAndCounted()
    {
        var wrong = new NpgsqlConnectionStringBuilder(database.ConnectionString) { Password = "not-the-password" }.ConnectionString;
        await using var harness = new KpiHarness($"""
            datasources:
              - name: app
                connection_string: "{wrong}"
            kpis:
              - name: kpi_first
                sql: select 1 as value
              - name: kpi_second
                sql: select 2 as value
              - name: kpi_third
                sql: select 3 as value
            """);

        var first = await harness.RunAsync("kpi_first");
        var second = await harness.RunAsync("kpi_second");
        var third = await harness.RunAsync("kpi_third");

        Assert.Equal(KpiFailureReasons.Connection, first.Failure?.Reason);
        Assert.Equal("28P01: password authentication failed for user \"postgres\"", first.Failure!.Message);
        foreach (var skipped in new[] { second, third })
        {
            Assert.Equal(KpiFailureReasons.DatasourceDown, skipped.Failure?.Reason);
            Assert.Equal("skipped: datasource app is down (28P01: password authentication failed for user \"postgres\")", skipped.Failure!.Message);
        }
        Assert.Equal(0.0, await harness.SampleAsync("exporter_datasource_up{source=\"app\"}"));
        Assert.Equal(1.0, await harness.SampleAsync("exporter_kpi_errors_total{kpi=\"kpi_first\",source=\"app\",reason=\"connection\"}"));
        Assert.Null(await harness.SampleAsync("exporter_kpi_errors_total{kpi=\"kpi_second\""));
        Assert.Equal(1.0, await harness.SampleAsync("exporter_kpi_skipped_total{kpi=\"kpi_second\",source=\"app\",reason=\"datasource_down\"}"));
        Assert.Equal(0.0, await harness.SampleAsync("exporter_kpi_up{kpi=\"kpi_third\",source=\"app\"}"));
        Assert.Equal("datasource_down", harness.Board.Get("kpi_third@app").LastErrorReason);
    }

    [Fact]
    public async Task Run_KpiFailingThenSucceeding_OneWarningWhenItStartsFailingAndOneLineWhenItRecovers()
    {
        await database.ExecuteAsync("drop table if exists flaky");
        var logs = new CapturingLoggerProvider();
        await using var harness = KpiHarness.For(database, """
            kpis:
              - name: kpi_flaky
                sql: select count(*) as value from flaky
            """, logs: logs);

        for (var run = 0; run < 3; run++)
            Assert.Equal(KpiFailureReasons.QueryError, (await harness.RunAsync("kpi_flaky")).Failure?.Reason);
        await database.ExecuteAsync("create table flaky (n int)");
        for (var run = 0; run < 2; run++)
            Assert.True((await harness.RunAsync("kpi_flaky")).Succeeded);

        var lines = logs.Lines.Where(l => l.Contains("KPI kpi_flaky on app", StringComparison.Ordinal) && !l.StartsWith("Debug", StringComparison.Ordinal)).ToArray();
        Assert.Equal(2, lines.Length);
        Assert.StartsWith("Warning Exporter.Runs.KpiExecutor: KPI kpi_flaky on app failed (query_error): 42P01: relation \"flaky\" does not exist", lines[0], StringComparison.Ordinal);
        Assert.StartsWith("Information Exporter.Runs.KpiExecutor: KPI kpi_flaky on app succeeds again", lines[1], StringComparison.Ordinal);
        Assert.Equal(3.0, await harness.SampleAsync("exporter_kpi_errors_total{kpi=\"kpi_flaky\",source=\"app\",reason=\"query_error\"}"));
    }
}
