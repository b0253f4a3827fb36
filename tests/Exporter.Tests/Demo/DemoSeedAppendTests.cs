using Exporter.Demo;
using Exporter.Tests.Infrastructure;

namespace Exporter.Tests.Demo;

/// <summary><c>demo seed --append</c>: adds a second business next to the first; nothing existing changes.</summary>
public sealed class DemoSeedAppendTests(ReferenceSchemaDatabase database) : IClassFixture<ReferenceSchemaDatabase>
{
    private static readonly DateTimeOffset Anchor = TestClock.Now;

    [Fact]
    public async Task SeedAsync_Append_AddsRowsToEveryTableAndKeepsTheExistingOnes()
    {
        var seeder = new DemoSeeder(database.ConnectionString, TimeProvider.System);
        await seeder.SeedAsync(new DemoSeedOptions { Days = 60, Seed = 1, Now = Anchor }, SilentSeedProgress.Instance, CancellationToken.None);
        var before = await DemoChecksums.CountsAsync(database.ConnectionString);
        var firstCustomers = await database.ScalarAsync<string>("SELECT md5(string_agg(c::text, ',' ORDER BY id)) FROM customers c");
        var firstSpend = await database.ScalarAsync<long>("SELECT sum(amount_cents) FROM marketing_spend");

        var result = await seeder.SeedAsync(
            new DemoSeedOptions { Days = 60, Seed = 2, Now = Anchor, Append = true }, SilentSeedProgress.Instance, CancellationToken.None);

        Assert.False(result.Refused);
        var after = await DemoChecksums.CountsAsync(database.ConnectionString);
        // Daily tables add to the same days' amounts; every other table gets new rows.
        Assert.All(DemoSeeder.Tables.Where(t => t is not "marketing_spend" and not "web_traffic"),
            table => Assert.True(after[table] > before[table], $"{table}: {before[table]} -> {after[table]} rows"));
        Assert.Equal(before["marketing_spend"], after["marketing_spend"]);
        Assert.True(await database.ScalarAsync<long>("SELECT sum(amount_cents) FROM marketing_spend") > firstSpend);
        Assert.Equal(firstCustomers, await database.ScalarAsync<string>(
            $"SELECT md5(string_agg(c::text, ',' ORDER BY id)) FROM customers c WHERE id <= {before["customers"]}"));
        Assert.Equal(0, await database.ScalarAsync<long>(
            "SELECT count(*) FROM (SELECT customer_id FROM subscriptions GROUP BY 1 HAVING count(DISTINCT currency) > 1) x"));
    }
}
