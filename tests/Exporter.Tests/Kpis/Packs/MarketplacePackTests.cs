using Exporter.Configuration;
using Exporter.Kpis;
using Exporter.Tests.Infrastructure;

namespace Exporter.Tests.Kpis.Packs;

/// <summary>
/// Pack <c>marketplace</c> on hand-built data. now = 2026-06-15 12:00 UTC: the 30-day window is
/// [2026-05-16 12:00, now), the leakage range [now - 90d, now - 7d) = [2026-03-17 12:00, 2026-06-08 12:00).
/// The same facts run on PostgreSQL (<see cref="MarketplacePackOnPostgresTests"/>) and on MySQL / MariaDB
/// (<see cref="MarketplacePackOnMySqlTests"/>), with the same rows and the same expected values.
/// </summary>
public abstract class MarketplacePackTests<TDatabase>(TDatabase database) where TDatabase : IPackDatabase
{
    private static readonly DateTimeOffset Now = TestClock.Now;

    /// <summary>Empties the tables, inserts <paramref name="rows"/> and returns a harness with the pack enabled.</summary>
    private Task<KpiHarness> ArrangeAsync(string rows) =>
        database.ArrangeAsync("marketplace", "TRUNCATE marketplace_transactions, marketplace_listings RESTART IDENTITY CASCADE;\n" + rows);

    [Fact]
    public async Task Pack_Enabled_UsesDocumentedSchedules()
    {
        await using var harness = database.Harness("marketplace");

        var schedules = harness.Definition.Targets.ToDictionary(t => t.Kpi.Name, t => t.Kpi.Schedule.Text);

        Assert.Equal(new Dictionary<string, string>
        {
            ["kpi_marketplace_match_rate_ratio"] = "5m",
            ["kpi_marketplace_time_to_first_reply_seconds"] = "5m",
            ["kpi_marketplace_open_listings"] = "5m",
            ["kpi_marketplace_liquidity_ratio"] = "5m",
            ["kpi_marketplace_gmv"] = "5m",
            ["kpi_marketplace_leakage_ratio"] = "5m",
        }, schedules);
    }

    [Fact]
    public async Task MatchRate_ListingsCreatedInWindow_ShareMatchedAtNowPerSide()
    {
        await using var harness = await ArrangeAsync("""
            INSERT INTO marketplace_listings (side, created_at, matched_at, closed_at) VALUES
                ('supply', '2026-05-16 12:00:00+00', '2026-05-20+00', NULL),  -- window start, matched
                ('supply', '2026-06-01+00', '2026-06-02+00', '2026-06-03+00'),  -- matched and closed: matched
                ('supply', '2026-06-10+00', NULL, NULL),
                ('supply', '2026-06-15 11:59:59+00', '2026-06-20+00', NULL),  -- matched after now: not matched
                ('supply', '2026-05-16 11:59:59+00', '2026-05-17+00', NULL),  -- before the window: out
                ('demand', '2026-06-01+00', '2026-06-05+00', NULL),
                ('demand', '2026-06-02+00', NULL, '2026-06-04+00'),  -- closed unmatched
                ('demand', '2026-06-03+00', NULL, NULL),
                ('demand', '2026-06-15 12:00:00+00', '2026-06-15 12:00:00+00', NULL),  -- created at now: out
                ('demand', '2026-06-20+00', '2026-06-21+00', NULL);  -- future: out
            """);

        var series = await harness.SeriesAsync("kpi_marketplace_match_rate_ratio");

        Assert.Equal(new Dictionary<string, double>
        {
            // 2 matched of 4
            ["kpi_marketplace_match_rate_ratio{side=supply,window=30d}"] = 0.5,
            // 1 matched of 3
            ["kpi_marketplace_match_rate_ratio{side=demand,window=30d}"] = 1.0 / 3,
        }, series);
    }

    [Fact]
    public async Task TimeToFirstReply_RepliesInWindow_MeanPerSide()
    {
        await using var harness = await ArrangeAsync("""
            INSERT INTO marketplace_listings (side, created_at, first_reply_at) VALUES
                ('supply', '2026-05-10 12:00:00+00', '2026-05-16 12:00:00+00'),  -- reply at window start: 6 days = 518400 s
                ('supply', '2026-06-01 00:00:00+00', '2026-06-01 01:00:00+00'),  -- 3600 s
                ('supply', '2026-05-10 00:00:00+00', '2026-05-16 11:59:59+00'),  -- reply before the window: out
                ('supply', '2026-06-10 00:00:00+00', NULL),  -- no reply: out
                ('demand', '2026-06-10 00:00:00+00', '2026-06-10 00:30:00+00'),  -- 1800 s
                ('demand', '2026-06-15 11:00:00+00', '2026-06-15 12:00:00+00'),  -- reply at now: out
                ('demand', '2026-06-14 00:00:00+00', '2026-06-16 00:00:00+00');  -- reply in the future: out
            """);

        var series = await harness.SeriesAsync("kpi_marketplace_time_to_first_reply_seconds");

        Assert.Equal(new Dictionary<string, double>
        {
            // (518400 + 3600) / 2
            ["kpi_marketplace_time_to_first_reply_seconds{side=supply,window=30d}"] = 261000,
            ["kpi_marketplace_time_to_first_reply_seconds{side=demand,window=30d}"] = 1800,
        }, series);
    }

    /// <summary>Open at now: supply 3 (listings 1, 2, 3), demand 1 (listing 8).</summary>
    private const string OpenListings = """
        INSERT INTO marketplace_listings (id, side, created_at, matched_at, closed_at) VALUES
            (1, 'supply', '2026-01-01+00', NULL, NULL),  -- open
            (2, 'supply', '2026-06-01+00', '2026-06-20+00', NULL),  -- matched after now: open
            (3, 'supply', '2026-06-01+00', NULL, '2026-06-16+00'),  -- closed after now: open
            (4, 'supply', '2026-06-01+00', '2026-06-02+00', '2026-06-03+00'),  -- matched and closed
            (5, 'supply', '2026-06-20+00', NULL, NULL),  -- created in the future: ignored
            (6, 'supply', '2026-06-01+00', '2026-06-15 12:00:00+00', NULL),  -- matched at now: not open
            (7, 'supply', '2026-06-01+00', '2026-06-20+00', '2026-06-10+00'),  -- closed before now: not open
            (8, 'demand', '2026-06-01+00', NULL, NULL),  -- open
            (9, 'demand', '2026-05-01+00', NULL, '2026-05-02+00'),  -- closed
            (10, 'demand', '2026-06-15 12:00:00+00', NULL, NULL);  -- created at now: not before now
        """;

    [Fact]
    public async Task OpenListings_Now_CountsNeitherMatchedNorClosedPerSide()
    {
        await using var harness = await ArrangeAsync(OpenListings);

        var series = await harness.SeriesAsync("kpi_marketplace_open_listings");

        Assert.Equal(new Dictionary<string, double>
        {
            ["kpi_marketplace_open_listings{side=demand}"] = 1,
            ["kpi_marketplace_open_listings{side=supply}"] = 3,
        }, series);
    }

    [Fact]
    public async Task OpenListings_EmptyTable_PublishesZeroForBothSides()
    {
        await using var harness = await ArrangeAsync("");

        var series = await harness.SeriesAsync("kpi_marketplace_open_listings");

        Assert.Equal(new Dictionary<string, double>
        {
            ["kpi_marketplace_open_listings{side=demand}"] = 0,
            ["kpi_marketplace_open_listings{side=supply}"] = 0,
        }, series);
    }

    [Fact]
    public async Task LiquidityRatio_OpenListings_SupplyPerDemand()
    {
        await using var harness = await ArrangeAsync(OpenListings);

        var series = await harness.SeriesAsync("kpi_marketplace_liquidity_ratio");

        Assert.Equal(new Dictionary<string, double>
        {
            // 3 open supply / 1 open demand
            ["kpi_marketplace_liquidity_ratio{}"] = 3,
        }, series);
    }

    [Fact]
    public async Task LiquidityRatio_NoOpenDemand_PublishesNothing()
    {
        await using var harness = await ArrangeAsync("""
            INSERT INTO marketplace_listings (side, created_at, matched_at) VALUES
                ('supply', '2026-06-01+00', NULL),
                ('demand', '2026-06-01+00', '2026-06-02+00'),  -- matched: not open
                ('demand', '2026-06-20+00', NULL);  -- future: ignored
            """);

        var series = await harness.SeriesAsync("kpi_marketplace_liquidity_ratio");

        Assert.Empty(series);
    }

    [Fact]
    public async Task Gmv_TransactionsInWindow_SumPerCurrencyWithZeroForKnownCurrencies()
    {
        await using var harness = await ArrangeAsync("""
            INSERT INTO marketplace_listings (id, side, created_at) VALUES (1, 'supply', '2025-01-01+00');
            INSERT INTO marketplace_transactions (listing_id, currency, amount_cents, occurred_at) VALUES
                (1, 'EUR', 12345, '2026-05-16 12:00:00+00'),  -- window start: in
                (1, 'EUR', 55, '2026-06-15 11:59:59+00'),  -- last second: in
                (1, 'EUR', 99999, '2026-06-15 12:00:00+00'),  -- at now: out
                (1, 'USD', 100000, '2026-06-01+00'),
                (1, 'USD', 777, '2026-05-16 11:59:59+00'),  -- before the window: out
                (1, 'GBP', 5000, '2026-01-01+00'),  -- GBP: known, none in the window -> 0
                (1, 'CHF', 5000, '2026-06-20+00');  -- future only: not a known currency
            """);

        var series = await harness.SeriesAsync("kpi_marketplace_gmv");

        Assert.Equal(new Dictionary<string, double>
        {
            // (12345 + 55) / 100
            ["kpi_marketplace_gmv{currency=EUR,window=30d}"] = 124,
            ["kpi_marketplace_gmv{currency=GBP,window=30d}"] = 0,
            ["kpi_marketplace_gmv{currency=USD,window=30d}"] = 1000,
        }, series);
    }

    [Fact]
    public async Task LeakageRatio_MatchedBetween90And7DaysAgo_ShareWithoutTransaction()
    {
        await using var harness = await ArrangeAsync("""
            INSERT INTO marketplace_listings (id, side, created_at, matched_at) VALUES
                (1, 'demand', '2026-03-01+00', '2026-03-17 12:00:00+00'),  -- range start, has a transaction
                (2, 'demand', '2026-03-01+00', '2026-04-01+00'),  -- no transaction: leaked
                (3, 'demand', '2026-03-01+00', '2026-05-01+00'),  -- only a future transaction: leaked
                (4, 'supply', '2026-03-01+00', '2026-06-08 11:59:59+00'),  -- last second, two transactions
                (5, 'demand', '2026-03-01+00', '2026-06-08 12:00:00+00'),  -- matched 7 days ago: out
                (6, 'demand', '2026-03-01+00', '2026-03-17 11:59:59+00'),  -- matched before the range: out
                (7, 'demand', '2026-03-01+00', '2026-06-20+00'),  -- matched in the future: out
                (8, 'demand', '2026-03-01+00', NULL);  -- never matched: out
            INSERT INTO marketplace_transactions (listing_id, currency, amount_cents, occurred_at) VALUES
                (1, 'EUR', 1000, '2026-03-20+00'),
                (3, 'EUR', 1000, '2026-06-20+00'),
                (4, 'EUR', 1000, '2026-06-09+00'),
                (4, 'EUR', 2000, '2026-06-10+00');
            """);

        var series = await harness.SeriesAsync("kpi_marketplace_leakage_ratio");

        Assert.Equal(new Dictionary<string, double>
        {
            // listings 2 and 3 of 1, 2, 3, 4
            ["kpi_marketplace_leakage_ratio{window=90d}"] = 0.5,
        }, series);
    }

    [Fact]
    public async Task LeakageRatio_NoListingMatchedInRange_PublishesNothing()
    {
        await using var harness = await ArrangeAsync("""
            INSERT INTO marketplace_listings (side, created_at, matched_at) VALUES
                ('demand', '2026-06-10+00', '2026-06-12+00');  -- matched less than 7 days ago
            """);

        var series = await harness.SeriesAsync("kpi_marketplace_leakage_ratio");

        Assert.Empty(series);
    }
}

public sealed class MarketplacePackOnPostgresTests(ReferenceSchemaDatabase database)
    : MarketplacePackTests<ReferenceSchemaDatabase>(database), IClassFixture<ReferenceSchemaDatabase>;

public sealed class MarketplacePackOnMySqlTests(MySqlReferenceSchemaDatabase database)
    : MarketplacePackTests<MySqlReferenceSchemaDatabase>(database), IClassFixture<MySqlReferenceSchemaDatabase>;
