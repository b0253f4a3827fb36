using System.Diagnostics;
using Exporter.Configuration;
using Exporter.Kpis;
using Exporter.Tests.Infrastructure;
using MySqlConnector;

namespace Exporter.Tests.Kpis;

/// <summary>
/// The MySQL engine (<c>engine: mysql</c>) against a real MariaDB: values and labels as on PostgreSQL, and the same
/// guarantees (read-only, one statement, a server-enforced timeout and lock wait, UTC), checked in the database.
/// </summary>
public sealed class MySqlEngineTests(MySqlTestDatabase database) : IClassFixture<MySqlTestDatabase>
{
    private KpiHarness Harness(string sql, string extra = "", string? connectionString = null) => new($"""
        datasources:
          - name: app
            engine: mysql
            connection_string: "{connectionString ?? database.ConnectionString}"
        kpis:
          - name: kpi_m
            sql: "{sql}"
        {extra}
        """);

    private async Task CreateOrdersAsync() => await database.ExecuteAsync("""
        CREATE TABLE IF NOT EXISTS orders (id INT PRIMARY KEY, status VARCHAR(20), amount DECIMAL(12, 2), units BIGINT UNSIGNED);
        DELETE FROM orders;
        INSERT INTO orders VALUES (1, 'paid', 10.50, 2), (2, 'paid', 20.25, 1), (3, 'refunded', 5.00, 1), (4, NULL, 1.10, 3);
        CREATE TABLE IF NOT EXISTS pwn (note TEXT);
        DELETE FROM pwn;
        """);

    [Fact]
    public async Task Run_GroupedQuery_PublishesEachValueColumnWithLabelsAsOnPostgres()
    {
        await CreateOrdersAsync();
        await using var harness = Harness("select status, count(*) as orders, sum(amount) as amount, sum(units) as units from orders group by status",
            "    values: [orders, amount, units]");

        var series = await harness.SeriesAsync("kpi_m");

        // A NULL label reads 'unknown', as on PostgreSQL.
        Assert.Equal(new Dictionary<string, double>
        {
            ["kpi_m_orders{status=paid}"] = 2, ["kpi_m_amount{status=paid}"] = 30.75, ["kpi_m_units{status=paid}"] = 3,
            ["kpi_m_orders{status=refunded}"] = 1, ["kpi_m_amount{status=refunded}"] = 5, ["kpi_m_units{status=refunded}"] = 1,
            ["kpi_m_orders{status=unknown}"] = 1, ["kpi_m_amount{status=unknown}"] = 1.1, ["kpi_m_units{status=unknown}"] = 3,
        }, series);
    }

    [Theory]
    [InlineData("select cast(repeat('9', 65) as decimal(65, 0)) as value", 1e65)]
    [InlineData("select cast(18446744073709551615 as unsigned) as value", 18446744073709551615d)]
    [InlineData("select cast(-7 as signed) as value", -7)]
    [InlineData("select 1e0 / 3 as value", 1d / 3)]
    [InlineData("select true as value", 1)]
    [InlineData("select cast(2.5 as float) as value", 2.5)]
    public async Task Run_NumberTypes_MapToTheExpectedDouble(string sql, double expected)
    {
        await using var harness = Harness(sql);

        var series = await harness.SeriesAsync("kpi_m");

        Assert.Equal(expected, Assert.Single(series).Value);
    }

    [Fact]
    public async Task Run_KpiWithSqlMySql_RunsThatSqlOnMySql()
    {
        await using var harness = Harness("select 1 as value", "    sql_mysql: select 2 as value");

        var series = await harness.SeriesAsync("kpi_m");

        Assert.Equal(2, Assert.Single(series).Value);
    }

    [Fact]
    public async Task Run_PackSettings_ReachTheQueryAsSessionVariables()
    {
        await using var harness = Harness("select 1 as value");

        var result = await harness.RunBypassingConfigAsync("kpi_m", kpi => kpi with
        {
            Sql = "select @gross_margin * 10 as value",
            Parameters = new Dictionary<string, object> { ["gross_margin"] = 0.8 },
        });

        Assert.True(result.Succeeded, result.Failure?.Message);
        Assert.Equal(8, Assert.Single(result.Series).Value);
    }

    [Fact]
    public async Task Run_Session_IsReadOnlyInUtcWithTheKpiTimeoutAndLockWait()
    {
        await using var harness = Harness(
            "select @@session.time_zone as tz, @@session.tx_read_only as read_only, @@session.max_statement_time as limit_s, " +
            "@@session.lock_wait_timeout as lock_s, @@session.innodb_lock_wait_timeout as row_lock_s, timestampdiff(second, utc_timestamp(), now()) as value",
            "    timeout: 7s\n    lock_timeout: 2500ms");

        var series = await harness.SeriesAsync("kpi_m");

        // The lock wait is counted in whole seconds by the server: 2.5 s rounds up to 3.
        Assert.Equal(new Dictionary<string, double> { ["kpi_m{limit_s=7,lock_s=3,read_only=1,row_lock_s=3,tz=+00:00}"] = 0 }, series);
    }

    [Theory]
    [InlineData("select 1 as value; insert into pwn(note) values ('x')")]
    [InlineData("select 1 as value; commit; insert into pwn(note) values ('x')")]
    [InlineData("select 1 as value; set session transaction read write; create table pwn_created (n int)")]
    public async Task Run_SecondStatementPastTheConfigCheck_IsRefusedByTheServer(string sql)
    {
        await CreateOrdersAsync();
        await using var harness = Harness("select 1 as value");

        var result = await harness.RunBypassingConfigAsync("kpi_m", kpi => kpi with { Sql = sql });

        Assert.Equal(KpiFailureReasons.QueryError, result.Failure?.Reason);
        Assert.StartsWith("1064: You have an error in your SQL syntax", result.Failure!.Message, StringComparison.Ordinal);
        Assert.Equal(0, await database.ScalarAsync<long>("select count(*) from pwn"));
        Assert.Equal(0, await database.ScalarAsync<long>($"select count(*) from information_schema.tables where table_schema = '{database.Name}' and table_name = 'pwn_created'"));
    }

    [Theory]
    [InlineData("insert into pwn(note) values ('x')")]
    [InlineData("drop table pwn")]
    [InlineData("create table pwn_created (n int)")]
    [InlineData("select note_pwn() as value")]
    public async Task Run_WriteOrDdlPastTheConfigCheck_IsRefusedAsReadOnly(string sql)
    {
        await CreateOrdersAsync();
        await database.ExecuteAsync("CREATE FUNCTION IF NOT EXISTS note_pwn() RETURNS INT MODIFIES SQL DATA BEGIN INSERT INTO pwn VALUES ('x'); RETURN 1; END");
        await using var harness = Harness("select 1 as value");

        var result = await harness.RunBypassingConfigAsync("kpi_m", kpi => kpi with { Sql = sql });

        // DDL commits implicitly on MySQL: only the session's read-only mode stops it, not the transaction's.
        Assert.Equal(KpiFailureReasons.ReadOnly, result.Failure?.Reason);
        Assert.Equal("1792: Cannot execute statement in a READ ONLY transaction (KPI queries run in a read-only transaction)", result.Failure!.Message);
        Assert.Equal(0, await database.ScalarAsync<long>("select count(*) from pwn"));
        Assert.Equal(0, await database.ScalarAsync<long>($"select count(*) from information_schema.tables where table_schema = '{database.Name}' and table_name = 'pwn_created'"));
    }

    [Fact]
    public async Task Run_QueryLongerThanItsTimeout_IsStoppedByTheServer()
    {
        await using var harness = Harness("select sleep(20) as value", "    timeout: 1s");

        var clock = Stopwatch.StartNew();
        var result = await harness.RunAsync("kpi_m");

        Assert.Equal(KpiFailureReasons.Timeout, result.Failure?.Reason);
        Assert.Equal("the query ran longer than its timeout of 1s", result.Failure!.Message);
        Assert.InRange(clock.Elapsed, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(5));
        Assert.Equal(0, await database.ScalarAsync<long>("select count(*) from information_schema.processlist where info like 'select sleep(20)%'"));
    }

    [Fact]
    public async Task Run_TableLockedByAnotherSession_GivesUpAfterTheLockTimeout()
    {
        await database.ExecuteAsync("CREATE TABLE IF NOT EXISTS locked (n INT)");
        await using var holder = new MySqlConnection(database.ConnectionString);
        await holder.OpenAsync();
        await using (var lockTable = new MySqlCommand("LOCK TABLES locked WRITE", holder))
            await lockTable.ExecuteNonQueryAsync();
        await using var harness = Harness("select count(*) as value from locked", "    timeout: 20s\n    lock_timeout: 1s");

        var result = await harness.RunAsync("kpi_m");

        Assert.Equal(KpiFailureReasons.LockTimeout, result.Failure?.Reason);
        Assert.Equal("waited longer than 1s for a lock another session holds on a table it reads (DDL, LOCK TABLE, VACUUM FULL)", result.Failure!.Message);
    }

    [Fact]
    public async Task Run_WrongPassword_FailsAsConnectionWithoutTheSecret()
    {
        var wrong = new MySqlConnectionStringBuilder(database.ConnectionString) { Password = "s3cret-Wrong" }.ConnectionString;
        await using var harness = Harness("select 1 as value", connectionString: wrong);

        var result = await harness.RunAsync("kpi_m");

        Assert.Equal(KpiFailureReasons.Connection, result.Failure?.Reason);
        Assert.StartsWith("1045: Access denied for user 'root'@'", result.Failure!.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("s3cret-Wrong", result.Failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ValidateConnect_MissingTableAndAnAdminLogin_ReportedAtTheirLines()
    {
        var definition = ConfigLoader.Parse($"""
            datasources:
              - name: app
                engine: mysql
                connection_string: "{database.ConnectionString}"
            kpis:
              - name: kpi_ok
                sql: select 1 as value
              - name: kpi_missing
                sql: select count(*) as value from no_such_table
            """, "test.yaml", _ => null);

        var report = await KpiSqlChecker.CheckAsync(definition, CancellationToken.None);

        Assert.Equal([$"test.yaml:8: kpi 'kpi_missing' on datasource 'app': 1146: Table '{database.Name}.no_such_table' doesn't exist"],
            report.Problems.Select(p => p.ToString()));
        Assert.Contains(report.Warnings, w => w.ToString().StartsWith(
            "test.yaml:2: warning: datasource 'app': the login 'root@127.0.0.1' has ALL PRIVILEGES on *.*; KPI queries need only SELECT", StringComparison.Ordinal));
    }
}
