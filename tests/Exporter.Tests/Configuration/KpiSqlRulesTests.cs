using Exporter.Configuration;

namespace Exporter.Tests.Configuration;

/// <summary>What a KPI's SQL may be: one query, reading only. The server-side guarantees are in HostileSqlTests.</summary>
public sealed class KpiSqlRulesTests
{
    private static string TwoStatements(int line) =>
        $"the SQL holds more than one statement (a ';' on line {line} of the SQL is followed by more SQL); a KPI is exactly one query";

    [Theory]
    [InlineData("select 1 as value; commit; insert into pwn(note) values('x')", 1)]
    [InlineData("select 1 as value; insert into pwn(note) values('x')", 1)]
    [InlineData("select 1 as value;commit;create table pwn2 (n int)", 1)]
    [InlineData("select 1 as value; commit; select pg_sleep(30)", 1)]
    [InlineData("select 1 as value;\nrollback", 1)]
    [InlineData("select 1 as value -- first\n;\n/* then */ set statement_timeout = 0", 2)]
    [InlineData("select 'a;b' as label, 1 as value; delete from pwn", 1)]
    [InlineData("select $$;$$ as label, 1 as value; end; drop table pwn", 1)]
    [InlineData("with x as (select 1 as value) select * from x; copy pwn from program 'id'", 1)]
    public void Check_SecondStatement_IsRefusedWithItsLine(string sql, int line) =>
        Assert.Equal(TwoStatements(line), KpiSqlRules.Check(sql));

    [Theory]
    [InlineData("select 1 as value;")]
    [InlineData("select 1 as value ;; -- done")]
    [InlineData("select 'a;b' as label, 1 as value")]
    [InlineData("select e'it\\'s; fine' as label, 1 as value")]
    [InlineData("select \"odd;name\" as value from t")]
    [InlineData("select $tag$ ; commit; $tag$ as label, 1 as value")]
    [InlineData("select 1 as value -- ; commit")]
    [InlineData("select 1 as value /* ; /* nested ; */ commit; */")]
    [InlineData("(select 1 as value)")]
    [InlineData("  WITH x AS (SELECT 1 AS value) SELECT * FROM x")]
    [InlineData("values (1)")]
    [InlineData("table kpi_view")]
    [InlineData("select pg_sleep(0.1), 'pg_terminate_backend(1)' as label, 1 as value")]
    [InlineData("select lo_count as value from stats")]
    [InlineData("select a$b as value from t")]
    public void Check_OneQuery_IsAccepted(string sql) => Assert.Null(KpiSqlRules.Check(sql));

    [Theory]
    [InlineData("commit", "COMMIT")]
    [InlineData("rollback", "ROLLBACK")]
    [InlineData("set statement_timeout = 0", "SET")]
    [InlineData("reset all", "RESET")]
    [InlineData("lock table subscriptions in access exclusive mode", "LOCK")]
    [InlineData("copy (select 1) to program 'id > /tmp/pwned'", "COPY")]
    [InlineData("call refresh_everything()", "CALL")]
    [InlineData("do $$ begin perform 1; end $$", "DO")]
    [InlineData("insert into pwn(note) values ('x') returning 1 as value", "INSERT")]
    [InlineData("update pwn set note = 'x'", "UPDATE")]
    [InlineData("delete from pwn", "DELETE")]
    [InlineData("create table pwn2 (n int)", "CREATE")]
    [InlineData("explain analyze select 1", "EXPLAIN")]
    [InlineData("/* looks like */ -- a query\n  begin", "BEGIN")]
    [InlineData("listen x", "LISTEN")]
    public void Check_NotAQuery_IsRefused(string sql, string keyword) =>
        Assert.Equal($"the SQL must be a query (SELECT, WITH, VALUES or TABLE), not {keyword}; KPIs only read", KpiSqlRules.Check(sql));

    [Theory]
    [InlineData("select pg_terminate_backend(pid) as value from pg_stat_activity", "pg_terminate_backend")]
    [InlineData("select PG_CANCEL_BACKEND (pid) as value from pg_stat_activity", "pg_cancel_backend")]
    [InlineData("select pg_catalog.pg_advisory_lock(1) as value", "pg_advisory_lock")]
    [InlineData("select pg_try_advisory_xact_lock(1)::int as value", "pg_try_advisory_xact_lock")]
    [InlineData("select lo_import('/etc/passwd')::int as value", "lo_import")]
    [InlineData("select 1 as value from dblink_exec('host=x', 'insert into t values (1)')", "dblink_exec")]
    [InlineData("select length(pg_read_file('/etc/passwd')) as value", "pg_read_file")]
    [InlineData("select set_config('search_path', 'evil', false) as label, 1 as value", "set_config")]
    [InlineData("select \"pg_terminate_backend\"(1)::int as value", "pg_terminate_backend")]
    [InlineData("select 1 as value from query_to_xml('delete from t', true, true, '') x", "query_to_xml")]
    [InlineData("select count(*) as value from pg_ls_dir('.')", "pg_ls_dir")]
    public void Check_FunctionActingOutsideTheQuery_IsRefused(string sql, string function) =>
        Assert.Equal($"the SQL calls {function}(), which acts outside the query (on other sessions, the server, files or session state); KPIs only read",
            KpiSqlRules.Check(sql));

    [Theory]
    [InlineData("", "the SQL is empty (only comments)")]
    [InlineData("-- nothing but a comment", "the SQL is empty (only comments)")]
    [InlineData(";", "the SQL must be a query (SELECT, WITH, VALUES or TABLE), not ';'; KPIs only read")]
    public void Check_NoQueryAtAll_IsRefused(string sql, string expected) => Assert.Equal(expected, KpiSqlRules.Check(sql));

    [Fact]
    public void Parse_MultiStatementKpi_ReportsTheSqlLine()
    {
        var errors = Assert.Throws<ConfigException>(() => ConfigLoader.Parse("""
            datasources:
              - name: app
                connection_string: "Host=localhost;Database=app"
            kpis:
              - name: kpi_sneaky
                help: fine
                sql: |
                  select 1 as value;
                  commit; insert into pwn(note) values ('x')
            """, "exporter.yaml", _ => null)).Errors.Select(e => e.ToString());

        Assert.Equal(
            ["exporter.yaml:7: kpi 'kpi_sneaky': " + TwoStatements(1)],
            errors);
    }

    [Fact]
    public void Parse_ReservedLabelColumn_IsRefused()
    {
        var errors = Assert.Throws<ConfigException>(() => ConfigLoader.Parse("""
            datasources:
              - name: app
                connection_string: "Host=localhost;Database=app"
            kpis:
              - name: kpi_buckets
                sql: select 'x' as le, 1 as value
                labels: [le]
            """, "exporter.yaml", _ => null)).Errors.Select(e => e.ToString());

        Assert.Equal(
            ["exporter.yaml:7: kpi 'kpi_buckets': 'le' is reserved by Prometheus for histograms and summaries; KPIs are gauges, rename it"],
            errors);
    }

    [Theory]
    [InlineData("\"Money\\nacross lines.\"", "Money across lines.")]
    [InlineData("|\n      First line.\n      Second\tline.\n", "First line. Second line.")]
    [InlineData("\"C:\\\\temp\"", "C:\\temp")]
    public void Parse_Help_IsOneLine(string yamlHelp, string expected)
    {
        var definition = ConfigLoader.Parse($"""
            datasources:
              - name: app
                connection_string: "Host=localhost;Database=app"
            kpis:
              - name: kpi_documented
                sql: select 1 as value
                help: {yamlHelp}
            """, "exporter.yaml", _ => null);

        Assert.Equal(expected, Assert.Single(definition.Kpis).Help);
    }
}

/// <summary>The same rules on MySQL's lexer; what MariaDB itself refuses is in MySqlEngineTests.</summary>
public sealed class KpiSqlRulesMySqlTests
{
    private static string? Check(string sql) => KpiSqlRules.Check(sql, DatabaseEngine.MySql);

    [Theory]
    [InlineData("select 1 as value; drop table t")]
    [InlineData("select 'a\\';' as label, 1 as value; drop table t")]
    [InlineData("select \"a;b\" as label, 1 as value; drop table t")]
    [InlineData("select `odd;name` as value from t; drop table t")]
    [InlineData("select 1 as value /* ; */; drop table t")]
    [InlineData("select 1--1 as value; drop table t")]
    public void Check_SecondStatement_IsRefused(string sql) =>
        Assert.Equal("the SQL holds more than one statement (a ';' on line 1 of the SQL is followed by more SQL); a KPI is exactly one query", Check(sql));

    [Theory]
    [InlineData("select 1 as value # ; drop table t")]
    [InlineData("select 1 as value -- ; drop table t")]
    [InlineData("select 'it\\'s; fine' as label, 1 as value")]
    [InlineData("select \"it's; fine\" as label, 1 as value")]
    [InlineData("select `a``;b` as value from t")]
    [InlineData("select $$ as value from t")]
    [InlineData("select sleep(0.1), 'get_lock(1)' as label, 1 as value")]
    [InlineData("select pg_terminate_backend as value from t")]
    public void Check_OneQuery_IsAccepted(string sql) => Assert.Null(Check(sql));

    [Theory]
    [InlineData("select get_lock('x', 10) as value", "get_lock")]
    [InlineData("select LOAD_FILE('/etc/passwd') as label, 1 as value", "load_file")]
    [InlineData("select release_all_locks() as value", "release_all_locks")]
    public void Check_FunctionActingOutsideTheQuery_IsRefused(string sql, string function) =>
        Assert.Equal($"the SQL calls {function}(), which acts outside the query (on other sessions, the server, files or session state); KPIs only read", Check(sql));

    [Theory]
    [InlineData("select 1 as value /*!50000 , sleep(10) */", 1)]
    [InlineData("select 1 as value\n/*M!100000 ; drop table t */", 2)]
    public void Check_ExecutableComment_IsRefused(string sql, int line) =>
        Assert.Equal($"the SQL holds a MySQL executable comment (/*! ... */ on line {line} of the SQL), which the server runs as SQL; write that SQL in the query itself", Check(sql));

    [Theory]
    [InlineData("select * from t into outfile '/tmp/t.csv'")]
    [InlineData("select count(*) into @n from t")]
    [InlineData("select 1 as value into dumpfile '/tmp/x'")]
    public void Check_Into_IsRefused(string sql) =>
        Assert.Equal("the SQL writes its result somewhere (INTO on line 1 of the SQL: a file or variables); KPIs only read", Check(sql));
}
