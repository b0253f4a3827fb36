using Exporter.Configuration;
using Exporter.Kpis;
using Exporter.Tests.Infrastructure;

namespace Exporter.Tests.Kpis.Packs;

/// <summary>
/// Pack <c>satisfaction</c> on hand-built data. now = 2026-06-15 12:00 UTC, so the 90-day window is
/// [2026-03-17 12:00, 2026-06-15 12:00).
/// Runs on each engine (<see cref="SatisfactionPackTests.OnPostgres"/>, <see cref="SatisfactionPackTests.OnMySql"/>):
/// the same rows, the same expected values.
/// </summary>
public abstract class SatisfactionPackTests<TDatabase>(TDatabase database) where TDatabase : IPackDatabase
{
    /// <summary>Empties the tables, inserts <paramref name="rows"/> and returns a harness with the pack enabled.</summary>
    private Task<KpiHarness> ArrangeAsync(string rows) =>
        database.ArrangeAsync("satisfaction", "TRUNCATE nps_responses, csat_responses, users, customers RESTART IDENTITY CASCADE;\n" + rows);

    [Fact]
    public async Task Pack_Enabled_UsesDocumentedSchedules()
    {
        await using var harness = database.Harness("satisfaction");

        var schedules = harness.Definition.Targets.ToDictionary(t => t.Kpi.Name, t => t.Kpi.Schedule.Text);

        Assert.Equal(new Dictionary<string, string>
        {
            ["kpi_nps"] = "15m",
            ["kpi_nps_by_segment"] = "15m",
            ["kpi_nps_by_sector"] = "15m",
            ["kpi_nps_by_age_band"] = "15m",
            ["kpi_nps_by_device"] = "15m",
            ["kpi_nps_responses"] = "15m",
            ["kpi_csat_ratio"] = "15m",
        }, schedules);
    }

    [Fact]
    public async Task Nps_ResponsesInWindow_ScoresPromotersMinusDetractorsPerRespondent()
    {
        await using var harness = await ArrangeAsync("""
            INSERT INTO nps_responses (respondent, score, responded_at) VALUES
                ('customer', 10, '2026-03-17 12:00:00+00'),  -- window start: in
                ('customer',  9, '2026-05-01 00:00:00+00'),
                ('customer',  9, '2026-06-15 11:59:59+00'),  -- last second: in
                ('customer',  8, '2026-06-01 00:00:00+00'),
                ('customer',  3, '2026-06-02 00:00:00+00'),
                ('customer',  0, '2026-03-17 11:59:59+00'),  -- before the window: out
                ('customer',  0, '2026-06-15 12:00:00+00'),  -- at now: out
                ('customer',  0, '2026-06-20 00:00:00+00'),  -- future: out
                ('learner',  10, '2026-04-01 00:00:00+00'),
                ('learner',   6, '2026-04-02 00:00:00+00'),
                ('learner',   5, '2026-04-03 00:00:00+00'),
                ('learner',   2, '2026-04-04 00:00:00+00');
            """);

        var series = Window90d(await harness.SeriesAsync("kpi_nps"));

        Assert.Equal(new Dictionary<string, double>
        {
            // customer: 10, 9, 9 promoters; 8 passive; 3 detractor -> 100 x (3 - 1) / 5 = 40
            ["kpi_nps{respondent=customer,window=90d}"] = 40,
            // learner: 10 promoter; 6, 5, 2 detractors -> 100 x (1 - 3) / 4 = -50
            ["kpi_nps{respondent=learner,window=90d}"] = -50,
        }, series);
    }

    [Fact]
    public async Task Nps_OnlyPassives_ScoresExactlyZeroAndSilentRespondentHasNoSeries()
    {
        await using var harness = await ArrangeAsync("""
            INSERT INTO nps_responses (respondent, score, responded_at) VALUES
                ('learner',  7, '2026-06-01 00:00:00+00'),
                ('learner',  8, '2026-06-02 00:00:00+00'),
                ('customer', 10, '2026-01-01 00:00:00+00');  -- customer: only before the window
            """);

        var series = Window90d(await harness.SeriesAsync("kpi_nps"));

        // learner: 0 promoters, 0 detractors of 2 -> 0; customer: no response in the window -> no series
        Assert.Equal(new Dictionary<string, double>
        {
            ["kpi_nps{respondent=learner,window=90d}"] = 0,
        }, series);
    }

    [Fact]
    public async Task NpsBySegment_Responses_JoinCustomerElseUsersCustomerElseUnknown()
    {
        await using var harness = await ArrangeAsync("""
            INSERT INTO customers (id, name, segment, created_at) VALUES
                (1, 'Acme', 'enterprise', '2025-01-01+00'),
                (2, 'Reseller', 'partner', '2025-01-01+00'),
                (3, 'Nameless', NULL, '2025-01-01+00'),
                (4, 'Solo', 'individual', '2025-01-01+00');
            INSERT INTO users (id, customer_id, created_at) VALUES
                (10, 1, '2025-01-01+00'),
                (11, 2, '2025-01-01+00'),
                (12, NULL, '2025-01-01+00'),  -- individual learner: no customer
                (13, 3, '2025-01-01+00');
            INSERT INTO nps_responses (respondent, user_id, customer_id, score, responded_at) VALUES
                ('customer', NULL, 1, 10, '2026-06-01+00'),
                ('customer', NULL, 1,  9, '2026-06-01+00'),
                ('customer', 11,   1,  0, '2026-06-01+00'),  -- customer_id wins over the user's customer (2)
                ('customer', NULL, 4,  7, '2026-06-01+00'),
                ('customer', NULL, 2, 10, '2026-01-01+00'),  -- before the window: no partner series
                ('learner',  10, NULL,  9, '2026-06-01+00'),  -- through user 10 -> customer 1
                ('learner',  11, NULL,  6, '2026-06-01+00'),  -- through user 11 -> customer 2
                ('learner',  12, NULL, 10, '2026-06-01+00'),  -- no customer -> unknown
                ('learner',  12, NULL,  8, '2026-06-01+00'),  -- no customer -> unknown
                ('learner',  13, NULL,  9, '2026-06-01+00'),  -- customer without segment -> unknown
                ('learner',  NULL, NULL, 2, '2026-06-01+00'); -- nobody -> unknown
            """);

        var series = await harness.SeriesAsync("kpi_nps_by_segment");

        Assert.Equal(new Dictionary<string, double>
        {
            // 10, 9, 0 -> 100 x (2 - 1) / 3
            ["kpi_nps_by_segment{respondent=customer,segment=enterprise,window=90d}"] = 100.0 * (2 - 1) / 3,
            // 7 -> 100 x (0 - 0) / 1
            ["kpi_nps_by_segment{respondent=customer,segment=individual,window=90d}"] = 0,
            // 9 -> 100 x 1 / 1
            ["kpi_nps_by_segment{respondent=learner,segment=enterprise,window=90d}"] = 100,
            // 6 -> 100 x (0 - 1) / 1
            ["kpi_nps_by_segment{respondent=learner,segment=partner,window=90d}"] = -100,
            // 10, 8, 9, 2 -> 100 x (2 - 1) / 4
            ["kpi_nps_by_segment{respondent=learner,segment=unknown,window=90d}"] = 25,
        }, series);
    }

    [Fact]
    public async Task NpsResponses_Window_CountsAndPublishesZeroForSilentRespondent()
    {
        await using var harness = await ArrangeAsync("""
            INSERT INTO nps_responses (respondent, score, responded_at) VALUES
                ('customer', 10, '2026-03-17 12:00:00+00'),  -- window start: in
                ('customer',  5, '2026-05-01 00:00:00+00'),
                ('customer',  8, '2026-06-15 11:59:59+00'),  -- last second: in
                ('customer',  8, '2026-06-15 12:00:00+00'),  -- at now: out
                ('learner',   9, '2026-03-17 11:59:59+00'),  -- before the window: out
                ('learner',   9, '2026-07-01 00:00:00+00');  -- future: out
            """);

        var series = Window90d(await harness.SeriesAsync("kpi_nps_responses"));

        Assert.Equal(new Dictionary<string, double>
        {
            ["kpi_nps_responses{respondent=customer,window=90d}"] = 3,
            ["kpi_nps_responses{respondent=learner,window=90d}"] = 0,
        }, series);
    }

    [Fact]
    public async Task NpsResponses_EmptyTable_PublishesZeroForBothRespondents()
    {
        await using var harness = await ArrangeAsync("");

        var series = Window90d(await harness.SeriesAsync("kpi_nps_responses"));

        Assert.Equal(new Dictionary<string, double>
        {
            ["kpi_nps_responses{respondent=customer,window=90d}"] = 0,
            ["kpi_nps_responses{respondent=learner,window=90d}"] = 0,
        }, series);
    }

    [Fact]
    public async Task CsatRatio_ResponsesInWindow_ShareOfFourAndFivePerTouchpoint()
    {
        await using var harness = await ArrangeAsync("""
            INSERT INTO csat_responses (touchpoint, score, responded_at) VALUES
                ('onboarding', 5, '2026-03-17 12:00:00+00'),  -- window start: in
                ('onboarding', 4, '2026-05-01 00:00:00+00'),
                ('onboarding', 3, '2026-05-02 00:00:00+00'),
                ('onboarding', 1, '2026-06-15 11:59:59+00'),  -- last second: in
                ('onboarding', 5, '2026-06-15 12:00:00+00'),  -- at now: out
                ('support', 4, '2026-06-01 00:00:00+00'),
                ('support', 4, '2026-06-02 00:00:00+00'),
                ('support', 2, '2026-06-03 00:00:00+00'),
                ('support', 1, '2026-03-17 11:59:59+00'),  -- before the window: out
                ('feature_launch', 5, '2026-01-01 00:00:00+00'),  -- only outside the window:
                ('feature_launch', 5, '2026-06-20 00:00:00+00'),  --   no feature_launch series
                ('', 5, '2026-06-01 00:00:00+00');  -- empty touchpoint -> unknown
            """);

        var series = Window90d(await harness.SeriesAsync("kpi_csat_ratio"));

        Assert.Equal(new Dictionary<string, double>
        {
            // 5, 4 of 5, 4, 3, 1
            ["kpi_csat_ratio{touchpoint=onboarding,window=90d}"] = 0.5,
            // 4, 4 of 4, 4, 2
            ["kpi_csat_ratio{touchpoint=support,window=90d}"] = 2.0 / 3,
            ["kpi_csat_ratio{touchpoint=unknown,window=90d}"] = 1,
        }, series);
    }

    /// <summary>The 90-day series only (the 7d and 30d windows are tested in SatisfactionWindowPackTests).</summary>
    private static Dictionary<string, double> Window90d(IReadOnlyDictionary<string, double> series) =>
        series.Where(s => s.Key.Contains("window=90d", StringComparison.Ordinal)).ToDictionary();
}

/// <summary>The facts of <see cref="SatisfactionPackTests{TDatabase}"/> on each engine.</summary>
public static class SatisfactionPackTests
{
    public sealed class OnPostgres(ReferenceSchemaDatabase database)
        : SatisfactionPackTests<ReferenceSchemaDatabase>(database), IClassFixture<ReferenceSchemaDatabase>;

    public sealed class OnMySql(MySqlReferenceSchemaDatabase database)
        : SatisfactionPackTests<MySqlReferenceSchemaDatabase>(database), IClassFixture<MySqlReferenceSchemaDatabase>;
}
