using Exporter.Tests.Infrastructure;

namespace Exporter.Tests.Demo;

/// <summary><c>demo seed --if-empty</c> and <c>--follow</c> on a database that is already seeded.</summary>
[Trait(Tier.Name, Tier.Stack)]
[Trait(Tier.Exporter, Tier.ChildProcess)]
public sealed class DemoCommandSeededTests(SeededDemoDatabase database) : IClassFixture<SeededDemoDatabase>
{
    [Fact]
    public async Task DemoSeed_IfEmptyOnSeededDatabase_ExitsZeroAndWritesNothing()
    {
        var before = await DemoChecksums.CountsAsync(database.ConnectionString);

        var run = await ExporterProcess.RunAsync(["demo", "seed", "--connection", database.ConnectionString, "--if-empty"]);

        Assert.True(run.ExitCode == 0, run.Stderr);
        Assert.Contains("not seeding", run.Stdout, StringComparison.Ordinal);
        Assert.Equal(before, await DemoChecksums.CountsAsync(database.ConnectionString));
    }

    [Fact]
    public async Task DemoSeed_AppendFollowOnSeededDatabase_FollowsWithoutSeedingAgain()
    {
        var customers = await database.ScalarAsync<long>("SELECT count(*) FROM customers");

        await using var process = ExporterProcess.Start(["demo", "seed", "--connection", database.ConnectionString, "--append", "--follow"]);
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (!process.Stdout.Contains(" requests, +", StringComparison.Ordinal) && DateTime.UtcNow < deadline)
            await Task.Delay(200);

        Assert.Contains("not seeding", process.Stdout, StringComparison.Ordinal);
        Assert.Contains("Following", process.Stdout, StringComparison.Ordinal);
        Assert.Contains(" requests, +", process.Stdout, StringComparison.Ordinal);
        Assert.Equal(customers, await database.ScalarAsync<long>("SELECT count(*) FROM customers"));
    }
}
