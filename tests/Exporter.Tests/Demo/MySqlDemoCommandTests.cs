using Dapper;
using Exporter.Demo;
using Exporter.Tests.Infrastructure;
using MySqlConnector;

namespace Exporter.Tests.Demo;

/// <summary><c>demo init / seed --engine mysql</c> as users run them: exit codes, messages, no password in the output.</summary>
[Trait(Tier.Name, Tier.Stack)]
[Trait(Tier.Exporter, Tier.ChildProcess)]
public sealed class MySqlDemoCommandTests(MySqlTestDatabase database) : IClassFixture<MySqlTestDatabase>
{
    private static string Password => new MySqlConnectionStringBuilder(MySqlServer.AdminConnectionString).Password;

    private string Where
    {
        get
        {
            var builder = new MySqlConnectionStringBuilder(database.ConnectionString);
            return $"{builder.Server}:{builder.Port}/{builder.Database}";
        }
    }

    [Fact]
    public async Task DemoInitThenSeed_MySql_SucceedThenRefuseASecondSeed()
    {
        var init = await RunAsync("demo", "init", "--engine", "mysql", "--connection", database.ConnectionString);
        var initAgain = await RunAsync("demo", "init", "--engine", "mysql", "--connection", database.ConnectionString);
        var seed = await RunAsync("demo", "seed", "--engine", "mysql", "--connection", database.ConnectionString, "--days", "30", "--seed", "5");
        var seedAgain = await RunAsync("demo", "seed", "--engine", "mysql", "--connection", database.ConnectionString, "--days", "30");

        Assert.True(init.ExitCode == 0, init.Stderr);
        Assert.StartsWith($"{Where}: the reference schema is in place ({DemoSeeder.Tables.Count} tables).\n", init.Stdout, StringComparison.Ordinal);
        Assert.True(initAgain.ExitCode == 0, initAgain.Stderr);
        Assert.Equal(init.Stdout, initAgain.Stdout);
        Assert.True(seed.ExitCode == 0, seed.Stderr);
        Assert.StartsWith($"Seeding {Where}: scale 1, 30 days, seed 5.\n", seed.Stdout, StringComparison.Ordinal);
        Assert.Contains("request_log: ", seed.Stdout, StringComparison.Ordinal);
        Assert.Contains("Seeded ", seed.Stdout, StringComparison.Ordinal);
        Assert.Equal(1, seedAgain.ExitCode);
        Assert.Contains("Nothing was written", seedAgain.Stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("init")]
    [InlineData("seed")]
    public async Task Demo_UnknownEngine_ExitsWithUsageErrorNamingTheChoices(string command)
    {
        var run = await RunAsync("demo", command, "--engine", "oracle", "--connection", database.ConnectionString);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("--engine must be postgresql or mysql (got 'oracle')", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DemoSeed_FollowOnMySql_ExitsWithUsageError()
    {
        var run = await RunAsync("demo", "seed", "--engine", "mysql", "--connection", database.ConnectionString, "--follow");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("--follow is not supported with --engine mysql", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DemoInit_MySqlUnreachable_FailsWithoutPrintingThePassword()
    {
        var connection = new MySqlConnectionStringBuilder(database.ConnectionString) { Port = (uint)ExporterProcess.FreePort(), ConnectionTimeout = 5 }.ConnectionString;

        var run = await RunAsync("demo", "init", "--engine", "mysql", "--connection", connection);

        Assert.Equal(1, run.ExitCode);
        Assert.StartsWith("error: 127.0.0.1:", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DemoInit_MySqlReaderPasswordFromTheEnvironment_LoginThatCanOnlySelect()
    {
        var role = $"reader_{Guid.NewGuid():N}"[..20];
        var readerPassword = $"Rd-{Guid.NewGuid():N}";

        var init = await ExporterProcess.RunAsync(["demo", "init", "--engine", "mysql", "--reader-role", role], new Dictionary<string, string>
        {
            ["EXPORTER_DEMO_CONNECTION"] = database.ConnectionString,
            ["EXPORTER_DEMO_READER_PASSWORD"] = readerPassword,
        });
        try
        {
            var reader = new MySqlConnectionStringBuilder(database.ConnectionString) { UserID = role, Password = readerPassword }.ConnectionString;
            await using var connection = new MySqlConnection(reader);

            Assert.Equal(0, init.ExitCode);
            Assert.EndsWith($"{Where}: login '{role}' may connect and SELECT the reference schema, nothing else (its password is not shown).\n", init.Stdout, StringComparison.Ordinal);
            Assert.Equal(0, await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM customers"));
            var refused = await Assert.ThrowsAsync<MySqlException>(() => connection.ExecuteAsync("INSERT INTO customers (name, created_at) VALUES ('x', UTC_TIMESTAMP())"));
            Assert.Equal(MySqlErrorCode.TableAccessDenied, refused.ErrorCode);
            Assert.DoesNotContain(readerPassword, init.Stdout + init.Stderr, StringComparison.Ordinal);
        }
        finally
        {
            await database.ExecuteAsync("DROP USER IF EXISTS @role", new { role });
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
