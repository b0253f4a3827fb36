using Exporter.Configuration;
using Exporter.Kpis;
using Exporter.Tests.Infrastructure;

namespace Exporter.Tests.Kpis.Packs;

/// <summary>
/// Packs <c>revenue</c> and <c>sales</c>: default schedules and settings, and on an empty database every KPI
/// runs and publishes nothing (names and labels: <see cref="PackCatalogTests"/>), on each engine for the packs that
/// have its version (MySQL: <c>sales</c>; <c>revenue</c> has no MySQL version yet).
/// </summary>
/// <remarks>
/// The checks and their expectations are here; each engine's class runs them as theories over its own packs (xunit
/// finds an inherited theory's data on the base class, so the data cannot differ per engine there).
/// </remarks>
public abstract class RevenueSalesCatalogTests(IPackDatabase database, params string[] packs)
{
    private static readonly Dictionary<string, string> PackSchedules = new() { ["revenue"] = "5m", ["sales"] = "15m" };

    protected static TheoryData<string> KpisOf(params string[] packs) =>
        [.. packs.SelectMany(pack => PackCatalog.Load(pack, [])!.Kpis.Select(k => k.Name))];

    protected static TheoryData<string> PacksOf(params string[] packs) => [.. packs];

    protected KpiHarness Harness() => database.Harness(packs);

    protected async Task EveryKpiHasThePackScheduleAsync(string pack)
    {
        await using var harness = Harness();

        var kpis = harness.Definition.Kpis.Where(k => k.Pack == pack).ToArray();

        Assert.NotEmpty(kpis);
        Assert.All(kpis, kpi => Assert.Equal(PackSchedules[pack], kpi.Schedule.Text));
    }

    protected async Task EmptyDatabasePublishesNothingAsync(string kpi)
    {
        await database.FreezeAsync();
        await using var harness = Harness();

        var series = await harness.SeriesAsync(kpi);

        // No data: every ratio has an empty denominator, every sum or count an empty label set.
        Assert.Empty(series);
    }

    public sealed class OnPostgres(ReferenceSchemaDatabase database)
        : RevenueSalesCatalogTests(database, "revenue", "sales"), IClassFixture<ReferenceSchemaDatabase>
    {
        public static TheoryData<string> Packs() => PacksOf("revenue", "sales");

        public static TheoryData<string> Kpis() => KpisOf("revenue", "sales");

        [Theory]
        [MemberData(nameof(Packs))]
        public Task Load_Pack_EveryKpiHasThePackSchedule(string pack) => EveryKpiHasThePackScheduleAsync(pack);

        [Theory]
        [MemberData(nameof(Kpis))]
        public Task Run_EmptyDatabase_PublishesNothing(string kpi) => EmptyDatabasePublishesNothingAsync(kpi);

        // Loading only: the same on either engine.
        [Fact]
        public async Task Load_RevenuePack_DefaultsGrossMarginToPointEight()
        {
            await using var harness = Harness();

            Assert.Equal(0.8, harness.Target("kpi_ltv").Kpi.Parameters["gross_margin"]);
        }
    }

    public sealed class OnMySql(MySqlReferenceSchemaDatabase database)
        : RevenueSalesCatalogTests(database, "sales"), IClassFixture<MySqlReferenceSchemaDatabase>
    {
        public static TheoryData<string> Packs() => PacksOf("sales");

        public static TheoryData<string> Kpis() => KpisOf("sales");

        [Theory]
        [MemberData(nameof(Packs))]
        public Task Load_Pack_EveryKpiHasThePackSchedule(string pack) => EveryKpiHasThePackScheduleAsync(pack);

        [Theory]
        [MemberData(nameof(Kpis))]
        public Task Run_EmptyDatabase_PublishesNothing(string kpi) => EmptyDatabasePublishesNothingAsync(kpi);
    }
}
