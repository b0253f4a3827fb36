using Exporter.Tests.Infrastructure;

namespace Exporter.Tests.Kpis.Packs;

/// <summary>
/// Pack <c>satisfaction</c>, the 7d and 30d windows of kpi_nps, kpi_nps_responses and kpi_csat_ratio (next to 90d).
/// now = 2026-06-15 12:00 UTC: now-7d = 06-08 12:00, now-30d = 05-16 12:00, now-90d = 03-17 12:00.
/// Runs on each engine (<see cref="SatisfactionWindowPackTests.OnPostgres"/>, <see cref="SatisfactionWindowPackTests.OnMySql"/>):
/// the same rows, the same expected values.
/// </summary>
public abstract class SatisfactionWindowPackTests<TDatabase>(TDatabase database) where TDatabase : IPackDatabase
{
    /// <summary>Customer responses on each window boundary; the only learner response is in the 90d window alone.</summary>
    private const string NpsAroundBoundaries = """
        INSERT INTO nps_responses (respondent, score, responded_at) VALUES
            ('customer', 10, '2026-06-08 12:00:00+00'),  -- now-7d: in 7d, 30d, 90d
            ('customer',  9, '2026-06-15 11:59:59+00'),  -- last second: in 7d, 30d, 90d
            ('customer',  0, '2026-06-08 11:59:59+00'),  -- 1s before now-7d: 30d, 90d
            ('customer',  7, '2026-05-16 12:00:00+00'),  -- now-30d: 30d, 90d
            ('customer', 10, '2026-05-16 11:59:59+00'),  -- 1s before now-30d: 90d only
            ('customer',  3, '2026-06-15 12:00:00+00'),  -- at now: out
            ('customer',  0, '2026-07-01 00:00:00+00'),  -- future: out
            ('learner',   8, '2026-04-01 00:00:00+00');  -- 90d only
        """;

    private Task<KpiHarness> ArrangeAsync(string rows) => database.ArrangeAsync(
        "satisfaction", "TRUNCATE nps_responses, csat_responses, users, customers RESTART IDENTITY CASCADE;\n" + rows);

    [Fact]
    public async Task Nps_ResponsesAroundWindowBoundaries_ScoresEachWindowAndSkipsEmptyOnes()
    {
        await using var harness = await ArrangeAsync(NpsAroundBoundaries);

        var series = await harness.SeriesAsync("kpi_nps");

        Assert.Equal(new Dictionary<string, double>
        {
            ["kpi_nps{respondent=customer,window=7d}"] = 100,  // 10, 9 -> 100 x (2 - 0) / 2
            ["kpi_nps{respondent=customer,window=30d}"] = 25,  // 10, 9, 0, 7 -> 100 x (2 - 1) / 4
            ["kpi_nps{respondent=customer,window=90d}"] = 40,  // 10, 9, 0, 7, 10 -> 100 x (3 - 1) / 5
            ["kpi_nps{respondent=learner,window=90d}"] = 0,    // 8: passive; no learner response in 7d or 30d: no series
        }, series);
    }

    [Fact]
    public async Task NpsResponses_ResponsesAroundWindowBoundaries_CountsEachWindowWithZeros()
    {
        await using var harness = await ArrangeAsync(NpsAroundBoundaries);

        var series = await harness.SeriesAsync("kpi_nps_responses");

        Assert.Equal(new Dictionary<string, double>
        {
            ["kpi_nps_responses{respondent=customer,window=7d}"] = 2,
            ["kpi_nps_responses{respondent=customer,window=30d}"] = 4,
            ["kpi_nps_responses{respondent=customer,window=90d}"] = 5,
            ["kpi_nps_responses{respondent=learner,window=7d}"] = 0,
            ["kpi_nps_responses{respondent=learner,window=30d}"] = 0,
            ["kpi_nps_responses{respondent=learner,window=90d}"] = 1,
        }, series);
    }

    [Fact]
    public async Task NpsResponses_EmptyTable_PublishesZeroForEveryRespondentAndWindow()
    {
        await using var harness = await ArrangeAsync("");

        var series = await harness.SeriesAsync("kpi_nps_responses");

        Assert.Equal(new Dictionary<string, double>
        {
            ["kpi_nps_responses{respondent=customer,window=7d}"] = 0,
            ["kpi_nps_responses{respondent=customer,window=30d}"] = 0,
            ["kpi_nps_responses{respondent=customer,window=90d}"] = 0,
            ["kpi_nps_responses{respondent=learner,window=7d}"] = 0,
            ["kpi_nps_responses{respondent=learner,window=30d}"] = 0,
            ["kpi_nps_responses{respondent=learner,window=90d}"] = 0,
        }, series);
    }

    [Fact]
    public async Task Nps_EmptyTable_PublishesNoSeries()
    {
        await using var harness = await ArrangeAsync("");

        var series = await harness.SeriesAsync("kpi_nps");

        Assert.Empty(series);
    }

    [Fact]
    public async Task CsatRatio_ResponsesAroundWindowBoundaries_SharesPerWindowAndSkipsEmptyOnes()
    {
        await using var harness = await ArrangeAsync("""
            INSERT INTO csat_responses (touchpoint, score, responded_at) VALUES
                ('onboarding', 5, '2026-06-08 12:00:00+00'),  -- now-7d: 7d, 30d, 90d
                ('onboarding', 2, '2026-06-08 11:59:59+00'),  -- 30d, 90d
                ('onboarding', 4, '2026-05-16 12:00:00+00'),  -- now-30d: 30d, 90d
                ('onboarding', 1, '2026-05-16 11:59:59+00'),  -- 90d only
                ('onboarding', 5, '2026-06-15 12:00:00+00'),  -- at now: out
                ('support', 3, '2026-04-01 00:00:00+00');     -- 90d only
            """);

        var series = await harness.SeriesAsync("kpi_csat_ratio");

        Assert.Equal(new Dictionary<string, double>
        {
            ["kpi_csat_ratio{touchpoint=onboarding,window=7d}"] = 1,         // 5
            ["kpi_csat_ratio{touchpoint=onboarding,window=30d}"] = 2.0 / 3,  // 5, 4 of 5, 2, 4
            ["kpi_csat_ratio{touchpoint=onboarding,window=90d}"] = 0.5,      // 5, 4 of 5, 2, 4, 1
            ["kpi_csat_ratio{touchpoint=support,window=90d}"] = 0,           // 3; nothing in 7d, 30d: no series
        }, series);
    }
}

/// <summary>The facts of <see cref="SatisfactionWindowPackTests{TDatabase}"/> on each engine.</summary>
public static class SatisfactionWindowPackTests
{
    public sealed class OnPostgres(ReferenceSchemaDatabase database)
        : SatisfactionWindowPackTests<ReferenceSchemaDatabase>(database), IClassFixture<ReferenceSchemaDatabase>;

    public sealed class OnMySql(MySqlReferenceSchemaDatabase database)
        : SatisfactionWindowPackTests<MySqlReferenceSchemaDatabase>(database), IClassFixture<MySqlReferenceSchemaDatabase>;
}
