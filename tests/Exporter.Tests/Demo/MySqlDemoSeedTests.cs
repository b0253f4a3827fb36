using Exporter.Demo;
using Exporter.Tests.Infrastructure;
using MySqlConnector;
using Npgsql;

namespace Exporter.Tests.Demo;

/// <summary>The same seed and anchor give the same rows on MySQL / MariaDB as on PostgreSQL.</summary>
public sealed class MySqlDemoSeedTests : IClassFixture<MySqlTestDatabase>, IClassFixture<ReferenceSchemaDatabase>
{
    private static readonly DemoSeedOptions Options = new() { Scale = 1, Days = 30, Seed = 5, Now = TestClock.Now };

    private readonly MySqlTestDatabase _mysql;
    private readonly ReferenceSchemaDatabase _postgres;

    public MySqlDemoSeedTests(MySqlTestDatabase mysql, ReferenceSchemaDatabase postgres)
    {
        _mysql = mysql;
        _postgres = postgres;
    }

    [Fact]
    public async Task SeedAsync_SameSeedAndAnchor_SameRowsAsPostgresThenRefusesASecondSeed()
    {
        var postgres = await new DemoSeeder(_postgres.ConnectionString, TimeProvider.System).SeedAsync(Options, SilentSeedProgress.Instance, CancellationToken.None);
        var mysql = await new MySqlDemoSeeder(_mysql.ConnectionString, TimeProvider.System).SeedAsync(Options, SilentSeedProgress.Instance, CancellationToken.None);
        var again = await new MySqlDemoSeeder(_mysql.ConnectionString, TimeProvider.System).SeedAsync(Options, SilentSeedProgress.Instance, CancellationToken.None);

        await using var postgresConnection = new NpgsqlConnection(_postgres.ConnectionString);
        await using var mysqlConnection = new MySqlConnection(_mysql.ConnectionString);
        var expected = await DemoChecksums.OfAnyEngineAsync(postgresConnection);
        var actual = await DemoChecksums.OfAnyEngineAsync(mysqlConnection);

        Assert.Equal(postgres.Tables.Select(t => (t.Table, t.Rows)), mysql.Tables.Select(t => (t.Table, t.Rows)));
        Assert.All(DemoSeeder.Tables, table => Assert.False(expected[table].StartsWith("0:", StringComparison.Ordinal), $"{table} is empty"));
        Assert.Equal(expected, actual);
        Assert.True(again.Refused);
        Assert.Equal(DemoSeeder.Tables, again.NonEmptyTables);
    }
}
