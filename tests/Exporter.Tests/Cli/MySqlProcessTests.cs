using Exporter.Tests.Infrastructure;
using MySqlConnector;

namespace Exporter.Tests.Cli;

/// <summary>The exporter as a process on a MySQL-engine datasource (a real MariaDB): <c>once</c>, <c>validate --connect</c> and <c>run</c>.</summary>
[Trait(Tier.Name, Tier.Stack)]
[Trait(Tier.Exporter, Tier.ChildProcess)]
public sealed class MySqlProcessTests(MySqlTestDatabase database) : IClassFixture<MySqlTestDatabase>
{
    private TestConfig Config(string kpis) => new($"""
        datasources:
          - name: shop
            engine: mysql
            connection_string: "{database.ConnectionString}"
        {kpis}
        """);

    private async Task CreateOrdersAsync() => await database.ExecuteAsync("""
        CREATE TABLE IF NOT EXISTS orders (id INT PRIMARY KEY, status VARCHAR(20), amount DECIMAL(12, 2));
        DELETE FROM orders;
        INSERT INTO orders VALUES (1, 'paid', 10.50), (2, 'paid', 20.25), (3, 'refunded', 5.00);
        """);

    [Fact]
    public async Task Once_MySqlDatasource_PublishesItsSeriesAndSummarisesTheFailure()
    {
        await CreateOrdersAsync();
        using var config = Config("""
            kpis:
              - name: kpi_order_amount
                help: Order amount by status.
                sql: select status, sum(amount) as value from orders group by status
              - name: kpi_slow
                timeout: 1s
                sql: select sleep(10) as value
            """);

        var (code, stdout, stderr) = await ExporterProcess.RunAsync(["once", "--config", config.Path]);

        Assert.Equal(1, code);
        Assert.Equal("FAILED kpi_slow on shop (timeout): the query ran longer than its timeout of 1s\n", stderr);
        Assert.Contains("kpi_order_amount{status=\"paid\",source=\"shop\"} 30.75\n", stdout, StringComparison.Ordinal);
        Assert.Contains("kpi_order_amount{status=\"refunded\",source=\"shop\"} 5\n", stdout, StringComparison.Ordinal);
        Assert.Contains("exporter_kpi_up{kpi=\"kpi_slow\",source=\"shop\"} 0\n", stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("kpi_slow{", stdout, StringComparison.Ordinal);
        var (promtoolCode, promtoolOutput) = await Promtool.CheckMetricsAsync(stdout);
        Assert.True(promtoolCode == 0, promtoolOutput);
    }

    [Fact]
    public async Task ValidateConnect_MissingColumnAndAnAdminLogin_ExitTwoWithTheProblemAndTheWarning()
    {
        await CreateOrdersAsync();
        using var config = Config("""
            kpis:
              - name: kpi_bad_column
                sql: select sum(price) as value from orders
            """);

        var (code, stdout, stderr) = await ExporterProcess.RunAsync(["validate", "--connect", "--config", config.Path]);

        Assert.Equal(2, code);
        Assert.Equal(
            $"{config.Path}:6: kpi 'kpi_bad_column' on datasource 'shop': 1054: Unknown column 'price' in 'SELECT'\n" +
            $"{config.Path}:2: warning: datasource 'shop': the login 'root@127.0.0.1' has ALL PRIVILEGES on *.*; KPI queries need only SELECT (README: \"Least privilege\")\n" +
            "1 problem(s) found.\n", stderr);
        Assert.Equal("", stdout);
    }

    [Fact]
    public async Task Run_MySqlDatasource_StartupLineNamesTheEngineAndMetricsServeTheValue()
    {
        await CreateOrdersAsync();
        using var config = Config("""
            kpis:
              - name: kpi_orders
                schedule: 1s
                sql: select count(*) as value from orders
            """);
        await using var exporter = await ExporterProcess.StartRunAsync(config.Path, "/readyz", TimeSpan.FromSeconds(60));

        var metrics = await exporter.WaitForMetricsAsync(m => m.Contains("kpi_orders{source=\"shop\"} 3\n", StringComparison.Ordinal), "three orders");
        await database.ExecuteAsync("INSERT INTO orders VALUES (4, 'paid', 1.00)");
        await exporter.WaitForMetricsAsync(m => m.Contains("kpi_orders{source=\"shop\"} 4\n", StringComparison.Ordinal), "the fourth order");

        Assert.Contains("exporter_datasource_up{source=\"shop\"} 1\n", metrics, StringComparison.Ordinal);
        var settings = new MySqlConnectionStringBuilder(database.ConnectionString);
        Assert.Contains($"datasources: shop (mysql {settings.Server}:{settings.Port}/{database.Name}); 1 KPI(s)", exporter.Stdout, StringComparison.Ordinal);
    }
}
