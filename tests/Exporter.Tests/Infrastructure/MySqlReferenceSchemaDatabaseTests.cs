using Dapper;
using MySqlConnector;

namespace Exporter.Tests.Infrastructure;

/// <summary>The MySQL pack harness: its schema, its reader login, and a frozen clock that only that login sees.</summary>
public sealed class MySqlReferenceSchemaDatabaseTests(MySqlReferenceSchemaDatabase database) : IClassFixture<MySqlReferenceSchemaDatabase>
{
    // With microseconds: the frozen instant is exact to the DATETIME(6) digit.
    private static readonly DateTimeOffset Frozen = TestClock.Now.AddTicks(1_234_560);

    [Fact]
    public async Task FreezeNowAsync_ReaderConnection_NowCurrentTimestampAndUtcTimestampAreTheFrozenInstant()
    {
        await database.FreezeNowAsync(Frozen);

        var clocks = await ClocksAsync(database.ReaderConnectionString);

        Assert.Equal([Frozen.UtcDateTime, Frozen.UtcDateTime, Frozen.UtcDateTime], clocks);
    }

    [Fact]
    public async Task Harness_FrozenClock_TheExportersQueriesSeeIt()
    {
        await database.FreezeAsync();
        await using var harness = new KpiHarness($"""
            datasources:
              - name: app
                engine: mysql
                connection_string: "{database.ReaderConnectionString}"
            kpis:
              - name: kpi_now
                sql: select unix_timestamp(now(6)) as value
            """);

        var series = await harness.SeriesAsync("kpi_now");

        Assert.Equal(TestClock.Now.ToUnixTimeSeconds(), Assert.Single(series).Value);
    }

    [Fact]
    public void MySqlTestSql_PostgresTestRows_BecomeMySqlRows()
    {
        var sql = MySqlTestSql.From("""
            TRUNCATE nps_responses, users RESTART IDENTITY CASCADE;
            INSERT INTO users (id, created_at) VALUES (1, '2026-05-01+00'), (2, '2026-05-16 12:00+00'), (3, '2026-05-16 11:59:59.5+01'), (4, NULL);
            """);

        Assert.Equal("""
            SET FOREIGN_KEY_CHECKS = 0; TRUNCATE nps_responses; TRUNCATE users; SET FOREIGN_KEY_CHECKS = 1;
            INSERT INTO users (id, created_at) VALUES (1, '2026-05-01 00:00:00.000000'), (2, '2026-05-16 12:00:00.000000'), (3, '2026-05-16 10:59:59.500000'), (4, NULL);
            """, sql);
    }

    [Fact]
    public async Task FreezeNowAsync_FrozenAgain_TheNextReaderConnectionSeesTheNewInstant()
    {
        await database.FreezeNowAsync(Frozen);
        await ClocksAsync(database.ReaderConnectionString);
        await database.FreezeNowAsync(Frozen.AddDays(1));

        Assert.Equal(Frozen.AddDays(1).UtcDateTime, (await ClocksAsync(database.ReaderConnectionString))[0]);
    }

    [Fact]
    public async Task FreezeNowAsync_TwoFixtures_EachReaderSeesItsOwnInstant()
    {
        var other = new MySqlReferenceSchemaDatabase();
        await other.InitializeAsync();
        try
        {
            await database.FreezeNowAsync(Frozen);
            await other.FreezeNowAsync(Frozen.AddHours(-5));

            Assert.Equal(Frozen.UtcDateTime, (await ClocksAsync(database.ReaderConnectionString))[0]);
            Assert.Equal(Frozen.AddHours(-5).UtcDateTime, (await ClocksAsync(other.ReaderConnectionString))[0]);
        }
        finally
        {
            await other.DisposeAsync();
        }
    }

    [Fact]
    public async Task FreezeNowAsync_AdminConnection_KeepsTheRealClock()
    {
        await database.FreezeNowAsync(Frozen);

        var clocks = await ClocksAsync(database.ConnectionString);

        Assert.All(clocks, clock => Assert.InRange(clock, DateTime.UtcNow.AddMinutes(-1), DateTime.UtcNow.AddMinutes(1)));
    }

    [Fact]
    public async Task InitializeAsync_ReaderLogin_SelectsTheReferenceSchemaButCannotWrite()
    {
        await database.ExecuteAsync("INSERT INTO customers (name, created_at) VALUES ('Acme', UTC_TIMESTAMP())");
        await using var reader = new MySqlConnection(database.ReaderConnectionString);

        Assert.Equal("Acme", await reader.ExecuteScalarAsync<string>("SELECT name FROM customers"));
        await Assert.ThrowsAsync<MySqlException>(() => reader.ExecuteAsync("DELETE FROM customers"));
    }

    private static async Task<DateTime[]> ClocksAsync(string connectionString)
    {
        await using var connection = new MySqlConnection(connectionString);
        await connection.ExecuteAsync("SET time_zone = '+00:00'");
        var (now, current, utc) = await connection.QuerySingleAsync<(DateTime, DateTime, DateTime)>(
            "SELECT NOW(6), CURRENT_TIMESTAMP(6), UTC_TIMESTAMP(6)");
        return [now, current, utc];
    }
}
