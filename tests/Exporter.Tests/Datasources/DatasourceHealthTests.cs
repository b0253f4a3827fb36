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
}
