using Exporter.Tests.Infrastructure;

namespace Exporter.Tests.Cli;

[Trait(Tier.Name, Tier.Stack)]
[Trait(Tier.Exporter, Tier.ChildProcess)]
public sealed class ValidateCommandTests(TestDatabase database) : IClassFixture<TestDatabase>
{
    [Fact]
    public async Task Validate_GoodConfig_ExitsZero()
    {
        using var config = TestConfig.For(database.ConnectionString, """
            kpis:
              - name: kpi_one
                sql: select 1 as value
            """);

        var (code, stdout, _) = await ExporterProcess.RunAsync(["validate", "--config", config.Path]);

        Assert.Equal(0, code);
        Assert.Contains(": OK: 1 KPI(s), 1 datasource(s), 0 probe(s)", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Validate_EveryProblem_IsListedWithFileAndLine()
    {
        using var config = new TestConfig("""
            datasources:
              - name: app
                connection_string: "Host=localhost;Password=${NOT_SET_ANYWHERE}"
            kpis:
              - name: kpi_a
                sql: select 1 as value
                colour: blue
            """);

        var (code, _, stderr) = await ExporterProcess.RunAsync(["validate", "--config", config.Path]);

        Assert.Equal(2, code);
        Assert.Contains($"{config.Path}:3: environment variable NOT_SET_ANYWHERE is not set", stderr, StringComparison.Ordinal);
        Assert.Contains($"{config.Path}:7: unknown key 'colour' in kpi", stderr, StringComparison.Ordinal);
        Assert.Contains("2 problem(s) in the config; nothing was started.", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Validate_HundredsOfProblems_ListsEveryOne()
    {
        // 250 unknown keys on lines 5 to 254: more than any cap a terminal-friendly list might choose.
        var keys = Enumerable.Range(1, 250).Select(i => $"    colour_{i}: blue\n");
        using var config = new TestConfig($"""
            datasources:
              - name: app
                connection_string: "Host=localhost"
            server:
            {string.Concat(keys)}
            """);

        var (code, stdout, stderr) = await ExporterProcess.RunAsync(["validate", "--config", config.Path]);

        Assert.Equal(2, code);
        Assert.Equal("", stdout);
        var expected = Enumerable.Range(1, 250)
            .Select(i => $"{config.Path}:{i + 4}: unknown key 'colour_{i}' in server (expected one of: listen, web_config_file, enable_lifecycle, log_requests)\n");
        Assert.Equal(string.Concat(expected) + "250 problem(s) in the config; nothing was started.\n", stderr);
    }

    [Fact]
    public async Task ValidateConnect_BrokenSql_IsReportedAtTheKpiLine()
    {
        using var config = TestConfig.For(database.ConnectionString, """
            kpis:
              - name: kpi_fine
                sql: select 1 as value
              - name: kpi_typo
                sql: select 1 as value fromm nowhere
              - name: kpi_missing
                sql: select count(*) as value from nowhere
            """);

        var (code, _, stderr) = await ExporterProcess.RunAsync(["validate", "--config", config.Path, "--connect"]);

        Assert.Equal(2, code);
        Assert.Contains($"{config.Path}:7: kpi 'kpi_typo' on datasource 'app': 42601: syntax error at or near \"fromm\"", stderr, StringComparison.Ordinal);
        Assert.Contains($"{config.Path}:9: kpi 'kpi_missing' on datasource 'app': 42P01: relation \"nowhere\" does not exist", stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("kpi_fine", stderr, StringComparison.Ordinal);
        Assert.Contains("2 problem(s) found.", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ValidateConnect_WrongPasswordWithEveryPack_OneProblemAtTheDatasourceLine()
    {
        var wrong = new Npgsql.NpgsqlConnectionStringBuilder(database.ConnectionString) { Password = "not-the-password" }.ConnectionString;
        using var config = TestConfig.For(wrong, "packs: [revenue, sales, engagement, learning, satisfaction, support, marketplace, technical]");

        var (code, _, stderr) = await ExporterProcess.RunAsync(["validate", "--config", config.Path, "--connect"]);

        Assert.Equal(2, code);
        Assert.Equal(
            $"{config.Path}:2: datasource 'app' cannot be reached: 28P01: password authentication failed for user \"postgres\" (66 KPI(s) on it not checked)\n"
            + "1 problem(s) found.\n",
            stderr);
    }

    [Fact]
    public async Task ValidateConnect_BuiltInKpiOnMissingTables_IsReportedAtThePacksEntry()
    {
        using var config = TestConfig.For(database.ConnectionString, """
            packs:
              - support
            """);

        var (code, _, stderr) = await ExporterProcess.RunAsync(["validate", "--config", config.Path, "--connect"]);

        Assert.Equal(2, code);
        Assert.Contains($"{config.Path}:5: kpi 'kpi_support_tickets_created' (pack support) on datasource 'app': 42P01: relation \"support_tickets\" does not exist",
            stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("src/Exporter", stderr, StringComparison.Ordinal);
        Assert.Contains("4 problem(s) found.", stderr, StringComparison.Ordinal);
    }
}
