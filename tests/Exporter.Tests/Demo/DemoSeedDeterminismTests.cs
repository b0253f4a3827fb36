using Exporter.Demo;
using Exporter.Tests.Infrastructure;

namespace Exporter.Tests.Demo;

/// <summary>Same seed and anchor, same data; another seed, other data.</summary>
public sealed class DemoSeedDeterminismTests(ReferenceSchemaDatabase database) : IClassFixture<ReferenceSchemaDatabase>
{
    private static readonly DateTimeOffset Anchor = TestClock.Now;

    [Fact]
    public async Task SeedAsync_SameSeedTwice_IdenticalDataAndAnotherSeedDiffers()
    {
        var first = await SeedAndChecksumAsync(seed: 42);
        var again = await SeedAndChecksumAsync(seed: 42);
        var other = await SeedAndChecksumAsync(seed: 7);

        Assert.Equal(first, again);
        Assert.All(DemoSeeder.Tables, table => Assert.NotEqual(first[table], other[table]));
        Assert.All(DemoSeeder.Tables, table => Assert.False(first[table].StartsWith("0:", StringComparison.Ordinal), $"{table} is empty"));
    }

    private async Task<Dictionary<string, string>> SeedAndChecksumAsync(int seed)
    {
        await DemoChecksums.TruncateAsync(database.ConnectionString);
        var result = await new DemoSeeder(database.ConnectionString, TimeProvider.System).SeedAsync(
            new DemoSeedOptions { Scale = 1, Seed = seed, Now = Anchor }, SilentSeedProgress.Instance, CancellationToken.None);
        Assert.False(result.Refused);
        return await DemoChecksums.OfAsync(database.ConnectionString);
    }
}
