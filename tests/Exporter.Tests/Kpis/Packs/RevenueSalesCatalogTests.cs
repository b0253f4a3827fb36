using Exporter.Configuration;
using Exporter.Kpis;
using Exporter.Tests.Infrastructure;

namespace Exporter.Tests.Kpis.Packs;

/// <summary>
/// Packs <c>revenue</c> and <c>sales</c>: default schedules and settings, and on an empty database every KPI
/// runs and publishes nothing (names and labels: <see cref="PackCatalogTests"/>).
/// </summary>
/// <remarks>
/// The facts run on PostgreSQL (<see cref="RevenueSalesCatalogTests.OnPostgres"/>) and on MySQL / MariaDB
/// (<see cref="RevenueSalesCatalogTests.OnMySql"/>).
/// </remarks>
#pragma warning disable CA1000 // xunit's MemberData reads the theory data from the closed generic type.
public abstract class RevenueSalesCatalogTests<TDatabase>(TDatabase database) where TDatabase : IPackDatabase
{
    private static readonly string[] Packs = ["revenue", "sales"];

    public static TheoryData<string> AllKpis() =>
        [.. Packs.SelectMany(pack => PackCatalog.Load(pack, [])!.Kpis.Select(k => k.Name))];

    public static TheoryData<string, string> Schedules()
    {
        var data = new TheoryData<string, string>();
        foreach (var (pack, schedule) in new[] { ("revenue", "5m"), ("sales", "15m") })
            data.Add(pack, schedule);
        return data;
    }

    private KpiHarness Harness() => database.Harness(Packs);

    [Theory]
    [MemberData(nameof(Schedules))]
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
        await database.FreezeAsync();
        await using var harness = Harness();

        var series = await harness.SeriesAsync(kpi);

        // No data: every ratio has an empty denominator, every sum or count an empty label set.
        Assert.Empty(series);
    }
}
#pragma warning restore CA1000

public static class RevenueSalesCatalogTests
{
    public sealed class OnPostgres(ReferenceSchemaDatabase database)
        : RevenueSalesCatalogTests<ReferenceSchemaDatabase>(database), IClassFixture<ReferenceSchemaDatabase>;

    public sealed class OnMySql(MySqlReferenceSchemaDatabase database)
        : RevenueSalesCatalogTests<MySqlReferenceSchemaDatabase>(database), IClassFixture<MySqlReferenceSchemaDatabase>;
}
