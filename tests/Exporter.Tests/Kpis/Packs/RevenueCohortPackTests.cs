using Exporter.Tests.Infrastructure;

namespace Exporter.Tests.Kpis.Packs;

/// <summary>
/// Pack <c>revenue</c>, metrics built on a customer's first paid start and on trials: customer retention by
/// cohort, CAC, trial conversion. One hand-built dataset; every expected value is computed by hand.
/// </summary>
/// <remarks>The facts run on PostgreSQL (<c>sql</c>) and on MySQL / MariaDB (<c>sql_mysql</c>) with the same rows
/// (<see cref="RevenueCohortPackTests.Rows"/>) and the same expected values: <see cref="RevenueCohortPackTests.OnPostgres"/>, <see cref="RevenueCohortPackTests.OnMySql"/>.</remarks>
public abstract class RevenueCohortPackTests<TDatabase>(TDatabase cohorts) where TDatabase : IPackDatabase
{
    private KpiHarness Harness() => cohorts.Harness("revenue");

    [Fact]
    public async Task CustomerRetentionRatio_Cohorts_SharesPayingDaysAfterFirstPaidStart()
    {
        await using var harness = Harness();

        var series = await harness.SeriesAsync("kpi_customer_retention_ratio");

        Assert.Equal(new Dictionary<string, double>
        {
            ["kpi_customer_retention_ratio{days=30,segment=enterprise}"] = 2.0 / 3, // R1, R6 retained; R2 not
            ["kpi_customer_retention_ratio{days=30,segment=individual}"] = 1.0,     // R3 (its free plan does not start the clock)
            ["kpi_customer_retention_ratio{days=90,segment=individual}"] = 0.0,     // R5
            ["kpi_customer_retention_ratio{days=90,segment=unknown}"] = 1.0,        // R4, paying again at first paid start + 90d
            ["kpi_customer_retention_ratio{days=365,segment=partner}"] = 0.5,       // R9 retained; R8 ended exactly at the check
            // every other (segment, days): empty cohort -> no series (R7 sits on an excluded upper bound)
        }, series);
    }

    [Fact]
    public async Task Cac_Cohorts_DividesChannelSpendByCustomersAcquiredInTheWindow()
    {
        await using var harness = Harness();

        var series = await harness.SeriesAsync("kpi_cac");

        // Spend days in the window: 2026-05-17 .. 2026-06-15 (a day counts when its midnight is in [now-30d, now)):
        // sea EUR 300.00 + 150.00 (not 05-16, not 06-16), sea USD 200.00, referral EUR 50.00, webinar EUR 70.00.
        // Acquired (first paid start in the window): sea N1, N2, N3; referral N4; unknown N6.
        Assert.Equal(new Dictionary<string, double>
        {
            ["kpi_cac{channel=sea,currency=EUR,window=30d}"] = 150.0,           // 450.00 / 3
            ["kpi_cac{channel=sea,currency=USD,window=30d}"] = 20000.0 / 300,   // 200.00 / 3
            ["kpi_cac{channel=referral,currency=EUR,window=30d}"] = 50.0,       // 50.00 / 1
            // webinar: no customer acquired -> no series; unknown: customers but no spend (no currency) -> no series
        }, series);
    }

    [Fact]
    public async Task TrialConversionRatio_Cohorts_SharesOfTrialsEndingInTheWindowThatConverted()
    {
        await using var harness = Harness();

        var series = await harness.SeriesAsync("kpi_trial_conversion_ratio");

        // ends_at in [2026-05-16 12:00, now): 05-20 (converted), 06-01, 06-10 (converted), 05-16 12:00 (bound included),
        // 06-14 (converted_at in the future: not converted yet) = 5 trials, 2 converted.
        // Excluded: ends exactly at now, ends 05-10.
        Assert.Equal(new Dictionary<string, double>
        {
            ["kpi_trial_conversion_ratio{window=30d}"] = 0.4,
        }, series);
    }
}

public static class RevenueCohortPackTests
{
    /// <summary>
    /// now = 2026-06-15 12:00Z. Retention cohorts (first paid start in [now - days - 30d, now - days)):
    /// days 30: [2026-04-16 12:00, 2026-05-16 12:00); days 90: [2026-02-15 12:00, 2026-03-17 12:00);
    /// days 365: [2025-05-16 12:00, 2025-06-15 12:00). CAC / trial window: [2026-05-16 12:00, now).
    /// <code>
    /// R1  enterprise  pro 50.00 since 2026-04-20                      d30 cohort, paying at 05-20: retained
    /// R2  enterprise  basic 20.00 2026-04-25..2026-05-10               d30 cohort, not paying at 05-25
    /// R3  individual  free since 2026-01-01, basic 15.00 since 05-01  first PAID start 05-01: d30 cohort, retained
    /// R4  NULL        basic 10.00 2026-02-20..04-01, again since 05-15 d90 cohort, paying at 05-21 (came back): retained
    /// R5  individual  basic 10.00 2026-03-01..2026-05-01               d90 cohort, not paying at 05-30
    /// R6  enterprise  pro since 2026-04-16 12:00 (= lower bound)       d30 cohort (bound included): retained
    /// R7  enterprise  pro since 2026-03-17 12:00 (= d90 upper bound)   in no cohort
    /// R8  partner     pro 40.00 2025-06-01..2026-06-01                 d365 cohort; ended exactly at 06-01 00:00: not retained
    /// R9  partner     pro 40.00 since 2025-06-10                       d365 cohort, retained
    /// R10 enterprise  pro from 2026-07-01 (future)                     nowhere
    /// N1  sea         paid since 2026-05-20                            acquired in the window
    /// N2  sea         paid 2026-06-01..06-10                           acquired (already gone: still acquired)
    /// N3  sea         free since 04-01, paid since 06-05              acquired (first PAID start in the window)
    /// N4  referral    paid since 2026-05-16 12:00 (= window start)     acquired
    /// N5  sea         paid since 2026-06-15 12:00 (= now)              not in [now-30d, now)
    /// N6  NULL        paid since 2026-06-01                            acquired, channel 'unknown' (no spend: no CAC)
    /// N7  sea         paid 2025-01-01..2025-06-01, again since 06-01   reactivation, not acquired
    /// </code>
    /// </summary>
    public const string Rows = """
        INSERT INTO customers (id, name, segment, acquisition_channel, created_at) VALUES
            (1, 'R1', 'enterprise', 'sea', '2026-04-01+00'),
            (2, 'R2', 'enterprise', 'sea', '2026-04-01+00'),
            (3, 'R3', 'individual', 'referral', '2025-12-15+00'),
            (4, 'R4', NULL, 'sea', '2026-02-01+00'),
            (5, 'R5', 'individual', 'sea', '2026-02-01+00'),
            (6, 'R6', 'enterprise', 'sea', '2026-04-01+00'),
            (7, 'R7', 'enterprise', 'sea', '2026-03-01+00'),
            (8, 'R8', 'partner', 'sea', '2025-05-01+00'),
            (9, 'R9', 'partner', 'sea', '2025-05-01+00'),
            (10, 'R10', 'enterprise', 'sea', '2026-06-01+00'),
            (21, 'N1', 'enterprise', 'sea', '2026-05-01+00'),
            (22, 'N2', 'individual', 'sea', '2026-05-01+00'),
            (23, 'N3', 'individual', 'sea', '2026-03-20+00'),
            (24, 'N4', 'individual', 'referral', '2026-05-01+00'),
            (25, 'N5', 'individual', 'sea', '2026-05-01+00'),
            (26, 'N6', 'individual', NULL, '2026-05-01+00'),
            (27, 'N7', 'individual', 'sea', '2025-01-01+00');
        INSERT INTO subscriptions (customer_id, plan, currency, mrr_cents, started_at, ended_at) VALUES
            (1, 'pro', 'EUR', 5000, '2026-04-20+00', NULL),
            (2, 'basic', 'EUR', 2000, '2026-04-25+00', '2026-05-10+00'),
            (3, 'free', 'EUR', 0, '2026-01-01+00', NULL),
            (3, 'basic', 'EUR', 1500, '2026-05-01+00', NULL),
            (4, 'basic', 'EUR', 1000, '2026-02-20+00', '2026-04-01+00'),
            (4, 'basic', 'EUR', 1000, '2026-05-15+00', NULL),
            (5, 'basic', 'EUR', 1000, '2026-03-01+00', '2026-05-01+00'),
            (6, 'pro', 'EUR', 5000, '2026-04-16 12:00+00', NULL),
            (7, 'pro', 'EUR', 5000, '2026-03-17 12:00+00', NULL),
            (8, 'pro', 'EUR', 4000, '2025-06-01+00', '2026-06-01+00'),
            (9, 'pro', 'EUR', 4000, '2025-06-10+00', NULL),
            (10, 'pro', 'EUR', 9000, '2026-07-01+00', NULL),
            (21, 'pro', 'EUR', 5000, '2026-05-20+00', NULL),
            (22, 'basic', 'EUR', 1000, '2026-06-01+00', '2026-06-10+00'),
            (23, 'free', 'EUR', 0, '2026-04-01+00', '2026-06-05+00'),
            (23, 'basic', 'EUR', 1000, '2026-06-05+00', NULL),
            (24, 'basic', 'EUR', 1000, '2026-05-16 12:00+00', NULL),
            (25, 'basic', 'EUR', 1000, '2026-06-15 12:00+00', NULL),
            (26, 'basic', 'EUR', 1000, '2026-06-01+00', NULL),
            (27, 'basic', 'EUR', 1000, '2025-01-01+00', '2025-06-01+00'),
            (27, 'basic', 'EUR', 1000, '2026-06-01+00', NULL);
        INSERT INTO marketing_spend (day, channel, currency, amount_cents) VALUES
            ('2026-05-16', 'sea', 'EUR', 100000),
            ('2026-05-17', 'sea', 'EUR', 30000),
            ('2026-06-15', 'sea', 'EUR', 15000),
            ('2026-06-16', 'sea', 'EUR', 99999),
            ('2026-06-01', 'sea', 'USD', 20000),
            ('2026-06-01', 'referral', 'EUR', 5000),
            ('2026-06-01', 'webinar', 'EUR', 7000);
        INSERT INTO trials (customer_id, started_at, ends_at, converted_at) VALUES
            (21, '2026-05-06+00', '2026-05-20+00', '2026-05-18+00'),
            (22, '2026-05-18+00', '2026-06-01+00', NULL),
            (23, '2026-05-27+00', '2026-06-10+00', '2026-06-10+00'),
            (24, '2026-05-02 12:00+00', '2026-05-16 12:00+00', NULL),
            (25, '2026-06-01 12:00+00', '2026-06-15 12:00+00', '2026-06-15 11:00+00'),
            (26, '2026-04-26+00', '2026-05-10+00', '2026-05-09+00'),
            (27, '2026-05-31+00', '2026-06-14+00', '2026-06-20+00');
        """;

    public sealed class PostgresCohorts : SeededPostgres
    {
        protected override string Rows => RevenueCohortPackTests.Rows;
    }

    public sealed class MySqlCohorts : SeededMySql
    {
        protected override string Rows => RevenueCohortPackTests.Rows;
    }

    public sealed class OnPostgres(PostgresCohorts cohorts) : RevenueCohortPackTests<PostgresCohorts>(cohorts), IClassFixture<PostgresCohorts>;

    public sealed class OnMySql(MySqlCohorts cohorts) : RevenueCohortPackTests<MySqlCohorts>(cohorts), IClassFixture<MySqlCohorts>;
}
