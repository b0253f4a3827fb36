using Exporter.Configuration;
using Exporter.Kpis;
using Exporter.Tests.Infrastructure;

namespace Exporter.Tests.Kpis.Packs;

/// <summary>
/// Packs <c>revenue</c> and <c>sales</c>: default schedules and settings, and on an empty database every KPI
/// runs and publishes nothing (names and labels: <see cref="PackCatalogTests"/>).
/// </summary>
public sealed class RevenueSalesCatalogTests(ReferenceSchemaDatabase database) : IClassFixture<ReferenceSchemaDatabase>
{
    public static TheoryData<string> AllKpis() =>
        [.. new[] { "revenue", "sales" }.SelectMany(pack => PackCatalog.Load(pack, [])!.Kpis.Select(k => k.Name))];

    private KpiHarness Harness() => KpiHarness.ForPacks(database, "revenue", "sales");

    [Theory]
    [InlineData("revenue", "5m")]
    [InlineData("sales", "15m")]
    public async Task Load_Pack_EveryKpiHasThePackSchedule(string pack, string schedule)
    {
        await using var harness = Harness();

        var kpis = harness.Definition.Kpis.Where(k => k.Pack == pack).ToArray();

        Assert.NotEmpty(kpis);
        Assert.All(kpis, kpi => Assert.Equal(schedule, kpi.Schedule.Text));
    }

    [Fact]
    public async Task Load_RevenuePack_DefaultsGrossMarginToPointEight()
    {
        await using var harness = Harness();

        Assert.Equal(0.8, harness.Target("kpi_ltv").Kpi.Parameters["gross_margin"]);
    }

    [Theory]
    [MemberData(nameof(AllKpis))]
    public async Task Run_EmptyDatabase_PublishesNothing(string kpi)
    {
        await TestClock.FreezeAsync(database);
        await using var harness = Harness();

        var series = await harness.SeriesAsync(kpi);

        // No data: every ratio has an empty denominator, every sum or count an empty label set.
        Assert.Empty(series);
    }
}
