using System.Globalization;
using Exporter.Kpis;
using Exporter.Tests.Infrastructure;

namespace Exporter.Tests.Kpis;

/// <summary>
/// Hostile SQL and data against a real PostgreSQL: what the server refuses, how every number type maps, which
/// columns cannot be labels, and that nothing is ever written (checked in the database).
/// </summary>
public sealed class HostileSqlTests(TestDatabase database) : IClassFixture<TestDatabase>
{
    private KpiHarness Harness(string sql, string extra = "") => KpiHarness.For(database, $"""
        kpis:
          - name: kpi_hostile
            sql: "{sql}"
        {extra}
        """);

    private async Task CreatePwnTableAsync() =>
        await database.ExecuteAsync("create table if not exists pwn (note text); truncate pwn");

    [Theory]
    [InlineData("select 1 as value; insert into pwn(note) values ('x')")]
    [InlineData("select 1 as value; commit; insert into pwn(note) values ('x')")]
    [InlineData("select 1 as value; commit; create table pwn_created (n int)")]
    [InlineData("select 1 as value; rollback; set statement_timeout = 0; select pg_sleep(30)")]
    public async Task Run_SecondStatementPastTheConfigCheck_IsRefusedByTheServer(string sql)
    {
        await CreatePwnTableAsync();
        await using var harness = Harness("select 1 as value");

        var result = await harness.RunBypassingConfigAsync("kpi_hostile", kpi => kpi with { Sql = sql });

        Assert.Equal(KpiFailureReasons.Forbidden, result.Failure?.Reason);
        Assert.Equal("42601: cannot insert multiple commands into a prepared statement (a KPI is exactly one query)", result.Failure!.Message);
        Assert.Equal(0, await database.ScalarAsync<long>("select count(*) from pwn"));
        Assert.False(await database.ScalarAsync<bool>("select exists (select from pg_tables where tablename = 'pwn_created')"));
    }

    [Fact]
    public async Task Run_SecondStatementWithParameters_IsRefusedBeforeSending()
    {
        await CreatePwnTableAsync();
        await using var harness = Harness("select 1 as value");

        var result = await harness.RunBypassingConfigAsync("kpi_hostile", kpi => kpi with
        {
            Sql = "select @margin as value; commit; insert into pwn(note) values ('x')",
            Parameters = new Dictionary<string, object> { ["margin"] = 0.8 },
        });

        Assert.Equal(KpiFailureReasons.Forbidden, result.Failure?.Reason);
        Assert.Equal("the SQL holds more than one statement (a KPI is exactly one query)", result.Failure!.Message);
        Assert.Equal(0, await database.ScalarAsync<long>("select count(*) from pwn"));
    }

    [Theory]
    [InlineData("select repeat('9', 100)::numeric as value", "1E+100")]
    [InlineData("select 1e400::numeric as value", "Infinity")]
    [InlineData("select 'Infinity'::numeric as value", "Infinity")]
    [InlineData("select '-Infinity'::numeric as value", "-Infinity")]
    [InlineData("select -1e400::numeric as value", "-Infinity")]
    [InlineData("select ('0.' || repeat('0', 199) || '1')::numeric as value", "1E-200")]
    [InlineData("select ('1.' || repeat('0', 60) || '1')::numeric as value", "1")]
    [InlineData("select 12.5::numeric as value", "12.5")]
    [InlineData("select '12.34'::money as value", "12.34")]
    [InlineData("select '-5.50'::money as value", "-5.5")]
    [InlineData("select interval '1 month' as value", "2592000")]
    [InlineData("select interval '1 year 3 months 2 days 00:00:01.5' as value", "39052801.5")]
    [InlineData("select interval '-1 day' as value", "-86400")]
    [InlineData("select 'Infinity'::float8 as value", "Infinity")]
    [InlineData("select 9223372036854775807::int8 as value", "9.223372036854776E+18")]
    [InlineData("select 4294967295::oid as value", "4294967295")]
    public async Task Run_NumberTypes_MapToTheExpectedDouble(string sql, string expected)
    {
        await using var harness = Harness(sql);

        var series = await harness.SeriesAsync("kpi_hostile");

        Assert.Equal(double.Parse(expected, CultureInfo.InvariantCulture), Assert.Single(series).Value);
    }

    [Theory]
    [InlineData("select 'NaN'::numeric as value")]
    [InlineData("select 'NaN'::float8 as value")]
    [InlineData("select null::numeric as value")]
    public async Task Run_NaNOrNull_PublishesNoSeries(string sql)
    {
        await using var harness = Harness(sql);

        var result = await harness.RunSuccessfullyAsync("kpi_hostile");

        Assert.Empty(result.Series);
        Assert.Null(await harness.SampleAsync("kpi_hostile{"));
    }

    [Theory]
    [InlineData("select '\\\\x01'::bytea as payload, 1 as value", "label column 'payload' is of type bytea, which cannot be a label; cast it to text (payload::text) if you mean it")]
    [InlineData("select array[1, 2] as ids, 1 as value", "label column 'ids' is of type integer[], which cannot be a label; cast it to text (ids::text) if you mean it")]
    [InlineData("select '{}'::json as doc, 1 as value", "label column 'doc' is of type json, which cannot be a label; cast it to text (doc::text) if you mean it")]
    [InlineData("select '{}'::jsonb as doc, 1 as value", "label column 'doc' is of type jsonb, which cannot be a label; cast it to text (doc::text) if you mean it")]
    [InlineData("select row(1, 'x') as pair, 1 as value", "label column 'pair' is of type record, which cannot be a label; cast it to text (pair::text) if you mean it")]
    [InlineData("select 'x' as le, 1 as value", "column 'le' is a label name Prometheus reserves for histograms and summaries; give it another alias")]
    [InlineData("select 'x' as quantile, 1 as value", "column 'quantile' is a label name Prometheus reserves for histograms and summaries; give it another alias")]
    public async Task Run_ColumnThatCannotBeALabel_FailsWithInvalidLabels(string sql, string message)
    {
        await using var harness = Harness(sql);

        var result = await harness.RunAsync("kpi_hostile");

        Assert.Equal(KpiFailureReasons.InvalidLabels, result.Failure?.Reason);
        Assert.Equal(message, result.Failure!.Message);
    }

    [Theory]
    [InlineData("select '\\\\x01'::bytea as value", "bytea")]
    [InlineData("select array[1] as value", "integer[]")]
    [InlineData("select '{}'::jsonb as value", "jsonb")]
    [InlineData("select now() as value", "timestamp with time zone")]
    public async Task Run_ValueThatIsNotANumber_FailsWithInvalidValue(string sql, string type)
    {
        await using var harness = Harness(sql);

        var result = await harness.RunAsync("kpi_hostile");

        Assert.Equal(KpiFailureReasons.InvalidValue, result.Failure?.Reason);
        Assert.Equal($"value column 'value' is of type {type}, not a number", result.Failure!.Message);
    }

    [Fact]
    public async Task Run_MillionsOfRowsOverMaxSeries_KeepsMaxSeriesAndCountsTheRest()
    {
        await using var harness = Harness("select g::text as id, g as value from generate_series(1, 200000) g", "    max_series: 10");

        var result = await harness.RunSuccessfullyAsync("kpi_hostile");

        Assert.Equal(200_000, result.Rows);
        Assert.Equal(Enumerable.Range(1, 10).Select(i => (double)i), result.Series.Select(s => s.Value));
        Assert.Equal(199_990, result.Dropped);
        Assert.Equal(199_990.0, await harness.SampleAsync("exporter_kpi_series_dropped_total{kpi=\"kpi_hostile\",source=\"app\"}"));
    }

    [Fact]
    public async Task Run_TableLockedByDdl_FailsWithLockTimeoutQuickly()
    {
        await database.ExecuteAsync("create table if not exists locked (n int)");
        await using var harness = Harness("select count(*) as value from locked", "    lock_timeout: 200ms");
        await using var locker = new Npgsql.NpgsqlConnection(database.ConnectionString);
        await locker.OpenAsync();
        await using var transaction = await locker.BeginTransactionAsync();
        await using (var lockTable = new Npgsql.NpgsqlCommand("lock table locked in access exclusive mode", locker, transaction))
            await lockTable.ExecuteNonQueryAsync();

        var result = await harness.RunAsync("kpi_hostile");

        Assert.Equal(KpiFailureReasons.LockTimeout, result.Failure?.Reason);
        Assert.Equal("waited longer than 200ms for a lock another session holds on a table it reads (DDL, LOCK TABLE, VACUUM FULL)", result.Failure!.Message);
        Assert.True(result.Duration < TimeSpan.FromSeconds(5), $"gave up after the lock timeout, took {result.Duration}");
    }

    [Fact]
    public async Task Scrape_HostileHelpAndLabelValues_IsValidExposition()
    {
        await using var harness = KpiHarness.For(database, """
            kpis:
              - name: kpi_hostile
                help: |
                  Spans
                  several lines, with a C:\temp path and "quotes".
                sql: |
                  select label, 1 as value from (values
                    (e'new\nline'), ('quote " here'), (e'back\\slash'), ('emoji 🚀'), (repeat('x', 100000))) v(label)
            """);

        await harness.RunSuccessfullyAsync("kpi_hostile");
        var exposition = await harness.ScrapeAsync();

        Assert.Contains("# HELP kpi_hostile Spans several lines, with a C:\\\\temp path and \"quotes\". Refreshed every 1m by the exporter.\n", exposition, StringComparison.Ordinal);
        Assert.Contains("kpi_hostile{label=\"new\\nline\",source=\"app\"} 1\n", exposition, StringComparison.Ordinal);
        Assert.Contains("kpi_hostile{label=\"back\\\\slash\",source=\"app\"} 1\n", exposition, StringComparison.Ordinal);
        var (code, output) = await Promtool.CheckMetricsAsync(exposition);
        Assert.True(code == 0, output);
    }
}
