using Exporter.Tests.Infrastructure;

namespace Exporter.Tests.Kpis.Packs;

/// <summary>
/// Packs <c>revenue</c> and <c>sales</c> against the contract of shared/spec/kpi-catalog.md: every metric of the two
/// tables with exactly its labels (copied from the spec here, on purpose), one-line help, default schedules and
/// settings; and on an empty database every KPI runs and publishes nothing.
/// </summary>
public sealed class RevenueSalesCatalogTests(ReferenceSchemaDatabase database) : IClassFixture<ReferenceSchemaDatabase>
{
    private static readonly Dictionary<string, string[]> Revenue = new(StringComparer.Ordinal)
    {
        ["kpi_mrr"] = ["segment", "plan", "currency"],
        ["kpi_arr"] = ["segment", "currency"],
        ["kpi_paying_customers"] = ["segment"],
        ["kpi_arpu"] = ["segment", "currency"],
        ["kpi_mrr_movement"] = ["type", "segment", "currency", "window"],
        ["kpi_mrr_growth_ratio"] = ["currency", "window"],
        ["kpi_customer_churn_rate_ratio"] = ["segment", "window"],
        ["kpi_gross_mrr_churn_rate_ratio"] = ["currency", "window"],
        ["kpi_net_revenue_retention_ratio"] = ["currency", "window"],
        ["kpi_gross_revenue_retention_ratio"] = ["currency", "window"],
        ["kpi_customer_retention_ratio"] = ["segment", "days"],
        ["kpi_ltv"] = ["segment", "currency"],
        ["kpi_cac"] = ["channel", "currency", "window"],
        ["kpi_trial_conversion_ratio"] = ["window"],
        ["kpi_renewal_rate_ratio"] = ["window"],
        ["kpi_revenue_billed"] = ["currency", "window"],
        ["kpi_sales_growth_ratio"] = ["currency", "window"],
        ["kpi_dso_seconds"] = ["currency"],
        ["kpi_overdue_receivables_ratio"] = ["currency", "window"],
    };

    private static readonly Dictionary<string, string[]> Sales = new(StringComparer.Ordinal)
    {
        ["kpi_visitor_to_trial_ratio"] = ["channel", "window"],
        ["kpi_leads_created"] = ["channel", "window"],
        ["kpi_lead_demo_conversion_ratio"] = ["segment", "window"],
        ["kpi_leads_lost"] = ["reason", "window"],
    };

    public static TheoryData<string> AllKpis() => [.. Revenue.Keys.Concat(Sales.Keys)];

    private KpiHarness Harness() => KpiHarness.ForPacks(database, "revenue", "sales");

    [Theory]
    [InlineData("revenue", "5m")]
    [InlineData("sales", "15m")]
    public async Task Load_Pack_HasExactlyTheCatalogMetricsAndLabels(string pack, string schedule)
    {
        var expected = pack == "revenue" ? Revenue : Sales;
        await using var harness = Harness();

        var kpis = harness.Definition.Kpis.Where(k => k.Pack == pack).ToArray();

        Assert.Equal(expected.Keys.Order(StringComparer.Ordinal), kpis.Select(k => k.Name).Order(StringComparer.Ordinal));
        foreach (var kpi in kpis)
        {
            Assert.Equal(expected[kpi.Name], kpi.Labels);
            Assert.Equal(["value"], kpi.Values);
            Assert.Equal(schedule, kpi.Schedule.Text);
            Assert.False(string.IsNullOrWhiteSpace(kpi.Help), $"{kpi.Name} has no help");
            Assert.DoesNotContain('\n', kpi.Help);
        }
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
        await PackTestClock.FreezeAsync(database);
        await using var harness = Harness();

        var series = await harness.SeriesAsync(kpi);

        // No data: every ratio has an empty denominator, every sum or count an empty label set.
        Assert.Empty(series);
    }
}
