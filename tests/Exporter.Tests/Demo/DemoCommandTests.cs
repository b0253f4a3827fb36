using Exporter.Tests.Infrastructure;
using Npgsql;

namespace Exporter.Tests.Demo;

/// <summary>The <c>demo</c> commands as users run them: exit codes, messages, no password in the output.</summary>
public sealed class DemoCommandTests(TestDatabase database) : IClassFixture<TestDatabase>
{
    private static string Password => new NpgsqlConnectionStringBuilder(PostgresServer.AdminConnectionString).Password ?? "";

    [Fact]
    public async Task DemoInitThenSeed_FreshDatabase_SucceedThenRefuseASecondSeed()
    {
        var init = await RunAsync("demo", "init", "--connection", database.ConnectionString);
        var initAgain = await RunAsync("demo", "init", "--connection", database.ConnectionString);
        var seed = await RunAsync("demo", "seed", "--connection", database.ConnectionString, "--days", "30", "--seed", "5");
        var seedAgain = await RunAsync("demo", "seed", "--connection", database.ConnectionString, "--days", "30");

        Assert.True(init.ExitCode == 0, init.Stderr);
        Assert.True(initAgain.ExitCode == 0, initAgain.Stderr);
        Assert.True(seed.ExitCode == 0, seed.Stderr);
        Assert.Contains("request_log", seed.Stdout, StringComparison.Ordinal);
        Assert.Equal(1, seedAgain.ExitCode);
        Assert.Contains("--append", seedAgain.Stderr, StringComparison.Ordinal);
        Assert.Contains("Nothing was written", seedAgain.Stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--scale", "0")]
    [InlineData("--days", "5")]
    [InlineData("--scale", "many")]
    public async Task DemoSeed_BadOption_ExitsWithUsageError(string option, string value)
    {
        var run = await RunAsync("demo", "seed", "--connection", database.ConnectionString, option, value);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains(option, run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DemoSeed_AppendAndIfEmpty_ExitsWithUsageError()
    {
        var run = await RunAsync("demo", "seed", "--connection", database.ConnectionString, "--append", "--if-empty");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("--if-empty", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DemoSeed_NoConnection_ExitsWithUsageError()
    {
        var run = await RunAsync("demo", "seed");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("--connection", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    [Trait(Tier.Name, Tier.Stack)]
    public async Task DemoInit_UnreachableDatabase_FailsWithoutPrintingThePassword()
    {
        var connection = new NpgsqlConnectionStringBuilder(database.ConnectionString) { Database = "no_such_database_here", Timeout = 5 }.ConnectionString;

        var run = await RunAsync("demo", "init", "--connection", connection);

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("no_such_database_here", run.Stderr, StringComparison.Ordinal);
    }

    private static async Task<(int ExitCode, string Stdout, string Stderr)> RunAsync(params string[] args)
    {
        var run = await ExporterProcess.RunAsync(args);
        // Whatever happens, the connection string's password never reaches the terminal.
        if (Password.Length > 0)
            Assert.DoesNotContain(Password, run.Stdout + run.Stderr, StringComparison.Ordinal);
        return run;
    }
}
