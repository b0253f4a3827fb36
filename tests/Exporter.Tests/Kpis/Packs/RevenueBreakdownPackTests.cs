using Exporter.Tests.Infrastructure;

namespace Exporter.Tests.Kpis.Packs;

/// <summary>
/// Pack <c>revenue</c>, MRR by country and by acquisition channel, customer churn by channel, against one
/// hand-built book. now = 2026-06-15 12:00Z, now-30d = 2026-05-16 12:00Z.
/// </summary>
/// <remarks>The facts run on PostgreSQL (<c>sql</c>) and on MySQL / MariaDB (<c>sql_mysql</c>) with the same rows
/// (<see cref="RevenueBreakdownPackTests.Rows"/>) and the same expected values: <see cref="RevenueBreakdownPackTests.OnPostgres"/>, <see cref="RevenueBreakdownPackTests.OnMySql"/>.</remarks>
public abstract class RevenueBreakdownPackTests<TDatabase>(TDatabase book) where TDatabase : IPackDatabase
{
    [Fact]
    public async Task MrrByCountry_Book_SumsActiveSubscriptionsByCountryCurrencyWithZeros()
    {
        await using var harness = book.Harness("revenue");

        var series = await harness.SeriesAsync("kpi_mrr_by_country");

        Assert.Equal(new Dictionary<string, double>
        {
            ["kpi_mrr_by_country{country=FR,currency=EUR}"] = 100.0,     // C1 100; C2 ended, C7 free
            ["kpi_mrr_by_country{country=DE,currency=EUR}"] = 15.0,      // C8 15; C3 ended at now, C5 ended
            ["kpi_mrr_by_country{country=US,currency=USD}"] = 40.0,      // C6, its future addon ignored
            ["kpi_mrr_by_country{country=unknown,currency=GBP}"] = 20.0, // C4, NULL country
        }, series);
    }

    [Fact]
    public async Task MrrByChannel_Book_SumsActiveSubscriptionsByChannelCurrencyWithZeros()
    {
        await using var harness = book.Harness("revenue");

        var series = await harness.SeriesAsync("kpi_mrr_by_channel");

        Assert.Equal(new Dictionary<string, double>
        {
            ["kpi_mrr_by_channel{channel=sea,currency=EUR}"] = 100.0,      // C1 100 + C3 0
            ["kpi_mrr_by_channel{channel=sea,currency=USD}"] = 40.0,       // C6
            ["kpi_mrr_by_channel{channel=referral,currency=EUR}"] = 15.0,  // C2 0 + C8 15
            ["kpi_mrr_by_channel{channel=webinar,currency=EUR}"] = 0.0,    // C7, free plan
            ["kpi_mrr_by_channel{channel=unknown,currency=GBP}"] = 20.0,   // C4, NULL channel
            ["kpi_mrr_by_channel{channel=unknown,currency=EUR}"] = 0.0,    // C5, blank channel, ended
        }, series);
    }

    [Fact]
    public async Task CustomerChurnByChannel_Book_ChurnedShareOfCustomersPayingThirtyDaysAgo()
    {
        await using var harness = book.Harness("revenue");

        var series = await harness.SeriesAsync("kpi_customer_churn_by_channel_ratio");

        // unknown (C4 new, C5 ended exactly at now-30d) and webinar (C7 free) had nobody paying 30 days ago: no series.
        Assert.Equal(new Dictionary<string, double>
        {
            ["kpi_customer_churn_by_channel_ratio{channel=sea,window=30d}"] = 1.0 / 3,  // C1, C3, C6 paying then; C3 churned
            ["kpi_customer_churn_by_channel_ratio{channel=referral,window=30d}"] = 0.5, // C2, C8; C2 churned, C8 downgraded
        }, series);
    }
}

public static class RevenueBreakdownPackTests
{
    /// <summary>
    /// MRR_c (cents) at now-30d / now:
    /// <code>
    /// C1 FR   sea      EUR pro 100.00 since 2025-01-01                                  10000 / 10000  retained
    /// C2 FR   referral EUR 50.00 2025-06-01..2026-06-01                                  5000 /     0  churned
    /// C3 DE   sea      EUR 30.00 from now-30d exactly to now exactly                     3000 /     0  churned
    /// C4 NULL NULL     GBP 20.00 since 2026-06-01                                            0 /  2000  new: not in the churn base
    /// C5 DE   blank    EUR 10.00 2025-01-01..now-30d exactly (not active then)               0 /     0
    /// C6 US   sea      USD 40.00 since 2025-01-01; 99.00 from 2026-07-01 (future)         4000 /  4000  retained
    /// C7 FR   webinar  EUR free (0) since 2025-01-01: never paying                           0 /     0
    /// C8 DE   referral EUR 25.00 2025-03-01..2026-06-10, then 15.00 (downgrade)           2500 /  1500  retained
    /// C9 JP   affiliate EUR 80.00 from 2026-07-01 (future): no JP, no affiliate series
    /// </code>
    /// </summary>
    public const string Rows = """
        INSERT INTO customers (id, name, segment, country, acquisition_channel, created_at) VALUES
            (1, 'C1', 'enterprise', 'FR', 'sea', '2024-12-01+00'),
            (2, 'C2', 'enterprise', 'FR', 'referral', '2025-05-01+00'),
            (3, 'C3', 'individual', 'DE', 'sea', '2026-05-01+00'),
            (4, 'C4', 'individual', NULL, NULL, '2026-05-20+00'),
            (5, 'C5', 'individual', 'DE', '  ', '2024-12-01+00'),
            (6, 'C6', 'enterprise', 'US', 'sea', '2024-12-01+00'),
            (7, 'C7', 'individual', 'FR', 'webinar', '2024-12-01+00'),
            (8, 'C8', 'partner', 'DE', 'referral', '2025-02-01+00'),
            (9, 'C9', 'enterprise', 'JP', 'affiliate', '2026-06-01+00');
        INSERT INTO subscriptions (customer_id, plan, currency, mrr_cents, started_at, ended_at) VALUES
            (1, 'pro', 'EUR', 10000, '2025-01-01+00', NULL),
            (2, 'pro', 'EUR', 5000, '2025-06-01+00', '2026-06-01+00'),
            (3, 'basic', 'EUR', 3000, '2026-05-16 12:00+00', '2026-06-15 12:00+00'),
            (4, 'basic', 'GBP', 2000, '2026-06-01+00', NULL),
            (5, 'basic', 'EUR', 1000, '2025-01-01+00', '2026-05-16 12:00+00'),
            (6, 'pro', 'USD', 4000, '2025-01-01+00', NULL),
            (6, 'addon', 'USD', 9900, '2026-07-01+00', NULL),
            (7, 'free', 'EUR', 0, '2025-01-01+00', NULL),
            (8, 'pro', 'EUR', 2500, '2025-03-01+00', '2026-06-10+00'),
            (8, 'basic', 'EUR', 1500, '2026-06-10+00', NULL),
            (9, 'pro', 'EUR', 8000, '2026-07-01+00', NULL);
        """;

    public sealed class PostgresBook : SeededPostgres
    {
        protected override string Rows => RevenueBreakdownPackTests.Rows;
    }

    public sealed class MySqlBook : SeededMySql
    {
        protected override string Rows => RevenueBreakdownPackTests.Rows;
    }

    public sealed class OnPostgres(PostgresBook book) : RevenueBreakdownPackTests<PostgresBook>(book), IClassFixture<PostgresBook>;

    public sealed class OnMySql(MySqlBook book) : RevenueBreakdownPackTests<MySqlBook>(book), IClassFixture<MySqlBook>;
}
