using Exporter.Tests.Infrastructure;

namespace Exporter.Tests.Kpis.Packs;

/// <summary>
/// Pack <c>revenue</c>, subscription-book metrics (MRR, ARR, paying customers, ARPU, movements, growth, churn,
/// NRR/GRR, LTV, renewal) against one hand-built book of subscriptions; every expected value is computed by hand.
/// </summary>
/// <remarks>The facts run on PostgreSQL (<c>sql</c>) and on MySQL / MariaDB (<c>sql_mysql</c>) with the same rows
/// (<see cref="RevenuePackTests.Rows"/>) and the same expected values: <see cref="RevenuePackTests.OnPostgres"/>, <see cref="RevenuePackTests.OnMySql"/>.</remarks>
public abstract class RevenuePackTests<TDatabase>(TDatabase book) where TDatabase : IPackDatabase
{
    private KpiHarness Harness() => book.Harness("revenue");

    /// <summary>A harness with the datasource <c>app</c> on the book (its engine) and the given YAML after it.</summary>
    private KpiHarness HarnessWith(string rest) => book switch
    {
        TestDatabase postgres => KpiHarness.For(postgres, rest),
        MySqlReferenceSchemaDatabase mysql => new KpiHarness($"""
            datasources:
              - name: app
                engine: mysql
                connection_string: "{mysql.ReaderConnectionString}"
            {rest}
            """),
        _ => throw new NotSupportedException(book.GetType().Name),
    };

    [Fact]
    public async Task Mrr_Book_SumsActiveSubscriptionsBySegmentPlanCurrency()
    {
        await using var harness = Harness();

        var series = await harness.SeriesAsync("kpi_mrr");

        Assert.Equal(new Dictionary<string, double>
        {
            ["kpi_mrr{currency=EUR,plan=pro,segment=enterprise}"] = 300.0,   // C1 100 + C2 100 + C3 100
            ["kpi_mrr{currency=EUR,plan=addon,segment=enterprise}"] = 25.0,  // C2's second, concurrent subscription
            ["kpi_mrr{currency=EUR,plan=basic,segment=enterprise}"] = 0.0,   // C3 upgraded away from basic
            ["kpi_mrr{currency=EUR,plan=basic,segment=individual}"] = 70.0,  // C5 20 + C8 40 + C11 10 (C12 ended at now)
            ["kpi_mrr{currency=EUR,plan=pro,segment=individual}"] = 0.0,     // C8 downgraded
            ["kpi_mrr{currency=EUR,plan=plus,segment=individual}"] = 25.0,   // C10
            ["kpi_mrr{currency=USD,plan=basic,segment=individual}"] = 30.0,  // C14
            ["kpi_mrr{currency=EUR,plan=free,segment=partner}"] = 0.0,       // C7's free plan, ended
            ["kpi_mrr{currency=EUR,plan=basic,segment=partner}"] = 30.0,     // C7
            ["kpi_mrr{currency=EUR,plan=basic,segment=smb}"] = 0.0,          // C13, ended in 2025
            ["kpi_mrr{currency=GBP,plan=annual,segment=unknown}"] = 100.0,   // C6: 1200.00 a year is 100.00 a month; C15 '' adds 0
        }, series);
    }

    [Fact]
    public async Task Arr_Book_IsTwelveTimesMrrBySegmentCurrency()
    {
        await using var harness = Harness();

        var series = await harness.SeriesAsync("kpi_arr");

        Assert.Equal(new Dictionary<string, double>
        {
            ["kpi_arr{currency=EUR,segment=enterprise}"] = 3900.0, // 12 x 325.00
            ["kpi_arr{currency=EUR,segment=individual}"] = 1140.0, // 12 x (70.00 + 25.00)
            ["kpi_arr{currency=USD,segment=individual}"] = 360.0,  // 12 x 30.00
            ["kpi_arr{currency=EUR,segment=partner}"] = 360.0,     // 12 x 30.00
            ["kpi_arr{currency=EUR,segment=smb}"] = 0.0,
            ["kpi_arr{currency=GBP,segment=unknown}"] = 1200.0,    // 12 x 100.00: the annual plan's yearly amount
        }, series);
    }

    [Fact]
    public async Task PayingCustomers_Book_CountsCustomersWithPositiveMrrNow()
    {
        await using var harness = Harness();

        var series = await harness.SeriesAsync("kpi_paying_customers");

        Assert.Equal(new Dictionary<string, double>
        {
            ["kpi_paying_customers{segment=enterprise}"] = 3, // C1, C2 (two subscriptions, one customer), C3
            ["kpi_paying_customers{segment=individual}"] = 5, // C5, C8, C10, C11, C14 (not C4, C12)
            ["kpi_paying_customers{segment=partner}"] = 1,    // C7
            ["kpi_paying_customers{segment=smb}"] = 0,        // C13 churned long ago: known segment, 0
            ["kpi_paying_customers{segment=unknown}"] = 1,    // C6 (C15 not paying)
        }, series);
    }

    [Fact]
    public async Task Arpu_Book_DividesMrrByPayingCustomersPerSegmentCurrency()
    {
        await using var harness = Harness();

        var series = await harness.SeriesAsync("kpi_arpu");

        Assert.Equal(new Dictionary<string, double>
        {
            ["kpi_arpu{currency=EUR,segment=enterprise}"] = 32500.0 / 300, // 325.00 / 3
            ["kpi_arpu{currency=EUR,segment=individual}"] = 23.75,         // 95.00 / 4 (C5, C8, C10, C11)
            ["kpi_arpu{currency=USD,segment=individual}"] = 30.0,          // 30.00 / 1 (C14)
            ["kpi_arpu{currency=EUR,segment=partner}"] = 30.0,
            ["kpi_arpu{currency=GBP,segment=unknown}"] = 100.0,
            // smb: no paying customer, empty denominator -> no series
        }, series);
    }

    [Fact]
    public async Task MrrMovement_Book_ClassifiesEachCustomerAndPublishesAllTypes()
    {
        await using var harness = Harness();

        var series = await harness.SeriesAsync("kpi_mrr_movement");

        var expected = new Dictionary<string, double>();
        void Pair(string segment, string currency, double @new = 0, double reactivation = 0, double expansion = 0,
            double contraction = 0, double churn = 0)
        {
            foreach (var (type, value) in new[] { ("new", @new), ("reactivation", reactivation), ("expansion", expansion),
                         ("contraction", contraction), ("churn", churn) })
                expected[$"kpi_mrr_movement{{currency={currency},segment={segment},type={type},window=30d}}"] = value;
        }
        Pair("enterprise", "EUR", expansion: 50.0);               // C3 upgrade 50 -> 100; C1, C2 unchanged
        Pair("individual", "EUR", reactivation: 20.0,             // C5: paid before the window, 0 at now-30d
            expansion: 5.0,                                       // C10: 20 at now-30d, churned and came back at 25
            contraction: 60.0,                                    // C8: 100 -> 40
            churn: 35.0);                                         // C4 20 + C12 15 (ended exactly at now)
        Pair("individual", "USD");                                // C14 unchanged: all five types at 0
        Pair("partner", "EUR", @new: 30.0);                       // C7: the earlier free plan does not make it a reactivation
        Pair("smb", "EUR");                                       // C13: nothing in the window
        Pair("unknown", "GBP", @new: 100.0);                      // C6 annual plan, at its monthly 100.00
        Assert.Equal(expected, series);
    }

    [Fact]
    public async Task MrrGrowthRatio_Book_ComparesCurrencyMrrWithThirtyDaysAgo()
    {
        await using var harness = Harness();

        var series = await harness.SeriesAsync("kpi_mrr_growth_ratio");

        Assert.Equal(new Dictionary<string, double>
        {
            ["kpi_mrr_growth_ratio{currency=EUR,window=30d}"] = 1000.0 / 44000, // (45000 - 44000) / 44000
            ["kpi_mrr_growth_ratio{currency=USD,window=30d}"] = 0.0,            // (3000 - 3000) / 3000
            // GBP: MRR 30 days ago was 0 -> no series
        }, series);
    }

    [Fact]
    public async Task CustomerChurnRateRatio_Book_SharesOfSegmentCustomersPayingThirtyDaysAgo()
    {
        await using var harness = Harness();

        var series = await harness.SeriesAsync("kpi_customer_churn_rate_ratio");

        Assert.Equal(new Dictionary<string, double>
        {
            ["kpi_customer_churn_rate_ratio{segment=enterprise,window=30d}"] = 0.0,     // C1, C2, C3 all still paying
            ["kpi_customer_churn_rate_ratio{segment=individual,window=30d}"] = 2.0 / 6, // C4, C12 of C4, C8, C10, C11, C12, C14
            // partner (C7 was on a free plan), unknown (C6 new), smb: nobody paying 30 days ago -> no series
        }, series);
    }

    [Fact]
    public async Task GrossMrrChurnRateRatio_Book_DividesChurnAndContractionByStartingMrr()
    {
        await using var harness = Harness();

        var series = await harness.SeriesAsync("kpi_gross_mrr_churn_rate_ratio");

        Assert.Equal(new Dictionary<string, double>
        {
            ["kpi_gross_mrr_churn_rate_ratio{currency=EUR,window=30d}"] = 9500.0 / 44000, // (churn 3500 + contraction 6000) / 44000
            ["kpi_gross_mrr_churn_rate_ratio{currency=USD,window=30d}"] = 0.0,            // 0 / 3000
            // GBP: no MRR 30 days ago -> no series
        }, series);
    }

    [Fact]
    public async Task NetRevenueRetentionRatio_Book_FollowsTheCohortPayingAYearAgo()
    {
        await using var harness = Harness();

        var series = await harness.SeriesAsync("kpi_net_revenue_retention_ratio");

        // Cohort paying at 2025-06-15 12:00: C1 10000, C2 10000 (its addon came later), C4 2000, C8 10000 = 32000;
        // their MRR now: 10000 + 12500 + 0 + 4000 = 26500. C3, C5, C10, C12, C14 started later: not in the cohort.
        Assert.Equal(new Dictionary<string, double>
        {
            ["kpi_net_revenue_retention_ratio{currency=EUR,window=365d}"] = 0.828125, // 26500 / 32000
            // USD, GBP: nobody paying a year ago -> no series
        }, series);
    }

    [Fact]
    public async Task GrossRevenueRetentionRatio_Book_CapsEachCustomerAtItsStartingMrr()
    {
        await using var harness = Harness();

        var series = await harness.SeriesAsync("kpi_gross_revenue_retention_ratio");

        // Same cohort: min(now, then) = C1 10000 + C2 10000 (expansion not counted) + C4 0 + C8 4000 = 24000.
        Assert.Equal(new Dictionary<string, double>
        {
            ["kpi_gross_revenue_retention_ratio{currency=EUR,window=365d}"] = 0.75, // 24000 / 32000
        }, series);
    }

    [Fact]
    public async Task Ltv_DefaultGrossMargin_IsArpuTimesMarginOverSegmentChurn()
    {
        await using var harness = Harness();

        var series = await harness.SeriesAsync("kpi_ltv");

        // individual: churn rate 2/6 (all currencies); ARPU EUR 23.75, USD 30.00; margin 0.8 (the default).
        // enterprise: churn rate 0 -> no series; partner, unknown: no churn rate (nobody paying 30 days ago); smb: no ARPU.
        Assert.Equal(new Dictionary<string, double>
        {
            ["kpi_ltv{currency=EUR,segment=individual}"] = 23.75 * 0.8 / (2.0 / 6), // 57.00
            ["kpi_ltv{currency=USD,segment=individual}"] = 30.0 * 0.8 / (2.0 / 6),  // 72.00
        }, series);
    }

    [Fact]
    public async Task Ltv_GrossMarginInPackSettings_OverridesTheDefault()
    {
        await using var harness = HarnessWith("""
            packs: [revenue]
            pack_settings:
              revenue: { gross_margin: 0.7 }
            """);

        var series = await harness.SeriesAsync("kpi_ltv");

        Assert.Equal(0.7, harness.Target("kpi_ltv").Kpi.Parameters["gross_margin"]);
        Assert.Equal(new Dictionary<string, double>
        {
            ["kpi_ltv{currency=EUR,segment=individual}"] = 23.75 * 0.7 / (2.0 / 6), // 49.875
            ["kpi_ltv{currency=USD,segment=individual}"] = 30.0 * 0.7 / (2.0 / 6),  // 63.00
        }, series);
    }

    [Fact]
    public async Task RenewalRateRatio_Book_SharesOfCustomersWhoseTermEndedThatStillPay()
    {
        await using var harness = Harness();

        var series = await harness.SeriesAsync("kpi_renewal_rate_ratio");

        // term_end_at in [2026-03-17 12:00, now): C1 (2026-04-01, paying), C4 (2026-05-01, churned),
        // C8 (2026-05-31, paying after its downgrade), C12 (exactly now-90d: included; not paying now).
        // C3's term ends exactly at now (excluded), C6's in 2027 (excluded).
        Assert.Equal(new Dictionary<string, double>
        {
            ["kpi_renewal_rate_ratio{window=90d}"] = 0.5, // 2 / 4
        }, series);
    }
}

public static class RevenuePackTests
{
    /// <summary>
    /// now = 2026-06-15 12:00Z, so now-30d = 2026-05-16 12:00Z, now-90d = 2026-03-17 12:00Z, now-365d = 2025-06-15 12:00Z.
    /// MRR_c (cents) at now-365d / now-30d / now, and what each customer demonstrates:
    /// <code>
    /// C1  enterprise EUR  pro 100.00 since 2025-01-01 (term ends 2026-04-01);
    ///                     addon 99.00 from 2026-07-01 (future: ignored)           10000 / 10000 / 10000
    /// C2  enterprise EUR  two concurrent: pro 100.00 since 2025-03-01
    ///                     + addon 25.00 since 2026-01-10                            10000 / 12500 / 12500
    /// C3  enterprise EUR  upgrade: basic 50.00 2025-12-01..2026-06-01 (term ends at now)
    ///                     then pro 100.00 since 2026-06-01                              0 /  5000 / 10000  expansion 5000
    /// C4  individual EUR  basic 20.00 2025-02-01..2026-06-01 (term ends 2026-05-01)  2000 /  2000 /     0  churn 2000
    /// C5  individual EUR  basic 20.00 2025-09-01..2026-03-01, again since 2026-06-05    0 /     0 /  2000  reactivation 2000
    /// C6  NULL segment GBP annual plan (1200.00 a year, mrr 100.00) since 2026-05-20
    ///                     (term ends 2027-05-20)                                        0 /     0 / 10000  new 10000
    /// C7  partner    EUR  free (0) 2026-01-01..2026-05-25, then basic 30.00           0 /     0 /  3000  new 3000 (free is not paid)
    /// C8  individual EUR  downgrade: pro 100.00 2025-05-01..2026-05-31 (term ends then),
    ///                     then basic 40.00                                          10000 / 10000 /  4000  contraction 6000
    /// C9  government EUR  pro 500.00 from 2026-07-01 (future): no 'government' series anywhere
    /// C10 individual EUR  basic 20.00 2025-10-01..2026-05-20 (churned inside the window),
    ///                     plus 25.00 since 2026-06-10 (back inside the same window)     0 /  2000 /  2500  expansion 500
    /// C11 individual EUR  basic 10.00 since 2026-05-16 12:00 = now-30d (active then)    0 /  1000 /  1000  none
    /// C12 individual EUR  basic 15.00 2025-08-01..now (ended_at = now: not active now;
    ///                     term ends at now-90d)                                         0 /  1500 /     0  churn 1500
    /// C13 smb        EUR  basic 10.00 2025-01-01..2025-03-01                            0 /     0 /     0  known pair, all zeros
    /// C14 individual USD  basic 30.00 since 2025-11-01                                  0 /  3000 /  3000  none
    /// C15 ''         GBP  annual 50.00 2024-01-01..2024-06-01: '' and NULL are one 'unknown' group
    /// </code>
    /// Totals: EUR MRR now-30d 44000 (C1 10000 + C2 12500 + C3 5000 + C4 2000 + C8 10000 + C10 2000 + C11 1000
    /// + C12 1500), now 45000 (C1 10000 + C2 12500 + C3 10000 + C5 2000 + C7 3000 + C8 4000 + C10 2500 + C11 1000)
    /// = 44000 + new 3000 + reactivation 2000 + expansion 5500 - contraction 6000 - churn 3500.
    /// </summary>
    public const string Rows = """
        INSERT INTO customers (id, name, segment, acquisition_channel, created_at) VALUES
            (1, 'C1', 'enterprise', 'sea', '2024-12-01+00'),
            (2, 'C2', 'enterprise', 'referral', '2025-02-01+00'),
            (3, 'C3', 'enterprise', 'sea', '2025-11-01+00'),
            (4, 'C4', 'individual', 'organic', '2025-01-15+00'),
            (5, 'C5', 'individual', NULL, '2025-08-15+00'),
            (6, 'C6', NULL, 'sea', '2026-05-01+00'),
            (7, 'C7', 'partner', 'webinar', '2025-12-20+00'),
            (8, 'C8', 'individual', 'sea', '2025-04-20+00'),
            (9, 'C9', 'government', 'sea', '2026-06-01+00'),
            (10, 'C10', 'individual', 'sea', '2025-09-20+00'),
            (11, 'C11', 'individual', 'sea', '2026-05-01+00'),
            (12, 'C12', 'individual', 'sea', '2025-07-20+00'),
            (13, 'C13', 'smb', 'sea', '2024-12-20+00'),
            (14, 'C14', 'individual', 'sea', '2025-10-20+00'),
            (15, 'C15', '', 'sea', '2023-12-20+00');
        INSERT INTO subscriptions (id, customer_id, plan, currency, mrr_cents, started_at, ended_at, term_end_at) VALUES
            (1, 1, 'pro', 'EUR', 10000, '2025-01-01+00', NULL, '2026-04-01+00'),
            (2, 2, 'pro', 'EUR', 10000, '2025-03-01+00', NULL, NULL),
            (3, 2, 'addon', 'EUR', 2500, '2026-01-10+00', NULL, NULL),
            (4, 3, 'basic', 'EUR', 5000, '2025-12-01+00', '2026-06-01+00', '2026-06-15 12:00+00'),
            (5, 3, 'pro', 'EUR', 10000, '2026-06-01+00', NULL, NULL),
            (6, 4, 'basic', 'EUR', 2000, '2025-02-01+00', '2026-06-01+00', '2026-05-01+00'),
            (7, 5, 'basic', 'EUR', 2000, '2025-09-01+00', '2026-03-01+00', NULL),
            (8, 5, 'basic', 'EUR', 2000, '2026-06-05+00', NULL, NULL),
            (9, 6, 'annual', 'GBP', 10000, '2026-05-20+00', NULL, '2027-05-20+00'),
            (10, 7, 'free', 'EUR', 0, '2026-01-01+00', '2026-05-25+00', NULL),
            (11, 7, 'basic', 'EUR', 3000, '2026-05-25+00', NULL, NULL),
            (12, 8, 'pro', 'EUR', 10000, '2025-05-01+00', '2026-05-31+00', '2026-05-31+00'),
            (13, 8, 'basic', 'EUR', 4000, '2026-05-31+00', NULL, NULL),
            (14, 9, 'pro', 'EUR', 50000, '2026-07-01+00', NULL, NULL),
            (15, 10, 'basic', 'EUR', 2000, '2025-10-01+00', '2026-05-20+00', NULL),
            (16, 10, 'plus', 'EUR', 2500, '2026-06-10+00', NULL, NULL),
            (17, 11, 'basic', 'EUR', 1000, '2026-05-16 12:00+00', NULL, NULL),
            (18, 12, 'basic', 'EUR', 1500, '2025-08-01+00', '2026-06-15 12:00+00', '2026-03-17 12:00+00'),
            (19, 1, 'addon', 'EUR', 9900, '2026-07-01+00', NULL, NULL),
            (20, 13, 'basic', 'EUR', 1000, '2025-01-01+00', '2025-03-01+00', NULL),
            (21, 14, 'basic', 'USD', 3000, '2025-11-01+00', NULL, NULL),
            (22, 15, 'annual', 'GBP', 5000, '2024-01-01+00', '2024-06-01+00', NULL);
        """;

    public sealed class PostgresBook : SeededPostgres
    {
        protected override string Rows => RevenuePackTests.Rows;
    }

    public sealed class MySqlBook : SeededMySql
    {
        protected override string Rows => RevenuePackTests.Rows;
    }

    public sealed class OnPostgres(PostgresBook book) : RevenuePackTests<PostgresBook>(book), IClassFixture<PostgresBook>;

    public sealed class OnMySql(MySqlBook book) : RevenuePackTests<MySqlBook>(book), IClassFixture<MySqlBook>;
}
