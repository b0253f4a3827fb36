using Exporter.Kpis;
using Exporter.Tests.Infrastructure;

namespace Exporter.Tests.Kpis;

/// <summary>Row -> series mapping rules, against real query results.</summary>
public sealed class KpiRowMapperTests(TestDatabase database) : IClassFixture<TestDatabase>
{
    private KpiHarness Harness(string kpis) => KpiHarness.For(database, kpis);

    [Fact]
    public async Task Run_OtherColumns_BecomeLabelsPlusSource()
    {
        await using var harness = Harness("""
            kpis:
              - name: kpi_things
                help: Things by colour and size.
                sql: "select * from (values ('red', 's', 3), ('blue', 'l', 5)) t(colour, size, value)"
            """);

        var result = await harness.RunSuccessfullyAsync("kpi_things");

        Assert.Equal(2, result.Rows);
        var red = Assert.Single(result.Series, s => s.LabelValues[0] == "red");
        Assert.Equal(["colour", "size", "source"], red.LabelNames);
        Assert.Equal(["red", "s", "app"], red.LabelValues);
        Assert.Equal(3.0, red.Value);
        Assert.Equal(5.0, await harness.SampleAsync("kpi_things{colour=\"blue\",size=\"l\",source=\"app\"}"));
    }

    [Fact]
    public async Task Run_NullAndEmptyLabels_BecomeUnknown()
    {
        await using var harness = Harness("""
            kpis:
              - name: kpi_by_country
                sql: "select * from (values (null::text, 'x', 1), ('FR', '', 2), ('DE', '  ', 3), ('IT', E'\\t', 4)) t(country, city, value)"
            """);

        var series = await harness.SeriesAsync("kpi_by_country");

        Assert.Equal(new Dictionary<string, double>
        {
            ["kpi_by_country{city=x,country=unknown}"] = 1,
            ["kpi_by_country{city=unknown,country=FR}"] = 2,
            ["kpi_by_country{city=unknown,country=DE}"] = 3,
            ["kpi_by_country{city=\t,country=IT}"] = 4, // blank means spaces only, as SQL's btrim() sees it
        }, series);
    }

    [Fact]
    public async Task Run_NullValue_SkipsThatSeriesOnly()
    {
        await using var harness = Harness("""
            kpis:
              - name: kpi_ratio
                sql: "select * from (values ('a', 0.5), ('b', null)) t(segment, value)"
            """);

        var series = await harness.SeriesAsync("kpi_ratio");

        Assert.Equal(new Dictionary<string, double> { ["kpi_ratio{segment=a}"] = 0.5 }, series);
    }

    [Fact]
    public async Task Run_DuplicateLabelRows_FailsWithDuplicateLabels()
    {
        await using var harness = Harness("""
            kpis:
              - name: kpi_dupes
                sql: "select * from (values ('a', 1), ('a', 2)) t(segment, value)"
            """);

        var result = await harness.RunAsync("kpi_dupes");

        Assert.Equal(KpiFailureReasons.DuplicateLabels, result.Failure?.Reason);
        Assert.Equal("two rows have the same labels (segment=\"a\", source=\"app\"); group by every label column", result.Failure!.Message);
        Assert.Null(await harness.SampleAsync("kpi_dupes{"));
        Assert.Equal(1.0, await harness.SampleAsync("exporter_kpi_errors_total{kpi=\"kpi_dupes\",source=\"app\",reason=\"duplicate_labels\"}"));
    }

    [Fact]
    public async Task Run_MoreThanMaxSeries_KeepsFirstNAndCountsDropped()
    {
        await using var harness = Harness("""
            kpis:
              - name: kpi_many
                max_series: 3
                sql: "select n::text as n, n as value from generate_series(1, 5) n order by n"
            """);

        var result = await harness.RunSuccessfullyAsync("kpi_many");

        Assert.Equal(["1", "2", "3"], result.Series.Select(s => s.LabelValues[0]));
        Assert.Equal(2, result.Dropped);
        Assert.Equal(2.0, await harness.SampleAsync("exporter_kpi_series_dropped_total{kpi=\"kpi_many\",source=\"app\"}"));
        Assert.Equal(3.0, await harness.SampleAsync("exporter_kpi_series{kpi=\"kpi_many\",source=\"app\"}"));
    }

    [Fact]
    public async Task Run_SeveralValueColumns_PublishOneGaugeEach()
    {
        await using var harness = Harness("""
            kpis:
              - name: kpi_orders
                labels: [region]
                values: [count, amount]
                sql: "select 'eu' as region, 4 as count, 12.5::numeric as amount, 'ignored' as note"
            """);

        var series = await harness.SeriesAsync("kpi_orders");

        Assert.Equal(new Dictionary<string, double>
        {
            ["kpi_orders_count{region=eu}"] = 4,
            ["kpi_orders_amount{region=eu}"] = 12.5,
        }, series);
    }

    [Fact]
    public async Task Run_ValueColumnMissing_FailsWithMissingColumn()
    {
        await using var harness = Harness("""
            kpis:
              - name: kpi_nameless
                sql: "select 1 as total"
            """);

        var result = await harness.RunAsync("kpi_nameless");

        Assert.Equal(KpiFailureReasons.MissingColumn, result.Failure?.Reason);
        Assert.Equal("value column 'value' is not in the result (columns: total)", result.Failure!.Message);
    }

    [Theory]
    [InlineData("select 'a' || 'b', 1 as value", "column '?column?' is not a valid label name; give it an alias (... as name)")]
    [InlineData("select 'x' as source, 1 as value", "a column named 'source' clashes with the label the exporter adds (the datasource name); rename it")]
    [InlineData("select 'x' as k, 'y' as k, 1 as value", "two columns are named 'k'")]
    public async Task Run_ColumnsThatCannotBeLabels_FailWithInvalidLabels(string sql, string message)
    {
        await using var harness = Harness($"""
            kpis:
              - name: kpi_odd_columns
                sql: "{sql}"
            """);

        var result = await harness.RunAsync("kpi_odd_columns");

        Assert.Equal(KpiFailureReasons.InvalidLabels, result.Failure?.Reason);
        Assert.Equal(message, result.Failure!.Message);
        Assert.Equal(0.0, await harness.SampleAsync("exporter_kpi_up{kpi=\"kpi_odd_columns\",source=\"app\"}"));
    }

    [Fact]
    public async Task Run_TextValue_FailsWithInvalidValue()
    {
        await using var harness = Harness("""
            kpis:
              - name: kpi_text
                sql: "select 'many' as value"
            """);

        var result = await harness.RunAsync("kpi_text");

        Assert.Equal(KpiFailureReasons.InvalidValue, result.Failure?.Reason);
        Assert.Equal("value column 'value' is of type text, not a number", result.Failure!.Message);
        Assert.Null(await harness.SampleAsync("kpi_text{"));
    }

    [Fact]
    public async Task Run_IntervalAndBooleanValues_AreSecondsAndOneZero()
    {
        await using var harness = Harness("""
            kpis:
              - name: kpi_wait
                values: [wait, ok]
                sql: "select interval '1 minute 30 seconds' as wait, true as ok"
            """);

        var series = await harness.SeriesAsync("kpi_wait");

        Assert.Equal(new Dictionary<string, double> { ["kpi_wait_wait{}"] = 90, ["kpi_wait_ok{}"] = 1 }, series);
    }
}
