using Exporter.Tests.Infrastructure;

namespace Exporter.Tests.Cli;

/// <summary>`exporter once`, run as the real binary: exit codes, a clean exposition on stdout.</summary>
[Trait(Tier.Name, Tier.Stack)]
[Trait(Tier.Exporter, Tier.ChildProcess)]
public sealed class OnceCommandTests(TestDatabase database) : IClassFixture<TestDatabase>
{
    [Fact]
    public async Task Once_AllSucceed_ExitsZeroWithCleanExposition()
    {
        using var config = TestConfig.For(database.ConnectionString, """
            kpis:
              - name: kpi_answer
                help: The answer.
                sql: select 'life' as topic, 42 as value
            """);

        var (code, stdout, stderr) = await ExporterProcess.RunAsync(["once", "--config", config.Path]);

        Assert.True(code == 0, stderr);
        Assert.Contains("kpi_answer{topic=\"life\",source=\"app\"} 42", stdout, StringComparison.Ordinal);
        Assert.Contains("exporter_kpi_up{kpi=\"kpi_answer\",source=\"app\"} 1", stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("process_", stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("dotnet_", stdout, StringComparison.Ordinal);
        var (promtoolCode, promtoolOutput) = await Promtool.CheckMetricsAsync(stdout);
        Assert.True(promtoolCode == 0, promtoolOutput);
    }

    [Fact]
    public async Task Once_WrongPassword_OneLineForTheDatasourceThenOnePerKpi()
    {
        var wrong = new Npgsql.NpgsqlConnectionStringBuilder(database.ConnectionString) { Password = "not-the-password" }.ConnectionString;
        using var config = TestConfig.For(wrong, """
            kpis:
              - name: kpi_one
                sql: select 1 as value
              - name: kpi_two
                sql: select 2 as value
              - name: kpi_three
                sql: select 3 as value
            """);

        var (code, stdout, stderr) = await ExporterProcess.RunAsync(["once", "--config", config.Path]);

        Assert.Equal(1, code);
        const string Refused = "28P01: password authentication failed for user \"postgres\"";
        var lines = stderr.Split('\n');
        Assert.Equal(5, lines.Length); // four lines, each ended by a newline
        Assert.Equal($"FAILED datasource app is down: {Refused}; 3 KPI(s) on it failed or were skipped", lines[0]);
        // In config order; whether a KPI still tried to connect or was already skipped depends on which ran first.
        string[] kpis = ["kpi_one", "kpi_two", "kpi_three"];
        for (var i = 0; i < kpis.Length; i++)
            Assert.Contains(lines[i + 1], new[]
            {
                $"FAILED {kpis[i]} on app (connection): {Refused}",
                $"FAILED {kpis[i]} on app (datasource_down): skipped: datasource app is down ({Refused})",
            });
        Assert.Equal("", lines[4]);
        Assert.Contains("exporter_datasource_up{source=\"app\"} 0", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Once_OneKpiFails_ExitsOneAndSummarisesOnStderr()
    {
        using var config = TestConfig.For(database.ConnectionString, """
            kpis:
              - name: kpi_good
                sql: select 1 as value
              - name: kpi_broken
                sql: select * from no_such_table
            """);

        var (code, stdout, stderr) = await ExporterProcess.RunAsync(["once", "--config", config.Path]);

        Assert.Equal(1, code);
        Assert.Contains("FAILED kpi_broken on app (query_error): 42P01: relation \"no_such_table\" does not exist", stderr, StringComparison.Ordinal);
        Assert.Contains("kpi_good{source=\"app\"} 1", stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("kpi_broken{", stdout, StringComparison.Ordinal);
        Assert.Contains("exporter_kpi_errors_total{kpi=\"kpi_broken\",source=\"app\",reason=\"query_error\"} 1", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Once_BadConfig_ExitsTwoWithFileAndLine()
    {
        using var config = new TestConfig("""
            datasources:
              - name: app
                connection_string: "Host=localhost"
            kpis:
              - name: kpi_x
                sql: select 1 as value
                schedule: sometimes
            """);

        var (code, stdout, stderr) = await ExporterProcess.RunAsync(["once", "--config", config.Path]);

        Assert.Equal(2, code);
        Assert.Equal("", stdout);
        Assert.Contains($"{config.Path}:7: schedule 'sometimes' is neither a duration", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Once_NoConfig_ExitsTwo()
    {
        var (code, _, stderr) = await ExporterProcess.RunAsync(["once"], new Dictionary<string, string> { ["EXPORTER_CONFIG"] = "" });

        Assert.Equal(2, code);
        Assert.Contains("no config file: pass --config FILE or set EXPORTER_CONFIG", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Once_ConfigFromEnvironment_IsUsed()
    {
        using var config = TestConfig.For(database.ConnectionString, """
            kpis:
              - name: kpi_env
                sql: select 7 as value
            """);

        var (code, stdout, _) = await ExporterProcess.RunAsync(["once"], new Dictionary<string, string> { ["EXPORTER_CONFIG"] = config.Path });

        Assert.Equal(0, code);
        Assert.Contains("kpi_env{source=\"app\"} 7", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Once_UnknownOption_ExitsTwo()
    {
        var (code, _, stderr) = await ExporterProcess.RunAsync(["once", "--confg", "x.yaml"]);

        Assert.Equal(2, code);
        Assert.Contains("--confg", stderr, StringComparison.Ordinal);
    }
}
