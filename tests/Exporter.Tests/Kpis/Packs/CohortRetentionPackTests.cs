using Exporter.Tests.Infrastructure;

namespace Exporter.Tests.Kpis.Packs;

/// <summary>
/// Pack <c>engagement</c>, kpi_user_cohort_retention_ratio. now = 2026-06-15 12:00 UTC: the current month is
/// 2026-06, the cohorts are 2025-11 .. 2026-05, and month k of a cohort is published once it has ended (by 2026-06-01).
/// The same facts run on PostgreSQL and on MySQL.
/// </summary>
public abstract class CohortRetentionPackTests<TDatabase>(TDatabase database) where TDatabase : IPackDatabase
{
    private const string Kpi = "kpi_user_cohort_retention_ratio";

    // The truncate names the tables that reference users: MySQL has no TRUNCATE ... CASCADE.
    private Task<KpiHarness> ArrangeAsync(string rows) =>
        database.ArrangeAsync("engagement", "TRUNCATE users, user_sessions, activity_events RESTART IDENTITY CASCADE;\n" + rows);

    [Fact]
    public async Task CohortRetention_SevenCohorts_PublishesTheTwentyOneEndedMonths()
    {
        await using var harness = await ArrangeAsync("""
            INSERT INTO users (id, created_at) VALUES
                (1, '2025-11-01 00:00:00+00'),   -- first instant of 2025-11
                (2, '2025-12-01 00:30:00+01'),   -- = 2025-11-30 23:30 UTC: cohort 2025-11, not 2025-12
                (3, '2025-12-31 23:59:59+00'),
                (4, '2026-01-05+00'), (5, '2026-01-06+00'), (6, '2026-01-07+00'), (7, '2026-01-08+00'),
                (8, '2026-02-10+00'),
                (9, '2026-03-10+00'),
                (10, '2026-04-10+00'),
                (11, '2026-05-10+00'),
                (12, '2025-10-31 23:59:59+00'),  -- before the oldest cohort: none of its own
                (13, '2026-06-01 00:00:00+00');  -- current month: not a cohort yet
            INSERT INTO user_sessions (user_id, started_at) VALUES
                (1, '2025-11-20+00'),                 -- month 0: not a retention month
                (1, '2025-12-15+00'),                 -- 2025-11 month 1
                (1, '2026-02-28 23:59:59+00'),        -- 2025-11 month 3
                (1, '2026-03-01 00:30:00+01'),        -- = 2026-02-28 23:30 UTC: month 3 again, not month 4
                (1, '2026-06-01 00:00:00+00'),        -- current month: never counted
                (2, '2025-12-01 00:00:00+00'),        -- 2025-11 month 1 (first instant of December)
                (2, '2026-05-31 23:59:59+00'),        -- 2025-11 month 6 (last second of May)
                (3, '2026-01-10+00'), (3, '2026-01-20+00'),  -- 2025-12 month 1, counted once
                (4, '2026-02-01+00'), (5, '2026-02-27+00'),  -- 2026-01 month 1
                (6, '2026-04-15+00'),                        -- 2026-01 month 3
                (9, '2026-05-03+00'),                        -- 2026-03 month 2
                (10, '2026-05-31 23:59:59+00'),              -- 2026-04 month 1
                (10, '2026-06-01 00:00:00+00'),              -- 2026-04 month 2: not ended, not published
                (11, '2026-06-10+00'),                       -- 2026-05 month 1: not ended, not published
                (12, '2025-11-15+00'), (12, '2025-12-15+00'),
                (13, '2026-06-02+00');
            """);

        var series = await harness.SeriesAsync(Kpi);

        Assert.Equal(new Dictionary<string, double>
        {
            // 2025-11: users 1, 2
            [$"{Kpi}{{cohort=2025-11,month=1}}"] = 1,
            [$"{Kpi}{{cohort=2025-11,month=2}}"] = 0,
            [$"{Kpi}{{cohort=2025-11,month=3}}"] = 0.5,
            [$"{Kpi}{{cohort=2025-11,month=4}}"] = 0,
            [$"{Kpi}{{cohort=2025-11,month=5}}"] = 0,
            [$"{Kpi}{{cohort=2025-11,month=6}}"] = 0.5,
            // 2025-12: user 3
            [$"{Kpi}{{cohort=2025-12,month=1}}"] = 1,
            [$"{Kpi}{{cohort=2025-12,month=2}}"] = 0,
            [$"{Kpi}{{cohort=2025-12,month=3}}"] = 0,
            [$"{Kpi}{{cohort=2025-12,month=4}}"] = 0,
            [$"{Kpi}{{cohort=2025-12,month=5}}"] = 0,
            // 2026-01: users 4, 5, 6, 7
            [$"{Kpi}{{cohort=2026-01,month=1}}"] = 0.5,
            [$"{Kpi}{{cohort=2026-01,month=2}}"] = 0,
            [$"{Kpi}{{cohort=2026-01,month=3}}"] = 0.25,
            [$"{Kpi}{{cohort=2026-01,month=4}}"] = 0,
            // 2026-02: user 8, never seen again
            [$"{Kpi}{{cohort=2026-02,month=1}}"] = 0,
            [$"{Kpi}{{cohort=2026-02,month=2}}"] = 0,
            [$"{Kpi}{{cohort=2026-02,month=3}}"] = 0,
            // 2026-03: user 9
            [$"{Kpi}{{cohort=2026-03,month=1}}"] = 0,
            [$"{Kpi}{{cohort=2026-03,month=2}}"] = 1,
            // 2026-04: user 10
            [$"{Kpi}{{cohort=2026-04,month=1}}"] = 1,
            // 2026-05: month 1 is June, not ended: no series
        }, series);
    }

    [Fact]
    public async Task CohortRetention_EmptyCohorts_PublishNoSeries()
    {
        await using var harness = await ArrangeAsync("""
            INSERT INTO users (id, created_at) VALUES (1, '2026-03-31 23:59:59+00'), (2, '2026-03-01 00:00:00+00');
            INSERT INTO user_sessions (user_id, started_at) VALUES (1, '2026-04-01 00:00:00+00');
            """);

        var series = await harness.SeriesAsync(Kpi);

        Assert.Equal(new Dictionary<string, double>
        {
            [$"{Kpi}{{cohort=2026-03,month=1}}"] = 0.5,  // user 1 in April
            [$"{Kpi}{{cohort=2026-03,month=2}}"] = 0,
        }, series);
    }

    [Fact]
    public async Task CohortRetention_NoUsers_PublishesNoSeries()
    {
        await using var harness = await ArrangeAsync("");

        var series = await harness.SeriesAsync(Kpi);

        Assert.Empty(series);
    }
}

public static class CohortRetentionPackTests
{
    public sealed class OnPostgres(ReferenceSchemaDatabase database)
        : CohortRetentionPackTests<ReferenceSchemaDatabase>(database), IClassFixture<ReferenceSchemaDatabase>;

    public sealed class OnMySql(MySqlReferenceSchemaDatabase database)
        : CohortRetentionPackTests<MySqlReferenceSchemaDatabase>(database), IClassFixture<MySqlReferenceSchemaDatabase>;
}
