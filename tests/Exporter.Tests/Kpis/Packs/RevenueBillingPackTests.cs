using Exporter.Tests.Infrastructure;

namespace Exporter.Tests.Kpis.Packs;

/// <summary>
/// Pack <c>revenue</c>, invoice metrics (billed, sales growth, DSO, overdue receivables) against one hand-built
/// set of invoices; every expected value is computed by hand.
/// </summary>
/// <remarks>The facts run on PostgreSQL (<c>sql</c>) and on MySQL / MariaDB (<c>sql_mysql</c>) with the same rows
/// (<see cref="RevenueBillingPackTests.Rows"/>) and the same expected values: <see cref="RevenueBillingPackTests.OnPostgres"/>, <see cref="RevenueBillingPackTests.OnMySql"/>.</remarks>
public abstract class RevenueBillingPackTests<TDatabase>(TDatabase invoices) where TDatabase : IPackDatabase
{
    private KpiHarness Harness() => invoices.Harness("revenue");

    [Fact]
    public async Task RevenueBilled_Invoices_SumsInvoicesIssuedInTheWindowPerCurrency()
    {
        await using var harness = Harness();

        var series = await harness.SeriesAsync("kpi_revenue_billed");

        Assert.Equal(new Dictionary<string, double>
        {
            ["kpi_revenue_billed{currency=EUR,window=30d}"] = 350.0, // #1 100 + #2 200 + #3 50
            ["kpi_revenue_billed{currency=USD,window=30d}"] = 500.0, // #10 (no subscription in USD: known from the window)
            ["kpi_revenue_billed{currency=GBP,window=30d}"] = 0.0,   // a subscription currency with nothing billed
        }, series);
    }

    [Fact]
    public async Task SalesGrowthRatio_Invoices_ComparesWithThePreviousThirtyDays()
    {
        await using var harness = Harness();

        var series = await harness.SeriesAsync("kpi_sales_growth_ratio");

        Assert.Equal(new Dictionary<string, double>
        {
            ["kpi_sales_growth_ratio{currency=EUR,window=30d}"] = 0.75, // (35000 - (#4 8000 + #5 12000)) / 20000
            // USD: nothing billed in the previous 30 days -> no series; GBP: nothing in 60 days -> no series
        }, series);
    }

    [Fact]
    public async Task DsoSeconds_Invoices_ReceivablesOverNinetyDaysOfBillingInSeconds()
    {
        await using var harness = Harness();

        var series = await harness.SeriesAsync("kpi_dso_seconds");

        // EUR receivables: #1 10000 + #4 8000 + #5 12000 (paid after now) + #7 40000 + #14 4000 = 74000;
        // EUR billed in [now-90d, now): #1 10000 + #2 20000 + #3 5000 + #4 8000 + #5 12000 + #6 30000 = 85000.
        // 90 days = 7776000 s.
        Assert.Equal(new Dictionary<string, double>
        {
            ["kpi_dso_seconds{currency=EUR}"] = 74000.0 * 7776000 / 85000, // about 78.35 days
            ["kpi_dso_seconds{currency=USD}"] = 7776000.0,                 // 50000 / 50000 x 90 days
            // GBP: 200.00 receivable but nothing billed in 90 days -> no series
        }, series);
    }

    [Fact]
    public async Task OverdueReceivablesRatio_Invoices_SharesUnpaidOfAmountsDueInTheWindow()
    {
        await using var harness = Harness();

        var series = await harness.SeriesAsync("kpi_overdue_receivables_ratio");

        // due_at in [2026-03-17 12:00, now), EUR: #1 10000, #2 20000, #3 5000, #4 8000, #5 12000, #6 30000, #13 6000
        // = 91000; not paid at now: #1, #4, #5 (paid 06-20) = 30000. #2 and #13 were paid late, but are paid.
        Assert.Equal(new Dictionary<string, double>
        {
            ["kpi_overdue_receivables_ratio{currency=EUR,window=90d}"] = 30000.0 / 91000,
            // USD due in the future, GBP due in 2025 -> no series
        }, series);
    }
}

public static class RevenueBillingPackTests
{
    /// <summary>
    /// now = 2026-06-15 12:00Z; now-30d = 05-16 12:00, now-60d = 04-16 12:00, now-90d = 03-17 12:00 ("=b": exactly on a
    /// window bound, which is inside).
    /// Subscriptions exist in EUR and GBP (the currencies the business sells in).
    /// <code>
    /// id cur  amount issued            due               paid
    /// 1  EUR  100.00 06-01             06-15 00:00       -           billed 30d, receivable, overdue
    /// 2  EUR  200.00 05-20             06-04             06-10       billed 30d, paid after its due date: not overdue
    /// 3  EUR   50.00 05-16 12:00 (=b)  05-30             05-29       billed 30d (bound included)
    /// 4  EUR   80.00 05-01             05-15             -           previous 30d, receivable, overdue
    /// 5  EUR  120.00 04-16 12:00 (=b)  04-30             06-20       previous 30d; paid in the future: receivable, overdue
    /// 6  EUR  300.00 04-10             04-24             04-20       billed 90d only
    /// 7  EUR  400.00 2026-01-10        01-24             -           receivable only (old)
    /// 8  EUR   70.00 06-15 12:00 (=now) 06-29            -           issued at now: ignored everywhere
    /// 9  EUR   90.00 06-20 (future)    07-04             -           ignored everywhere
    /// 10 USD  500.00 06-05             07-05             -           billed 30d, receivable, not yet due
    /// 11 GBP  200.00 2025-12-01        2025-12-31        -           receivable; nothing billed in 90d
    /// 13 EUR   60.00 03-01             03-17 12:00 (=b)  03-20       due window (bound included), paid late
    /// 14 EUR   40.00 03-01             03-17 11:59:59    -           receivable; due just before the window
    /// </code>
    /// </summary>
    public const string Rows = """
        INSERT INTO customers (id, name, segment, acquisition_channel, created_at) VALUES
            (1, 'B1', 'enterprise', 'sea', '2025-01-01+00'),
            (2, 'B2', 'individual', 'sea', '2025-01-01+00'),
            (3, 'B3', 'partner', 'sea', '2025-01-01+00');
        INSERT INTO subscriptions (customer_id, plan, currency, mrr_cents, started_at) VALUES
            (1, 'pro', 'EUR', 10000, '2025-01-01+00'),
            (2, 'basic', 'GBP', 2000, '2025-01-01+00');
        INSERT INTO invoices (id, customer_id, currency, amount_cents, issued_at, due_at, paid_at) VALUES
            (1, 1, 'EUR', 10000, '2026-06-01+00', '2026-06-15+00', NULL),
            (2, 1, 'EUR', 20000, '2026-05-20+00', '2026-06-04+00', '2026-06-10+00'),
            (3, 1, 'EUR', 5000, '2026-05-16 12:00+00', '2026-05-30+00', '2026-05-29+00'),
            (4, 1, 'EUR', 8000, '2026-05-01+00', '2026-05-15+00', NULL),
            (5, 1, 'EUR', 12000, '2026-04-16 12:00+00', '2026-04-30+00', '2026-06-20+00'),
            (6, 1, 'EUR', 30000, '2026-04-10+00', '2026-04-24+00', '2026-04-20+00'),
            (7, 1, 'EUR', 40000, '2026-01-10+00', '2026-01-24+00', NULL),
            (8, 1, 'EUR', 7000, '2026-06-15 12:00+00', '2026-06-29+00', NULL),
            (9, 1, 'EUR', 9000, '2026-06-20+00', '2026-07-04+00', NULL),
            (10, 3, 'USD', 50000, '2026-06-05+00', '2026-07-05+00', NULL),
            (11, 2, 'GBP', 20000, '2025-12-01+00', '2025-12-31+00', NULL),
            (13, 1, 'EUR', 6000, '2026-03-01+00', '2026-03-17 12:00+00', '2026-03-20+00'),
            (14, 1, 'EUR', 4000, '2026-03-01+00', '2026-03-17 11:59:59+00', NULL);
        """;

    public sealed class PostgresInvoices : SeededPostgres
    {
        protected override string Rows => RevenueBillingPackTests.Rows;
    }

    public sealed class MySqlInvoices : SeededMySql
    {
        protected override string Rows => RevenueBillingPackTests.Rows;
    }

    public sealed class OnPostgres(PostgresInvoices invoices) : RevenueBillingPackTests<PostgresInvoices>(invoices), IClassFixture<PostgresInvoices>;

    public sealed class OnMySql(MySqlInvoices invoices) : RevenueBillingPackTests<MySqlInvoices>(invoices), IClassFixture<MySqlInvoices>;
}
