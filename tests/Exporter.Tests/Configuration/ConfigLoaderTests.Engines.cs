using Exporter.Configuration;

namespace Exporter.Tests.Configuration;

/// <summary>A datasource's <c>engine:</c> (the rest of the config loader's tests are in ConfigLoaderTests.cs).</summary>
public sealed partial class ConfigLoaderTests
{
    private const string MySqlDatasource = """
        datasources:
          - name: app
            connection_string: "Host=db;Database=app;Username=kpi"
          - name: shop
            engine: mysql
            connection_string: "Server=shop-db;Database=shop;User ID=kpi"
        """;

    [Fact]
    public void Parse_EngineMissingOrGiven_PostgreSqlByDefaultMySqlWhenSaid()
    {
        var definition = Parse(MySqlDatasource);

        Assert.Equal([DatabaseEngine.PostgreSql, DatabaseEngine.MySql], definition.Datasources.Select(d => d.Engine));
    }

    [Theory]
    [InlineData("oracle", "exporter.yaml:3: datasource 'shop': unknown engine 'oracle' (engines: postgresql, mysql)")]
    [InlineData("MySQL", "exporter.yaml:3: datasource 'shop': unknown engine 'MySQL' (engines: postgresql, mysql)")]
    public void Parse_UnknownEngine_IsAnErrorAtItsLine(string engine, string error)
    {
        Assert.Equal([error], Errors($"""
            datasources:
              - name: shop
                engine: {engine}
                connection_string: "Server=db"
            """));
    }

    [Fact]
    public void Parse_MySqlConnectionStringWithAPostgresKey_IsAnErrorWithAMySqlExample()
    {
        Assert.Equal(["exporter.yaml:4: datasource 'shop': invalid connection string (expected Key=Value pairs separated by ';', e.g. Server=db;Database=shop;User ID=kpi)"],
            Errors("""
                datasources:
                  - name: shop
                    engine: mysql
                    connection_string: "Host=db;Search Path=x;Password=hunter2"
                """));
    }

    [Fact]
    public void Parse_PacksOnBothEngines_EachTargetRunsItsEnginesSql()
    {
        var definition = Parse(MySqlDatasource + $"\npacks: [{string.Join(", ", PackCatalog.Names)}]\n");

        Assert.Equal(2 * definition.Kpis.Count, definition.Targets.Count);
        Assert.All(definition.Kpis, kpi => Assert.NotEqual(kpi.SqlFor(DatabaseEngine.PostgreSql), kpi.SqlFor(DatabaseEngine.MySql)));
    }

    [Fact]
    public void Parse_PackKpiPinnedToThePostgresDatasource_RunsThereOnly()
    {
        var definition = Parse(MySqlDatasource + """

            packs: [sales]
            kpis:
            """ + string.Concat(PackCatalog.Load("sales", [])!.Kpis.Select(k => $"\n  - name: {k.Name}\n    datasource: app")));

        Assert.All(definition.Targets, target => Assert.Equal("app", target.Source));
    }

    [Theory]
    [InlineData("select 1 as value -- ; drop table t", null)]
    [InlineData("select 1 as value # ; drop table t", "kpi 'kpi_x': the SQL holds more than one statement (a ';' on line 1 of the SQL is followed by more SQL); a KPI is exactly one query")]
    [InlineData("select 1 as value /*! ; drop table t */", "kpi 'kpi_x': the SQL holds a MySQL executable comment (/*! ... */ on line 1 of the SQL), which the server runs as SQL; write that SQL in the query itself")]
    [InlineData("select * from t into outfile '/tmp/x'", "kpi 'kpi_x': the SQL writes its result somewhere (INTO on line 1 of the SQL: a file or variables); KPIs only read")]
    public void Parse_UserKpiOnBothEngines_IsCheckedAsEachEngineReadsIt(string sql, string? error)
    {
        // '#' starts a comment on MySQL only: on PostgreSQL the ';' after it ends the statement.
        var yaml = MySqlDatasource + $"\nkpis:\n  - name: kpi_x\n    sql: \"{sql}\"\n";

        if (error is null)
            Assert.Equal(sql, Parse(yaml).Kpis.Single().Sql);
        else
            Assert.Equal([$"exporter.yaml:9: {error}"], Errors(yaml));
    }

    [Fact]
    public void Parse_SqlMySql_RunsOnMySqlDatasourcesAndSqlOnTheOthers()
    {
        var kpi = Parse(MySqlDatasource + """

            kpis:
              - name: kpi_days
                sql: select extract(day from now()) as value
                sql_mysql: select dayofmonth(now()) as value
            """).Kpis.Single();

        Assert.Equal("select extract(day from now()) as value", kpi.SqlFor(DatabaseEngine.PostgreSql));
        Assert.Equal("select dayofmonth(now()) as value", kpi.SqlFor(DatabaseEngine.MySql));
    }

    [Fact]
    public void Parse_SqlMySqlRefused_IsReportedAtItsOwnLine()
    {
        Assert.Equal(["exporter.yaml:10: kpi 'kpi_x': the SQL writes its result somewhere (INTO on line 1 of the SQL: a file or variables); KPIs only read"],
            Errors(MySqlDatasource + """

                kpis:
                  - name: kpi_x
                    sql: select 1 as value
                    sql_mysql: select 1 into @x
                """));
    }

    [Fact]
    public void Parse_UserSqlOverridingABuiltIn_ReplacesItOnEveryEngineUnlessSqlMySqlIsGiven()
    {
        var definition = Parse(MySqlDatasource + """

            packs: [sales]
            kpis:
            """ + string.Concat(PackCatalog.Load("sales", [])!.Kpis.Select(k => $"\n  - name: {k.Name}\n    sql: select 1 as value")));

        Assert.All(definition.Kpis, kpi => Assert.Equal("select 1 as value", kpi.SqlFor(DatabaseEngine.MySql)));
    }

    [Fact]
    public void Parse_MySqlConnectionStringWithMySqlOnlyKeys_LoadsAndItsPasswordIsRedacted()
    {
        var definition = Parse("""
            datasources:
              - name: shop
                engine: mysql
                connection_string: "Server=db;Connection Timeout=5;AllowPublicKeyRetrieval=true;User ID=kpi;Password=Hunter-2"
            """);

        Assert.Equal("login failed for *** at db", definition.Redactor.Redact("login failed for Hunter-2 at db"));
    }
}
