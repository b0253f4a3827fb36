using Exporter.Configuration;
using Exporter.Kpis;
using Exporter.Tests.Infrastructure;

namespace Exporter.Tests.Kpis.Packs;

/// <summary>
/// Every built-in pack against the contract of shared/spec/kpi-catalog.md: exactly the catalog's metrics,
/// each with exactly its labels (copied from the spec here, on purpose), a one-line help, and a run that
/// succeeds on an empty database.
/// </summary>
public sealed class PackCatalogTests(ReferenceSchemaDatabase database) : IClassFixture<ReferenceSchemaDatabase>
{
    private static readonly Dictionary<string, Dictionary<string, string[]>> Catalog = new(StringComparer.Ordinal)
    {
        ["revenue"] = new(StringComparer.Ordinal)
        {
            ["kpi_mrr"] = ["segment", "plan", "currency"],
            ["kpi_mrr_by_country"] = ["country", "currency"],
            ["kpi_mrr_by_channel"] = ["channel", "currency"],
            ["kpi_arr"] = ["segment", "currency"],
            ["kpi_paying_customers"] = ["segment"],
            ["kpi_arpu"] = ["segment", "currency"],
            ["kpi_mrr_movement"] = ["type", "segment", "currency", "window"],
            ["kpi_mrr_growth_ratio"] = ["currency", "window"],
            ["kpi_customer_churn_rate_ratio"] = ["segment", "window"],
            ["kpi_customer_churn_by_channel_ratio"] = ["channel", "window"],
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
        },
        ["sales"] = new(StringComparer.Ordinal)
        {
            ["kpi_visitor_to_trial_ratio"] = ["channel", "window"],
            ["kpi_leads_created"] = ["channel", "window"],
            ["kpi_lead_demo_conversion_ratio"] = ["segment", "window"],
            ["kpi_leads_lost"] = ["reason", "window"],
        },
        ["engagement"] = new(StringComparer.Ordinal)
        {
            ["kpi_active_users"] = ["window"],
            ["kpi_active_users_by_device"] = ["device", "window"],
            ["kpi_active_users_by_country"] = ["country", "window"],
            ["kpi_sessions_per_active_user"] = ["window"],
            ["kpi_feature_adoption_ratio"] = ["feature", "window"],
            ["kpi_signups"] = ["window"],
            ["kpi_activation_ratio"] = ["window"],
            ["kpi_time_to_activation_seconds"] = ["stat", "window"],
            ["kpi_user_retention_ratio"] = ["days"],
            ["kpi_user_cohort_retention_ratio"] = ["cohort", "month"],
        },
        ["learning"] = new(StringComparer.Ordinal)
        {
            ["kpi_enrollments"] = ["category", "window"],
            ["kpi_course_engagement_ratio"] = ["category", "window"],
            ["kpi_course_completion_ratio"] = ["category", "basis", "window"],
            ["kpi_certificates_issued"] = ["window"],
            ["kpi_quiz_score_mean_ratio"] = ["category", "window"],
            ["kpi_content_published"] = ["kind", "window"],
            ["kpi_content_freshness_ratio"] = ["window"],
            ["kpi_content_rating_mean"] = ["window"],
            ["kpi_content_social_actions"] = ["kind", "window"],
        },
        ["satisfaction"] = new(StringComparer.Ordinal)
        {
            ["kpi_nps"] = ["respondent", "window"],
            ["kpi_nps_by_segment"] = ["respondent", "segment", "window"],
            ["kpi_nps_responses"] = ["respondent", "window"],
            ["kpi_nps_by_age_band"] = ["age_band", "window"],
            ["kpi_nps_by_sector"] = ["respondent", "sector", "window"],
            ["kpi_nps_by_device"] = ["respondent", "device", "window"],
            ["kpi_csat_ratio"] = ["touchpoint", "window"],
        },
        ["support"] = new(StringComparer.Ordinal)
        {
            ["kpi_support_tickets_created"] = ["priority", "window"],
            ["kpi_support_open_tickets"] = ["priority"],
            ["kpi_support_first_response_seconds"] = ["stat", "window"],
            ["kpi_support_tickets_per_customer"] = ["trained", "window"],
        },
        ["marketplace"] = new(StringComparer.Ordinal)
        {
            ["kpi_marketplace_match_rate_ratio"] = ["side", "window"],
            ["kpi_marketplace_time_to_first_reply_seconds"] = ["side", "window"],
            ["kpi_marketplace_open_listings"] = ["side"],
            ["kpi_marketplace_liquidity_ratio"] = [],
            ["kpi_marketplace_gmv"] = ["currency", "window"],
            ["kpi_marketplace_leakage_ratio"] = ["window"],
        },
        ["technical"] = new(StringComparer.Ordinal)
        {
            ["kpi_http_requests"] = ["service", "window"],
            ["kpi_http_error_ratio"] = ["service", "window"],
            ["kpi_http_latency_seconds"] = ["service", "percentile", "window"],
            ["kpi_availability_ratio"] = ["service", "window"],
        },
    };

    public static TheoryData<string> Packs() => [.. Catalog.Keys];

    public static TheoryData<string, string> Kpis()
    {
        var data = new TheoryData<string, string>();
        foreach (var (pack, metrics) in Catalog)
            foreach (var kpi in metrics.Keys)
                data.Add(pack, kpi);
        return data;
    }

    [Fact]
    public void Packs_Shipped_AreExactlyTheCatalogPacks() =>
        Assert.Equal(Catalog.Keys.Order(StringComparer.Ordinal), PackCatalog.Names);

    [Theory]
    [MemberData(nameof(Packs))]
    public void Load_Pack_EveryKpiHasItsMySqlVersion(string pack) =>
        Assert.All(PackCatalog.Load(pack, [])!.Kpis, kpi => Assert.False(string.IsNullOrWhiteSpace(kpi.MySqlSql), $"{kpi.Name} has no sql_mysql"));

    [Theory]
    [MemberData(nameof(Packs))]
    public async Task Load_Pack_HasExactlyTheCatalogMetricsLabelsAndHelp(string pack)
    {
        await using var harness = KpiHarness.ForPacks(database, pack);

        var kpis = harness.Definition.Kpis.ToDictionary(k => k.Name, StringComparer.Ordinal);

        Assert.Equal(Catalog[pack].Keys.Order(StringComparer.Ordinal), kpis.Keys.Order(StringComparer.Ordinal));
        foreach (var (name, labels) in Catalog[pack])
        {
            Assert.Equal(labels, kpis[name].Labels);
            Assert.Equal(["value"], kpis[name].Values);
            Assert.False(string.IsNullOrWhiteSpace(kpis[name].Help), $"{name} has no help");
            Assert.DoesNotContain('\n', kpis[name].Help);
        }
    }

    [Theory]
    [MemberData(nameof(Kpis))]
    public async Task Run_EmptyDatabase_Succeeds(string pack, string kpi)
    {
        await using var harness = KpiHarness.ForPacks(database, pack);

        var result = await harness.RunAsync(kpi);

        Assert.True(result.Succeeded, $"{kpi}: {result.Failure?.Reason}: {result.Failure?.Message}");
    }
}
