using Exporter.Configuration;
using Exporter.Kpis;
using Exporter.Model;
using Exporter.Tests.Infrastructure;

namespace Exporter.Tests.Kpis.Packs;

/// <summary>
/// Packs <c>revenue</c> and <c>sales</c>: default schedules and settings, and on an empty database every KPI
/// runs and publishes nothing (names and labels: <see cref="PackCatalogTests"/>).
/// </summary>
/// <remarks>
/// The facts run on PostgreSQL (<see cref="RevenueSalesCatalogTests.OnPostgres"/>) and on MySQL / MariaDB
/// (<see cref="RevenueSalesCatalogTests.OnMySql"/>), each with the packs that have a version for that engine
/// (<see cref="Packs"/>: on MySQL, those whose every KPI has <c>sql_mysql</c>).
/// </remarks>
#pragma warning disable CA1000 // xunit's MemberData reads the theory data from the closed generic type: one list per engine.
public abstract class RevenueSalesCatalogTests<TDatabase>(TDatabase database) where TDatabase : IPackDatabase
{
    private static DatabaseEngine Engine =>
        typeof(MySqlReferenceSchemaDatabase).IsAssignableFrom(typeof(TDatabase)) ? DatabaseEngine.MySql : DatabaseEngine.PostgreSql;

    /// <summary>The packs of this class with a version for the engine: every KPI has <c>sql_mysql</c> on MySQL.</summary>
    public static string[] Packs =>
        [.. new[] { "revenue", "sales" }.Where(pack =>
            Engine == DatabaseEngine.PostgreSql || PackCatalog.Load(pack, [])!.Kpis.All(k => k.MySqlSql is not null))];

    public static TheoryData<string> AllKpis() =>
        [.. Packs.SelectMany(pack => PackCatalog.Load(pack, [])!.Kpis.Select(k => k.Name))];

    public static TheoryData<string, string> Schedules()
    {
        var data = new TheoryData<string, string>();
        foreach (var (pack, schedule) in new[] { ("revenue", "5m"), ("sales", "15m") }.Where(p => Packs.Contains(p.Item1)))
            data.Add(pack, schedule);
        return data;
    }

    private KpiHarness Harness() => database.Harness(Packs);

    [Fact]
    public void Packs_OnThisEngine_IncludeRevenue() => Assert.Contains("revenue", Packs);

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
