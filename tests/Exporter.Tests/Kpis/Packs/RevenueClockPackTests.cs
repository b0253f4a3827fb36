using Exporter.Tests.Infrastructure;

namespace Exporter.Tests.Kpis.Packs;

/// <summary>
/// Pack <c>revenue</c>: "now" to the microsecond on both engines. PostgreSQL's <c>now()</c> has microseconds; on MySQL
/// the pack reads <c>NOW(6)</c> (<c>NOW()</c> would drop the fraction, and a row in the current second would land on
/// the other side of now).
/// </summary>
/// <remarks>The fact runs on PostgreSQL (<see cref="RevenueClockPackTests.OnPostgres"/>) and on MySQL / MariaDB
/// (<see cref="RevenueClockPackTests.OnMySql"/>) with the same rows and expected values.</remarks>
public abstract class RevenueClockPackTests<TDatabase>(TDatabase database) where TDatabase : IPackDatabase
{
    [Fact]
    public async Task Mrr_NowHalfASecondPastTheSecond_ComparesTimesToTheMicrosecond()
    {
        await using var harness = await database.ArrangeAsync("revenue", RevenueClockPackTests.Rows, RevenueClockPackTests.Now);

        var series = await harness.SeriesAsync("kpi_mrr");

        Assert.Equal(new Dictionary<string, double>
        {
            // P1 ended 0.25 s before now (not active), P2 started 0.25 s before now (active): 50.00, not P1's 100.00.
            ["kpi_mrr{currency=EUR,plan=pro,segment=enterprise}"] = 50.0,
        }, series);
    }
}

public static class RevenueClockPackTests
{
    /// <summary>2026-06-15 12:00:00.5Z.</summary>
    public static readonly DateTimeOffset Now = new DateTimeOffset(2026, 6, 15, 12, 0, 0, TimeSpan.Zero).AddMilliseconds(500);

    public const string Rows = """
        TRUNCATE subscriptions, customers RESTART IDENTITY CASCADE;
        INSERT INTO customers (id, name, segment, acquisition_channel, created_at) VALUES
            (1, 'P1', 'enterprise', 'sea', '2026-01-01+00'),
            (2, 'P2', 'enterprise', 'sea', '2026-01-01+00');
        INSERT INTO subscriptions (customer_id, plan, currency, mrr_cents, started_at, ended_at) VALUES
            (1, 'pro', 'EUR', 10000, '2026-01-01+00', '2026-06-15 12:00:00.25+00'),
            (2, 'pro', 'EUR', 5000, '2026-06-15 12:00:00.25+00', NULL);
        """;

    public sealed class OnPostgres(ReferenceSchemaDatabase database)
        : RevenueClockPackTests<ReferenceSchemaDatabase>(database), IClassFixture<ReferenceSchemaDatabase>;

    public sealed class OnMySql(MySqlReferenceSchemaDatabase database)
        : RevenueClockPackTests<MySqlReferenceSchemaDatabase>(database), IClassFixture<MySqlReferenceSchemaDatabase>;
}
