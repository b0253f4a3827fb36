using Exporter.Tests.Infrastructure;

namespace Exporter.Tests.Kpis.Packs;

/// <summary>
/// Pack <c>satisfaction</c>, NPS breakdowns by age band, sector and device. now = 2026-06-15 12:00 UTC, so the
/// 90-day window is [2026-03-17 12:00, 2026-06-15 12:00).
/// Runs on each engine (<see cref="SatisfactionBreakdownPackTests.OnPostgres"/>, <see cref="SatisfactionBreakdownPackTests.OnMySql"/>):
/// the same rows, the same expected values.
/// </summary>
public abstract class SatisfactionBreakdownPackTests<TDatabase>(TDatabase database) where TDatabase : IPackDatabase
{
    private Task<KpiHarness> ArrangeAsync(string rows) => database.ArrangeAsync(
        "satisfaction", "TRUNCATE nps_responses, csat_responses, user_sessions, users, customers RESTART IDENTITY CASCADE;\n" + rows);

    [Fact]
    public async Task NpsByAgeBand_LearnerResponses_ScoresPerUsersAgeBandElseUnknown()
    {
        await using var harness = await ArrangeAsync("""
            INSERT INTO users (id, created_at, age_band) VALUES
                (1, '2025-01-01+00', '18-24'),
                (2, '2025-01-01+00', '25-34'),
                (3, '2025-01-01+00', NULL),
                (4, '2025-01-01+00', '  '),
                (5, '2025-01-01+00', '18-24');
            INSERT INTO nps_responses (respondent, user_id, score, responded_at) VALUES
                ('learner', 1, 10, '2026-06-01+00'),
                ('learner', 5,  9, '2026-06-02+00'),
                ('learner', 1,  3, '2026-06-03+00'),
                ('learner', 2,  0, '2026-06-01+00'),
                ('learner', 2, 10, '2026-03-17 12:00:00+00'),  -- window start: in
                ('learner', 2, 10, '2026-03-17 11:59:59+00'),  -- before the window: out
                ('learner', 2,  0, '2026-06-15 12:00:00+00'),  -- at now: out
                ('learner', 3,  8, '2026-06-01+00'),            -- NULL band -> unknown
                ('learner', 4, 10, '2026-06-01+00'),            -- blank band -> unknown
                ('learner', NULL, 9, '2026-06-01+00'),          -- no user -> unknown
                ('customer', 2, 10, '2026-06-01+00');           -- not a learner: not counted
            """);

        var series = await harness.SeriesAsync("kpi_nps_by_age_band");

        Assert.Equal(new Dictionary<string, double>
        {
            ["kpi_nps_by_age_band{age_band=18-24,window=90d}"] = 100.0 * (2 - 1) / 3,  // 10, 9, 3
            ["kpi_nps_by_age_band{age_band=25-34,window=90d}"] = 0,                    // 0, 10
            ["kpi_nps_by_age_band{age_band=unknown,window=90d}"] = 100.0 * 2 / 3,      // 8, 10, 9
        }, series);
    }

    [Fact]
    public async Task NpsBySector_Responses_JoinCustomerElseUsersCustomerElseUnknown()
    {
        await using var harness = await ArrangeAsync("""
            INSERT INTO customers (id, name, segment, sector, created_at) VALUES
                (1, 'Soft', 'enterprise', 'software', '2025-01-01+00'),
                (2, 'Shop', 'partner', 'retail', '2025-01-01+00'),
                (3, 'Nameless', 'enterprise', NULL, '2025-01-01+00'),
                (4, 'Blank', 'enterprise', '', '2025-01-01+00');
            INSERT INTO users (id, customer_id, created_at) VALUES
                (10, 1, '2025-01-01+00'),
                (11, 2, '2025-01-01+00'),
                (12, NULL, '2025-01-01+00'),  -- individual learner: no customer
                (13, 3, '2025-01-01+00');
            INSERT INTO nps_responses (respondent, user_id, customer_id, score, responded_at) VALUES
                ('customer', NULL, 1, 10, '2026-06-01+00'),
                ('customer', NULL, 1,  9, '2026-06-01+00'),
                ('customer', 11,   1,  0, '2026-06-01+00'),   -- customer_id wins over the user's customer (2)
                ('customer', NULL, 4,  7, '2026-06-01+00'),   -- blank sector -> unknown
                ('customer', NULL, 2, 10, '2026-01-01+00'),   -- before the window: no customer/retail series
                ('learner',  10, NULL,  9, '2026-06-01+00'),  -- through user 10 -> customer 1
                ('learner',  11, NULL,  6, '2026-06-01+00'),  -- through user 11 -> customer 2
                ('learner',  12, NULL, 10, '2026-06-01+00'),  -- no customer -> unknown
                ('learner',  13, NULL,  2, '2026-06-01+00'),  -- customer without sector -> unknown
                ('learner',  NULL, NULL, 9, '2026-06-01+00'); -- nobody -> unknown
            """);

        var series = await harness.SeriesAsync("kpi_nps_by_sector");

        Assert.Equal(new Dictionary<string, double>
        {
            ["kpi_nps_by_sector{respondent=customer,sector=software,window=90d}"] = 100.0 * (2 - 1) / 3,  // 10, 9, 0
            ["kpi_nps_by_sector{respondent=customer,sector=unknown,window=90d}"] = 0,                      // 7
            ["kpi_nps_by_sector{respondent=learner,sector=retail,window=90d}"] = -100,                     // 6
            ["kpi_nps_by_sector{respondent=learner,sector=software,window=90d}"] = 100,                    // 9
            ["kpi_nps_by_sector{respondent=learner,sector=unknown,window=90d}"] = 100.0 * (2 - 1) / 3,     // 10, 2, 9
        }, series);
    }

    [Fact]
    public async Task NpsByDevice_Responses_UseLatestSessionAtOrBeforeResponseElseUnknown()
    {
        await using var harness = await ArrangeAsync("""
            INSERT INTO customers (id, name, created_at) VALUES (1, 'Acme', '2025-01-01+00');
            INSERT INTO users (id, created_at) VALUES
                (1, '2025-01-01+00'), (2, '2025-01-01+00'), (3, '2025-01-01+00'),
                (4, '2025-01-01+00'), (5, '2025-01-01+00'), (6, '2025-01-01+00');
            INSERT INTO user_sessions (id, user_id, started_at, device) VALUES
                (1, 1, '2026-05-01 10:00:00+00', 'desktop'),
                (2, 1, '2026-06-01 09:00:00+00', 'mobile'),   -- exactly at the response: it counts
                (3, 1, '2026-06-01 09:00:01+00', 'tablet'),   -- after the response: ignored
                (4, 3, '2026-06-02 00:00:00+00', 'desktop'),  -- user 3's only session is after the response
                (5, 4, '2025-01-01 00:00:00+00', 'tablet'),   -- long before the window: still the latest
                (6, 5, '2026-05-10 00:00:00+00', 'desktop'),  -- same instant: the higher id wins
                (7, 5, '2026-05-10 00:00:00+00', 'tablet'),
                (8, 6, '2026-05-01 00:00:00+00', 'mobile'),
                (9, 6, '2026-05-02 00:00:00+00', NULL);       -- latest session without device -> unknown
            INSERT INTO nps_responses (respondent, user_id, customer_id, score, responded_at) VALUES
                ('learner',  1, NULL, 10, '2026-06-01 09:00:00+00'),  -- mobile
                ('learner',  1, NULL,  0, '2026-05-20 00:00:00+00'),  -- desktop (the 05-01 session)
                ('learner',  2, NULL,  9, '2026-06-01 00:00:00+00'),  -- no session at all -> unknown
                ('learner',  3, NULL,  6, '2026-06-01 00:00:00+00'),  -- no session before -> unknown
                ('learner',  2, NULL, 10, '2026-03-17 12:00:00+00'),  -- window start: in, unknown
                ('learner',  2, NULL,  0, '2026-03-17 11:59:59+00'),  -- before the window: out
                ('learner',  5, NULL,  9, '2026-06-01 00:00:00+00'),  -- tablet (tie broken by id)
                ('learner',  6, NULL,  4, '2026-06-01 00:00:00+00'),  -- unknown (latest session has no device)
                ('customer', 4, 1,     8, '2026-06-01 00:00:00+00'),  -- tablet
                ('customer', NULL, 1,  0, '2026-06-01 00:00:00+00');  -- no user: not counted
            """);

        var series = await harness.SeriesAsync("kpi_nps_by_device");

        Assert.Equal(new Dictionary<string, double>
        {
            ["kpi_nps_by_device{device=desktop,respondent=learner,window=90d}"] = -100,                 // 0
            ["kpi_nps_by_device{device=mobile,respondent=learner,window=90d}"] = 100,                   // 10
            ["kpi_nps_by_device{device=tablet,respondent=learner,window=90d}"] = 100,                   // 9
            ["kpi_nps_by_device{device=unknown,respondent=learner,window=90d}"] = 100.0 * (2 - 2) / 4,  // 9, 6, 10, 4
            ["kpi_nps_by_device{device=tablet,respondent=customer,window=90d}"] = 0,                    // 8
        }, series);
    }

    [Theory]
    [InlineData("kpi_nps_by_age_band")]
    [InlineData("kpi_nps_by_sector")]
    [InlineData("kpi_nps_by_device")]
    public async Task Breakdown_NoResponseInWindow_PublishesNoSeries(string kpi)
    {
        await using var harness = await ArrangeAsync("""
            INSERT INTO users (id, created_at, age_band) VALUES (1, '2025-01-01+00', '18-24');
            INSERT INTO user_sessions (user_id, started_at, device) VALUES (1, '2026-01-01+00', 'mobile');
            INSERT INTO nps_responses (respondent, user_id, score, responded_at) VALUES
                ('learner', 1, 10, '2026-03-17 11:59:59+00'),  -- before the window
                ('learner', 1, 10, '2026-06-20 00:00:00+00');  -- future
            """);

        var series = await harness.SeriesAsync(kpi);

        Assert.Empty(series);
    }
}

/// <summary>The facts of <see cref="SatisfactionBreakdownPackTests{TDatabase}"/> on each engine.</summary>
public static class SatisfactionBreakdownPackTests
{
    public sealed class OnPostgres(ReferenceSchemaDatabase database)
        : SatisfactionBreakdownPackTests<ReferenceSchemaDatabase>(database), IClassFixture<ReferenceSchemaDatabase>;

    public sealed class OnMySql(MySqlReferenceSchemaDatabase database)
        : SatisfactionBreakdownPackTests<MySqlReferenceSchemaDatabase>(database), IClassFixture<MySqlReferenceSchemaDatabase>;
}
