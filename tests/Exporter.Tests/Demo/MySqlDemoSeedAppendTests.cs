using Dapper;
using Exporter.Demo;
using Exporter.Tests.Infrastructure;
using MySqlConnector;

namespace Exporter.Tests.Demo;

/// <summary><c>--append</c> on MySQL: a second business with ids after the first's; the daily tables accumulate.</summary>
public sealed class MySqlDemoSeedAppendTests(MySqlTestDatabase database) : IClassFixture<MySqlTestDatabase>
{
    [Fact]
    public async Task SeedAsync_Appending_NewIdsAfterTheFirstAndDailyAmountsAdded()
    {
        var options = new DemoSeedOptions { Scale = 1, Days = 30, Seed = 5, Now = TestClock.Now };
        var seeder = new MySqlDemoSeeder(database.ConnectionString, TimeProvider.System);
        var first = await seeder.SeedAsync(options, SilentSeedProgress.Instance, CancellationToken.None);
        await using var connection = new MySqlConnection(database.ConnectionString);
        var spentBefore = await connection.ExecuteScalarAsync<long>("SELECT SUM(amount_cents) FROM marketing_spend");

        var second = await seeder.SeedAsync(options with { Seed = 6, Append = true }, SilentSeedProgress.Instance, CancellationToken.None);

        long Rows(DemoSeedResult result, string table) => result.Tables.Single(t => t.Table == table).Rows;
        var customers = Rows(first, "customers") + Rows(second, "customers");
        Assert.Equal((customers, customers), await connection.QuerySingleAsync<(long, long)>("SELECT COUNT(*), MAX(id) FROM customers"));
        // Same days and channels: the second business's spend adds to the first's rows instead of new ones.
        Assert.Equal(Rows(first, "marketing_spend"), await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM marketing_spend"));
        Assert.True(await connection.ExecuteScalarAsync<long>("SELECT SUM(amount_cents) FROM marketing_spend") > spentBefore);
    }
}
