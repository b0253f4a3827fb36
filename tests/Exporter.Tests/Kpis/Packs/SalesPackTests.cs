using Exporter.Tests.Infrastructure;

namespace Exporter.Tests.Kpis.Packs;

/// <summary>
/// Pack <c>sales</c> against one hand-built funnel, on PostgreSQL and on MySQL (the same rows and facts);
/// every expected value is computed by hand.
/// </summary>
public abstract class SalesPackTests<TDatabase>(TDatabase funnel) where TDatabase : IPackDatabase
{
    private KpiHarness Harness() => funnel.Harness("sales");

    [Fact]
    public async Task VisitorToTrialRatio_Funnel_DividesChannelTrialsByChannelVisitors()
    {
        await using var harness = Harness();

        var series = await harness.SeriesAsync("kpi_visitor_to_trial_ratio");

        // Trials started in [2026-05-16 12:00, now): sea 3 (05-20, 05-16 12:00 exactly, 06-15 11:00; not 05-16 11:59:59),
        // referral 1 (06-01; not the one starting at now), unknown 1, affiliate 1.
        // Visitors: sea 400 + 600 = 1000 (not 05-16, not the future 06-16), referral 200, organic 500, webinar 0.
        Assert.Equal(new Dictionary<string, double>
        {
            ["kpi_visitor_to_trial_ratio{channel=sea,window=30d}"] = 3.0 / 1000,
            ["kpi_visitor_to_trial_ratio{channel=referral,window=30d}"] = 1.0 / 200,
            ["kpi_visitor_to_trial_ratio{channel=organic,window=30d}"] = 0.0,
            // webinar: 0 visitors; unknown, affiliate: no traffic rows -> empty denominators, no series
        }, series);
    }

    [Fact]
    public async Task LeadsCreated_Funnel_CountsLeadsPerChannelWithZerosForKnownChannels()
    {
        await using var harness = Harness();

        var series = await harness.SeriesAsync("kpi_leads_created");

        Assert.Equal(new Dictionary<string, double>
        {
            ["kpi_leads_created{channel=sea,window=30d}"] = 3,      // 05-20, 06-15 11:59:59, 05-16 12:00 (bound included)
            ["kpi_leads_created{channel=referral,window=30d}"] = 0, // its only recent lead is 1 s before the window
            ["kpi_leads_created{channel=unknown,window=30d}"] = 3,   // NULL, '' and blank channels: one series
            // webinar (created exactly at now) and affiliate (future) are not seen before now: no series
        }, series);
    }

    [Fact]
    public async Task LeadDemoConversionRatio_Funnel_SharesOfDemosThatSigned()
    {
        await using var harness = Harness();

        var series = await harness.SeriesAsync("kpi_lead_demo_conversion_ratio");

        // demo_at in [2026-03-17 12:00, now): enterprise 05-25 (signed), 06-10, 03-17 12:00 (signed; bound included);
        // individual 05-20 (signed_at in the future: not signed yet); NULL segment 04-01 (signed).
        // Excluded: the demo 1 s before the window, the partner demo exactly at now.
        Assert.Equal(new Dictionary<string, double>
        {
            ["kpi_lead_demo_conversion_ratio{segment=enterprise,window=90d}"] = 2.0 / 3,
            ["kpi_lead_demo_conversion_ratio{segment=individual,window=90d}"] = 0.0,
            ["kpi_lead_demo_conversion_ratio{segment=unknown,window=90d}"] = 1.0,
        }, series);
    }

    [Fact]
    public async Task LeadsLost_Funnel_CountsLostLeadsPerReasonWithZerosForKnownReasons()
    {
        await using var harness = Harness();

        var series = await harness.SeriesAsync("kpi_leads_lost");

        Assert.Equal(new Dictionary<string, double>
        {
            ["kpi_leads_lost{reason=price,window=90d}"] = 2,      // 05-01, 06-01
            ["kpi_leads_lost{reason=unknown,window=90d}"] = 2,    // NULL (04-01) and '' (06-10) reasons
            ["kpi_leads_lost{reason=competitor,window=90d}"] = 1, // exactly at now-90d: included
            ["kpi_leads_lost{reason=timing,window=90d}"] = 0,     // 1 s before the window: known reason, 0
            // budget: lost in the future only -> not known yet, no series
        }, series);
    }
}

public static class SalesPackTests
{
    /// <summary>
    /// now = 2026-06-15 12:00Z; now-30d = 2026-05-16 12:00, now-90d = 2026-03-17 12:00.
    /// A web_traffic day is in the 30d window when its midnight is: 2026-05-17 .. 2026-06-15.
    /// Customers S1, S2 came through sea, S3 referral, S4 no channel (unknown), S5 affiliate.
    /// </summary>
    public const string Rows = """
        INSERT INTO customers (id, name, segment, acquisition_channel, created_at) VALUES
            (1, 'S1', 'individual', 'sea', '2026-05-01+00'),
            (2, 'S2', 'individual', 'sea', '2026-05-01+00'),
            (3, 'S3', 'individual', 'referral', '2026-05-01+00'),
            (4, 'S4', 'individual', NULL, '2026-05-01+00'),
            (5, 'S5', 'individual', 'affiliate', '2026-05-01+00');
        INSERT INTO web_traffic (day, channel, visitors) VALUES
            ('2026-05-16', 'sea', 1000),
            ('2026-05-17', 'sea', 400),
            ('2026-06-15', 'sea', 600),
            ('2026-06-16', 'sea', 5000),
            ('2026-06-01', 'referral', 200),
            ('2026-06-01', 'organic', 500),
            ('2026-06-01', 'webinar', 0);
        INSERT INTO trials (customer_id, started_at, ends_at, converted_at) VALUES
            (1, '2026-05-20+00', '2026-06-03+00', NULL),
            (1, '2026-05-16 12:00+00', '2026-05-30 12:00+00', NULL),
            (2, '2026-06-15 11:00+00', '2026-06-29 11:00+00', NULL),
            (2, '2026-05-16 11:59:59+00', '2026-05-30 11:59:59+00', NULL),
            (3, '2026-06-01+00', '2026-06-15+00', NULL),
            (3, '2026-06-15 12:00+00', '2026-06-29 12:00+00', NULL),
            (4, '2026-06-01+00', '2026-06-15+00', NULL),
            (5, '2026-06-01+00', '2026-06-15+00', NULL);
        INSERT INTO leads (channel, segment, created_at, demo_at, signed_at, lost_at, lost_reason) VALUES
            ('sea', 'individual', '2026-05-20+00', NULL, NULL, NULL, NULL),
            ('sea', 'individual', '2026-06-15 11:59:59+00', NULL, NULL, NULL, NULL),
            ('sea', 'individual', '2026-05-16 12:00+00', NULL, NULL, NULL, NULL),
            ('referral', 'individual', '2026-05-16 11:59:59+00', NULL, NULL, NULL, NULL),
            (NULL, 'individual', '2026-06-01+00', NULL, NULL, NULL, NULL),
            ('', 'individual', '2026-06-02+00', NULL, NULL, NULL, NULL),
            ('  ', 'individual', '2026-06-03+00', NULL, NULL, NULL, NULL),
            ('webinar', 'individual', '2026-06-15 12:00+00', NULL, NULL, NULL, NULL),
            ('affiliate', 'individual', '2026-07-01+00', NULL, NULL, NULL, NULL),
            ('sea', 'enterprise', '2026-01-10+00', '2026-05-25+00', '2026-06-01+00', NULL, NULL),
            ('sea', 'enterprise', '2026-01-10+00', '2026-06-10+00', NULL, NULL, NULL),
            ('referral', 'enterprise', '2026-01-10+00', '2026-03-17 12:00+00', '2026-04-01+00', NULL, NULL),
            ('sea', 'individual', '2026-01-10+00', '2026-05-20+00', '2026-06-20+00', NULL, NULL),
            ('sea', 'individual', '2026-01-10+00', '2026-03-17 11:59:59+00', '2026-04-01+00', NULL, NULL),
            ('sea', NULL, '2026-01-10+00', '2026-04-01+00', '2026-04-15+00', NULL, NULL),
            ('sea', 'partner', '2026-01-10+00', '2026-06-15 12:00+00', NULL, NULL, NULL),
            ('sea', 'individual', '2026-01-05+00', NULL, NULL, '2026-05-01+00', 'price'),
            ('sea', 'individual', '2026-01-05+00', NULL, NULL, '2026-06-01+00', 'price'),
            ('sea', 'individual', '2026-01-05+00', NULL, NULL, '2026-04-01+00', NULL),
            ('sea', 'individual', '2026-01-05+00', NULL, NULL, '2026-03-17 11:59:59+00', 'timing'),
            ('sea', 'individual', '2026-01-05+00', NULL, NULL, '2026-03-17 12:00+00', 'competitor'),
            ('sea', 'individual', '2026-01-05+00', NULL, NULL, '2026-06-20+00', 'budget'),
            ('sea', 'individual', '2026-01-05+00', NULL, NULL, '2026-06-10+00', '');
        """;

    public sealed class PostgresFunnel : SeededPostgres
    {
        protected override string Rows => SalesPackTests.Rows;
    }

    public sealed class MySqlFunnel : SeededMySql
    {
        protected override string Rows => SalesPackTests.Rows;
    }

    public sealed class OnPostgres(PostgresFunnel funnel) : SalesPackTests<PostgresFunnel>(funnel), IClassFixture<PostgresFunnel>;

    public sealed class OnMySql(MySqlFunnel funnel) : SalesPackTests<MySqlFunnel>(funnel), IClassFixture<MySqlFunnel>;
}
