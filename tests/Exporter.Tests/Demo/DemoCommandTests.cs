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
[Trait(Tier.Exporter, Tier.ChildProcess)]
    public async Task DemoInit_UnreachableDatabase_FailsWithoutPrintingThePassword()
    {
        var connection = new NpgsqlConnectionStringBuilder(database.ConnectionString) { Database = "no_such_database_here", Timeout = 5 }.ConnectionString;

        var run = await RunAsync("demo", "init", "--connection", connection);

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("no_such_database_here", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    [Trait(Tier.Name, Tier.Stack)]
[Trait(Tier.Exporter, Tier.ChildProcess)]
    public async Task DemoInit_ConnectionAndReaderPasswordFromTheEnvironment_ReadOnlyLoginWithoutPrivilegeWarnings()
    {
        var role = $"reader_{Guid.NewGuid():N}"[..20];
        var readerPassword = $"Rd-{Guid.NewGuid():N}";
        var builder = new NpgsqlConnectionStringBuilder(database.ConnectionString);
        var where = $"{builder.Host}:{builder.Port}/{builder.Database}";

        var init = await ExporterProcess.RunAsync(["demo", "init", "--reader-role", role], new Dictionary<string, string>
        {
            ["EXPORTER_DEMO_CONNECTION"] = database.ConnectionString,
            ["EXPORTER_DEMO_READER_PASSWORD"] = readerPassword,
        });
        var reader = new NpgsqlConnectionStringBuilder(database.ConnectionString) { Username = role, Password = null }.ConnectionString;
        using var config = TestConfig.For(reader + ";Password=${READER_PASSWORD}",
            "packs: [revenue, sales, engagement, learning, satisfaction, support, marketplace, technical]");
        var validate = await ExporterProcess.RunAsync(["validate", "--config", config.Path, "--connect"],
            new Dictionary<string, string> { ["READER_PASSWORD"] = readerPassword });
        try
        {
            Assert.Equal(0, init.ExitCode);
            Assert.Equal($"{where}: the reference schema is in place ({Exporter.Demo.DemoSeeder.Tables.Count} tables).\n"
                + $"{where}: login '{role}' may connect and SELECT the reference schema, nothing else (its password is not shown).\n", init.Stdout);
            Assert.Equal("", validate.Stderr);
            Assert.Equal($"{config.Path}: OK: 66 KPI(s), 1 datasource(s), 0 probe(s), every KPI's SQL prepared\n", validate.Stdout);
            Assert.Equal(0, validate.ExitCode);
            foreach (var output in new[] { init.Stdout, init.Stderr, validate.Stdout, validate.Stderr })
                Assert.DoesNotContain(readerPassword, output, StringComparison.Ordinal);
        }
        finally
        {
            await database.ExecuteAsync($"DROP OWNED BY {role}; DROP ROLE {role}");
        }
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
