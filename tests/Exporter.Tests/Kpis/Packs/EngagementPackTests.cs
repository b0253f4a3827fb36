using Exporter.Configuration;
using Exporter.Kpis;
using Exporter.Tests.Infrastructure;

namespace Exporter.Tests.Kpis.Packs;

/// <summary>
/// The <c>engagement</c> pack against hand-built data, now frozen at 2026-06-15 12:00:00+00. Each test replaces
/// the data with its own rows, so every expected value can be computed by hand from the test alone.
/// Useful instants: now-1d = 06-14 12:00, now-7d = 06-08 12:00, now-14d = 06-01 12:00, now-30d = 05-16 12:00,
/// now-37d = 05-09 12:00, now-90d = 03-17 12:00, now-97d = 03-10 12:00.
/// The same facts run on PostgreSQL and on MySQL (<see cref="EngagementPackTests.OnPostgres"/>, <see cref="EngagementPackTests.OnMySql"/>).
/// </summary>
public abstract class EngagementPackTests<TDatabase>(TDatabase database) where TDatabase : IPackDatabase
{
    private static readonly DateTimeOffset Now = TestClock.Now;

    /// <summary>Users 1..9, created long before every window unless a test creates its own.</summary>
    private const string NineUsers = """
        insert into users (id, created_at) values
          (1, '2026-01-01 00:00:00+00'), (2, '2026-01-01 00:00:00+00'), (3, '2026-01-01 00:00:00+00'),
          (4, '2026-01-01 00:00:00+00'), (5, '2026-01-01 00:00:00+00'), (6, '2026-01-01 00:00:00+00'),
          (7, '2026-01-01 00:00:00+00'), (8, '2026-01-01 00:00:00+00'), (9, '2026-01-01 00:00:00+00');

        """;

    private Task<KpiHarness> GivenAsync(string rows) =>
        database.ArrangeAsync("engagement", "truncate users, user_sessions, activity_events restart identity cascade;\n" + rows);

    [Fact]
    public async Task ActiveUsers_SessionsAroundBoundaries_CountsDistinctUsersPerWindow()
    {
        await using var harness = await GivenAsync(NineUsers + """
            insert into user_sessions (user_id, started_at, device) values
              (1, '2026-06-15 11:00:00+00', 'desktop'),  -- now-1h: 1d, 7d, 30d
              (1, '2026-06-15 11:30:00+00', 'desktop'),  -- a second session of user 1 counts once
              (2, '2026-06-14 12:00:00+00', 'mobile'),   -- exactly now-1d: inside 1d (start included)
              (3, '2026-06-08 12:00:00+00', 'mobile'),   -- exactly now-7d: inside 7d, not 1d
              (4, '2026-06-08 11:59:59+00', 'tablet'),   -- 1s before now-7d: 30d only
              (5, '2026-05-16 12:00:00+00', 'desktop'),  -- exactly now-30d: inside 30d
              (6, '2026-05-16 11:59:59+00', 'desktop'),  -- 1s before now-30d: outside every window
              (7, '2026-06-15 12:00:00+00', 'desktop'),  -- exactly now: excluded (end open)
              (7, '2026-06-16 09:00:00+00', 'desktop');  -- future: excluded
            """);

        var series = await harness.SeriesAsync("kpi_active_users");

        Assert.Equal(new Dictionary<string, double>
        {
            ["kpi_active_users{window=1d}"] = 2,   // users 1, 2
            ["kpi_active_users{window=7d}"] = 3,   // users 1, 2, 3
            ["kpi_active_users{window=30d}"] = 5,  // users 1, 2, 3, 4, 5
        }, series);
    }

    [Fact]
    public async Task ActiveUsers_NoSessionInWindow_PublishesZeroForEveryWindow()
    {
        await using var harness = await GivenAsync(NineUsers + """
            insert into user_sessions (user_id, started_at) values (1, '2026-05-01 00:00:00+00'); -- before now-30d
            """);

        var series = await harness.SeriesAsync("kpi_active_users");

        Assert.Equal(new Dictionary<string, double>
        {
            ["kpi_active_users{window=1d}"] = 0,
            ["kpi_active_users{window=7d}"] = 0,
            ["kpi_active_users{window=30d}"] = 0,
        }, series);
    }

    [Fact]
    public async Task ActiveUsersByDevice_UserOnTwoDevices_CountsInBothAndKnownDevicesGetZero()
    {
        await using var harness = await GivenAsync(NineUsers + """
            insert into user_sessions (user_id, started_at, device) values
              (1, '2026-06-13 12:00:00+00', 'desktop'),
              (1, '2026-06-10 12:00:00+00', 'mobile'),   -- user 1 on two devices: counts in both
              (1, '2026-06-05 12:00:00+00', 'desktop'),  -- and once per device
              (2, '2026-06-14 12:00:00+00', 'desktop'),
              (3, '2026-06-12 12:00:00+00', null),       -- no device: unknown
              (4, '2026-05-16 12:00:00+00', 'mobile'),   -- exactly now-30d: included
              (5, '2026-06-15 12:00:00+00', 'tablet'),   -- exactly now: excluded
              (5, '2026-06-20 12:00:00+00', 'tablet'),   -- future: excluded
              (5, '2026-05-15 12:00:00+00', 'tablet');   -- now-31d: excluded
            """);

        var series = await harness.SeriesAsync("kpi_active_users_by_device");

        Assert.Equal(new Dictionary<string, double>
        {
            ["kpi_active_users_by_device{device=desktop,window=30d}"] = 2,  // users 1, 2
            ["kpi_active_users_by_device{device=mobile,window=30d}"] = 2,   // users 1, 4
            ["kpi_active_users_by_device{device=tablet,window=30d}"] = 0,   // user 5 only outside the window
            ["kpi_active_users_by_device{device=unknown,window=30d}"] = 1,  // user 3
        }, series);
    }

    [Fact]
    public async Task ActiveUsersByCountry_UserInTwoCountries_CountsInBothAndMissingCountryIsUnknown()
    {
        await using var harness = await GivenAsync(NineUsers + """
            insert into user_sessions (user_id, started_at, country) values
              (1, '2026-06-14 10:00:00+00', 'FR'),
              (1, '2026-06-10 10:00:00+00', 'DE'),       -- user 1 travels: FR and DE
              (1, '2026-06-09 10:00:00+00', 'FR'),
              (2, '2026-06-01 10:00:00+00', 'FR'),
              (3, '2026-06-02 10:00:00+00', null),       -- unknown
              (4, '2026-06-03 10:00:00+00', ''),         -- empty: unknown too, same series as NULL
              (5, '2026-05-16 11:59:59+00', 'US'),       -- 1s before now-30d: no US series at all
              (6, '2026-06-15 12:00:00+00', 'GB');       -- exactly now: excluded
            """);

        var series = await harness.SeriesAsync("kpi_active_users_by_country");

        Assert.Equal(new Dictionary<string, double>
        {
            ["kpi_active_users_by_country{country=DE,window=30d}"] = 1,       // user 1
            ["kpi_active_users_by_country{country=FR,window=30d}"] = 2,       // users 1, 2
            ["kpi_active_users_by_country{country=unknown,window=30d}"] = 2,  // users 3, 4
        }, series);
    }

    [Fact]
    public async Task SessionsPerActiveUser_SessionsAroundBoundaries_DividesSessionsByUsers()
    {
        await using var harness = await GivenAsync(NineUsers + """
            insert into user_sessions (user_id, started_at) values
              (1, '2026-06-08 12:00:00+00'),   -- exactly now-7d: included
              (1, '2026-06-10 12:00:00+00'),
              (1, '2026-06-15 11:59:59+00'),
              (2, '2026-06-12 12:00:00+00'),
              (2, '2026-06-08 11:59:59+00'),   -- before now-7d: excluded
              (2, '2026-06-15 12:00:00+00'),   -- exactly now: excluded
              (3, '2026-06-16 12:00:00+00');   -- future: excluded (user 3 is not active)
            """);

        var series = await harness.SeriesAsync("kpi_sessions_per_active_user");

        // 4 sessions (user 1: 3, user 2: 1) / 2 users = 2
        Assert.Equal(new Dictionary<string, double> { ["kpi_sessions_per_active_user{window=7d}"] = 2 }, series);
    }

    [Fact]
    public async Task SessionsPerActiveUser_NoSessionInWindow_PublishesNoSeries()
    {
        await using var harness = await GivenAsync(NineUsers + """
            insert into user_sessions (user_id, started_at) values (1, '2026-06-08 11:59:59+00'), (1, '2026-06-15 12:00:00+00');
            """);

        Assert.Empty(await harness.SeriesAsync("kpi_sessions_per_active_user"));
    }

    [Fact]
    public async Task FeatureAdoptionRatio_EventsAroundBoundaries_DividesFeatureUsersByActiveUsers()
    {
        await using var harness = await GivenAsync(NineUsers + """
            -- active users in 30d: 1, 2, 3, 4 (4). User 5 has events but no session in the window.
            insert into user_sessions (user_id, started_at) values
              (1, '2026-06-14 12:00:00+00'), (2, '2026-06-01 12:00:00+00'),
              (3, '2026-05-16 12:00:00+00'), (4, '2026-06-15 11:00:00+00'),
              (5, '2026-05-01 12:00:00+00');   -- before the window: user 5 is not active
            insert into activity_events (user_id, occurred_at, feature) values
              (1, '2026-06-14 12:05:00+00', 'search'),
              (1, '2026-06-14 12:06:00+00', 'search'),   -- twice by user 1: counts once
              (2, '2026-06-01 12:05:00+00', 'search'),
              (1, '2026-06-14 12:07:00+00', 'export'),
              (2, '2026-06-02 12:05:00+00', 'export'),
              (3, '2026-05-16 12:00:00+00', 'export'),   -- exactly now-30d: included
              (4, '2026-05-16 11:59:59+00', 'share'),    -- before now-30d: excluded
              (4, '2026-06-15 12:00:00+00', 'share'),    -- exactly now: excluded
              (1, '2026-06-16 12:00:00+00', 'share'),    -- future: excluded, so no share series
              (5, '2026-06-10 12:00:00+00', 'import');   -- only by a user without a session: 0
            """);

        var series = await harness.SeriesAsync("kpi_feature_adoption_ratio");

        Assert.Equal(new Dictionary<string, double>
        {
            ["kpi_feature_adoption_ratio{feature=export,window=30d}"] = 0.75,  // users 1, 2, 3 / 4
            ["kpi_feature_adoption_ratio{feature=import,window=30d}"] = 0,     // user 5 is not an active user / 4
            ["kpi_feature_adoption_ratio{feature=search,window=30d}"] = 0.5,   // users 1, 2 / 4
        }, series);
    }

    [Fact]
    public async Task FeatureAdoptionRatio_NoActiveUsers_PublishesNoSeries()
    {
        await using var harness = await GivenAsync(NineUsers + """
            insert into activity_events (user_id, occurred_at, feature) values (1, '2026-06-14 12:00:00+00', 'search');
            """);

        Assert.Empty(await harness.SeriesAsync("kpi_feature_adoption_ratio"));
    }

    [Fact]
    public async Task Signups_UsersAroundBoundaries_CountsUsersCreatedPerWindow()
    {
        await using var harness = await GivenAsync("""
            insert into users (id, created_at) values
              (1, '2026-06-15 11:00:00+00'),   -- now-1h: 1d and 30d
              (2, '2026-06-14 12:00:00+00'),   -- exactly now-1d: 1d and 30d
              (3, '2026-06-14 11:59:59+00'),   -- 30d only
              (4, '2026-05-16 12:00:00+00'),   -- exactly now-30d: 30d
              (5, '2026-05-16 11:59:59+00'),   -- before now-30d: excluded
              (6, '2026-06-15 12:00:00+00'),   -- exactly now: excluded
              (7, '2026-06-18 00:00:00+00');   -- future: excluded
            """);

        var series = await harness.SeriesAsync("kpi_signups");

        Assert.Equal(new Dictionary<string, double>
        {
            ["kpi_signups{window=1d}"] = 2,   // users 1, 2
            ["kpi_signups{window=30d}"] = 4,  // users 1, 2, 3, 4
        }, series);
    }

    [Fact]
    public async Task Signups_NoUsers_PublishesZeroForEveryWindow()
    {
        await using var harness = await GivenAsync("");

        var series = await harness.SeriesAsync("kpi_signups");

        Assert.Equal(new Dictionary<string, double> { ["kpi_signups{window=1d}"] = 0, ["kpi_signups{window=30d}"] = 0 }, series);
    }

    [Fact]
    public async Task ActivationRatio_CohortAroundBoundaries_SharesActivatedWithinSevenDays()
    {
        // Cohort: created in [now-37d, now-7d) = [05-09 12:00, 06-08 12:00).
        await using var harness = await GivenAsync("""
            insert into users (id, created_at, activated_at) values
              (1, '2026-05-09 12:00:00+00', '2026-05-16 12:00:00+00'),  -- cohort start; activated exactly +7d: yes
              (2, '2026-05-20 00:00:00+00', '2026-05-27 00:00:01+00'),  -- activated +7d 1s: no
              (3, '2026-06-01 00:00:00+00', null),                      -- never activated: no
              (4, '2026-06-08 11:00:00+00', '2026-06-08 12:00:00+00'),  -- activated after 1h: yes
              (5, '2026-06-08 12:00:00+00', '2026-06-08 12:00:00+00'),  -- created exactly now-7d: not in cohort
              (6, '2026-05-09 11:59:59+00', '2026-05-09 12:00:00+00');  -- created before now-37d: not in cohort
            """);

        var series = await harness.SeriesAsync("kpi_activation_ratio");

        // users 1, 4 activated in time / cohort 1, 2, 3, 4 = 2 / 4
        Assert.Equal(new Dictionary<string, double> { ["kpi_activation_ratio{window=30d}"] = 0.5 }, series);
    }

    [Fact]
    public async Task ActivationRatio_EmptyCohort_PublishesNoSeries()
    {
        await using var harness = await GivenAsync("""
            insert into users (id, created_at, activated_at) values (1, '2026-06-10 00:00:00+00', '2026-06-10 01:00:00+00');
            """);

        Assert.Empty(await harness.SeriesAsync("kpi_activation_ratio"));
    }

    [Fact]
    public async Task TimeToActivationSeconds_ActivationsAroundBoundaries_PublishesExactMeanAndMedian()
    {
        // Users with activated_at in [now-30d, now) = [05-16 12:00, 06-15 12:00).
        await using var harness = await GivenAsync("""
            insert into users (id, created_at, activated_at) values
              (1, '2026-05-10 12:00:00+00', '2026-05-16 12:00:00+00'),  -- exactly now-30d: 6 days = 518400 s
              (2, '2026-06-01 00:00:00+00', '2026-06-01 01:00:00+00'),  -- 3600 s
              (3, '2026-06-10 00:00:00+00', '2026-06-11 00:00:00+00'),  -- 86400 s
              (4, '2026-06-14 00:00:00+00', '2026-06-14 00:00:30+00'),  -- 30 s
              (5, '2026-06-01 00:00:00+00', '2026-06-15 12:00:00+00'),  -- activated exactly now: excluded
              (6, '2026-05-01 00:00:00+00', '2026-05-16 11:59:59+00'),  -- before now-30d: excluded
              (7, '2026-06-01 00:00:00+00', null);                      -- never activated
            """);

        var series = await harness.SeriesAsync("kpi_time_to_activation_seconds");

        Assert.Equal(new Dictionary<string, double>
        {
            ["kpi_time_to_activation_seconds{stat=mean,window=30d}"] = 152107.5,  // (30 + 3600 + 86400 + 518400) / 4 = 608430 / 4
            ["kpi_time_to_activation_seconds{stat=median,window=30d}"] = 45000,   // (3600 + 86400) / 2, the two middle values
        }, series);
    }

    [Fact]
    public async Task TimeToActivationSeconds_OddCount_MedianIsTheMiddleValue()
    {
        await using var harness = await GivenAsync("""
            insert into users (id, created_at, activated_at) values
              (1, '2026-06-01 00:00:00+00', '2026-06-01 00:01:00+00'),  -- 60 s
              (2, '2026-06-02 00:00:00+00', '2026-06-02 00:02:00+00'),  -- 120 s
              (3, '2026-06-03 00:00:00+00', '2026-06-03 01:00:00+00');  -- 3600 s
            """);

        var series = await harness.SeriesAsync("kpi_time_to_activation_seconds");

        Assert.Equal(new Dictionary<string, double>
        {
            ["kpi_time_to_activation_seconds{stat=mean,window=30d}"] = 1260,   // (60 + 120 + 3600) / 3 = 3780 / 3
            ["kpi_time_to_activation_seconds{stat=median,window=30d}"] = 120,
        }, series);
    }

    [Fact]
    public async Task TimeToActivationSeconds_NoActivationInWindow_PublishesNoSeries()
    {
        await using var harness = await GivenAsync("""
            insert into users (id, created_at, activated_at) values (1, '2026-05-01 00:00:00+00', '2026-05-02 00:00:00+00');
            """);

        Assert.Empty(await harness.SeriesAsync("kpi_time_to_activation_seconds"));
    }

    [Fact]
    public async Task UserRetentionRatio_CohortsAroundBoundaries_SharesWithSessionInLastSevenDays()
    {
        // Session window [now-7d, now) = [06-08 12:00, 06-15 12:00).
        // days=7: created in [06-01 12:00, 06-08 12:00); days=30: [05-09 12:00, 05-16 12:00); days=90: [03-10 12:00, 03-17 12:00).
        await using var harness = await GivenAsync("""
            insert into users (id, created_at) values
              (1, '2026-06-01 12:00:00+00'),   -- days=7 (cohort start)
              (2, '2026-06-05 00:00:00+00'),   -- days=7
              (3, '2026-06-07 00:00:00+00'),   -- days=7
              (4, '2026-06-08 12:00:00+00'),   -- exactly now-7d: in no cohort
              (5, '2026-05-10 00:00:00+00'),   -- days=30
              (6, '2026-05-16 11:59:59+00'),   -- days=30 (last second of the cohort)
              (7, '2026-05-16 12:00:00+00');   -- exactly now-30d: in no cohort
            insert into user_sessions (user_id, started_at) values
              (1, '2026-06-08 12:00:00+00'),   -- exactly now-7d: retained
              (2, '2026-06-08 11:59:59+00'),   -- just before the window: not retained
              (3, '2026-06-15 12:00:00+00'),   -- exactly now: not retained
              (3, '2026-06-16 12:00:00+00'),   -- future: not retained
              (4, '2026-06-10 00:00:00+00'),
              (5, '2026-06-14 00:00:00+00'),   -- retained
              (6, '2026-06-10 00:00:00+00'),   -- retained
              (6, '2026-06-11 00:00:00+00'),   -- a second session does not count twice
              (7, '2026-06-10 00:00:00+00');
            """);

        var series = await harness.SeriesAsync("kpi_user_retention_ratio");

        Assert.Equal(new Dictionary<string, double>
        {
            ["kpi_user_retention_ratio{days=7}"] = 1.0 / 3,  // user 1 of users 1, 2, 3
            ["kpi_user_retention_ratio{days=30}"] = 1,       // users 5, 6 of users 5, 6
            // days=90: empty cohort, no series
        }, series);
    }
}

public static class EngagementPackTests
{
    public sealed class OnPostgres(ReferenceSchemaDatabase database)
        : EngagementPackTests<ReferenceSchemaDatabase>(database), IClassFixture<ReferenceSchemaDatabase>;

    public sealed class OnMySql(MySqlReferenceSchemaDatabase database)
        : EngagementPackTests<MySqlReferenceSchemaDatabase>(database), IClassFixture<MySqlReferenceSchemaDatabase>;
}
