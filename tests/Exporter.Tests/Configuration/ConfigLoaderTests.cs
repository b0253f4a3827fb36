using Exporter.Configuration;

namespace Exporter.Tests.Configuration;

public sealed partial class ConfigLoaderTests
{
    private const string Datasource = """
        datasources:
          - name: app
            connection_string: "Host=localhost;Database=app;Username=kpi"
        """;

    private static ExporterDefinition Parse(string yaml, Dictionary<string, string>? environment = null) =>
        ConfigLoader.Parse(yaml, "exporter.yaml", name => environment?.GetValueOrDefault(name));

    private static string[] Errors(string yaml, Dictionary<string, string>? environment = null) =>
        Assert.Throws<ConfigException>(() => Parse(yaml, environment)).Errors.Select(e => e.ToString()).ToArray();

    [Fact]
    public void Parse_MinimalShape_UsesDefaults()
    {
        var definition = Parse(Datasource);

        var datasource = Assert.Single(definition.Datasources);
        Assert.Equal("app", datasource.Name);
        Assert.Equal(2, datasource.MaxConcurrency);
        Assert.Equal("http://0.0.0.0:9187", definition.Server.Listen);
        Assert.Equal("kpi_", definition.Namespace);
        Assert.Equal(TimeSpan.FromMinutes(1), definition.Defaults.Schedule.Interval);
        Assert.Equal(TimeSpan.FromSeconds(30), definition.Defaults.Timeout);
        Assert.Equal(1000, definition.Defaults.MaxSeries);
    }

    [Fact]
    public void Parse_BuiltInKpis_PointAtTheirPackEntryInTheUsersConfig()
    {
        var definition = Parse($"""
            {Datasource}
            packs:
              - technical
              - support
            kpis:
              - name: kpi_support_open_tickets
                schedule: 5m
            """);

        var requests = definition.Kpis.Single(k => k.Name == "kpi_http_requests");
        var tickets = definition.Kpis.Single(k => k.Name == "kpi_support_tickets_created");
        var overridden = definition.Kpis.Single(k => k.Name == "kpi_support_open_tickets");
        Assert.Equal(("exporter.yaml", 5, "technical"), (requests.File, requests.Line, requests.Pack));
        Assert.Equal(("exporter.yaml", 6, "support"), (tickets.File, tickets.Line, tickets.Pack));
        Assert.Equal(("exporter.yaml", 8, "support"), (overridden.File, overridden.Line, overridden.Pack));
    }

    [Fact]
    public void Parse_UserKpi_GetsDefaultsAndEveryDatasource()
    {
        var definition = Parse($"""
            {Datasource}
              - name: billing
                connection_string: "Host=localhost;Database=billing"
            defaults:
              schedule: 2m
              timeout: 10s
              max_series: 50
            kpis:
              - name: kpi_active_courses
                help: Courses with an enrollment in the last 30 days.
                sql: select 1 as value
              - name: kpi_only_billing
                datasource: billing
                schedule: "0 */5 * * * ?"
                sql: select 2 as value
            """);

        var courses = definition.Kpis.Single(k => k.Name == "kpi_active_courses");
        Assert.Equal("Courses with an enrollment in the last 30 days.", courses.Help);
        Assert.Equal(TimeSpan.FromMinutes(2), courses.Schedule.Interval);
        Assert.Equal(TimeSpan.FromSeconds(10), courses.Timeout);
        Assert.Equal(50, courses.MaxSeries);
        Assert.Equal(["app", "billing"], courses.Datasources);
        var billing = definition.Kpis.Single(k => k.Name == "kpi_only_billing");
        Assert.Equal(["billing"], billing.Datasources);
        Assert.Equal("0 */5 * * * ?", billing.Schedule.Cron);
        Assert.Equal(3, definition.Targets.Count);
    }

    [Fact]
    public void Parse_EnvironmentVariables_AreExpanded()
    {
        var definition = Parse("""
            datasources:
              - name: app
                connection_string: "Host=${DB_HOST};Username=kpi;Password=${DB_PASSWORD}"
            """, new() { ["DB_HOST"] = "db.internal", ["DB_PASSWORD"] = "s3cr3t-pw" });

        Assert.Equal("Host=db.internal;Username=kpi;Password=s3cr3t-pw", definition.Datasources[0].ConnectionString);
        Assert.Equal("connect as *** failed", definition.Redactor.Redact("connect as s3cr3t-pw failed"));
    }

    [Fact]
    public void Parse_UnsetEnvironmentVariable_ReportsFileAndLine()
    {
        var errors = Errors("""
            datasources:
              - name: app
                connection_string: "Host=db;Password=${APP_DB_PASSWORD}"
            """);

        Assert.Equal(["exporter.yaml:3: environment variable APP_DB_PASSWORD is not set (referenced as ${APP_DB_PASSWORD})"], errors);
    }

    [Fact]
    public void Parse_EscapedDollar_IsLiteral()
    {
        var definition = Parse($$"""
            {{Datasource}}
            kpis:
              - name: kpi_literal
                sql: "select '$${NOT_A_VAR}' as label, 1 as value"
            """);

        Assert.Equal("select '${NOT_A_VAR}' as label, 1 as value", definition.Kpis[0].Sql);
    }

    [Fact]
    public void Parse_SeveralProblems_ReportsEveryOneWithItsLine()
    {
        var errors = Errors("""
            datasources:
              - name: app
                connection_string: "Host=db"
                max_concurency: 3
            defaults:
              schedule: every minute
              timeout: 30
            packs: [revenue_typo]
            kpis:
              - name: kpi_bad name
                sql: select 1 as value
              - name: kpi_no_sql
              - name: kpi_wrong_source
                datasource: warehouse
                sql: select 1 as value
            """);

        Assert.Equal(
        [
            "exporter.yaml:4: unknown key 'max_concurency' in datasource (expected one of: name, engine, connection_string, max_concurrency)",
            "exporter.yaml:6: schedule 'every minute' is neither a duration (30s, 5m, 1h) nor a valid cron expression",
            "exporter.yaml:7: 'timeout' must be a duration such as 500ms, 30s, 5m or 1h (at most 366d), not '30'",
            $"exporter.yaml:8: unknown pack 'revenue_typo' (built-in packs: {string.Join(", ", PackCatalog.Names)})",
            "exporter.yaml:10: kpi 'kpi_bad name': the name is not a valid Prometheus metric name ([a-zA-Z_:][a-zA-Z0-9_:]*)",
            "exporter.yaml:12: kpi 'kpi_no_sql': 'sql' is required",
            "exporter.yaml:14: kpi 'kpi_wrong_source': unknown datasource 'warehouse' (defined: app)",
        ], errors);
    }

    [Fact]
    public void Parse_InvalidYaml_ReportsLine()
    {
        var errors = Errors("""
            datasources:
              - name: app
                connection_string: "Host=db
            packs: [revenue]
            """);

        var error = Assert.Single(errors);
        Assert.StartsWith("exporter.yaml:3: invalid YAML: ", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_NoDatasource_IsAnError()
    {
        var errors = Errors("packs: []\n");

        Assert.Equal(["exporter.yaml:1: at least one datasource is required under 'datasources:'"], errors);
    }

    [Fact]
    public void Parse_BadConnectionString_ReportsItWithoutTheValue()
    {
        var errors = Errors("""
            datasources:
              - name: app
                connection_string: "Hots=db;Password=hunter2"
            """);

        var error = Assert.Single(errors);
        Assert.StartsWith("exporter.yaml:3: datasource 'app': invalid connection string", error, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_DuplicateNamesAndClashingMetrics_AreErrors()
    {
        var errors = Errors($"""
            {Datasource}
              - name: app
                connection_string: "Host=other"
            kpis:
              - name: kpi_orders
                values: [count, amount]
                sql: select 1 as count, 2 as amount
              - name: kpi_orders_count
                sql: select 1 as value
              - name: exporter_kpi_up
                sql: select 1 as value
              - name: kpi_orders_count
                sql: select 1 as value
            """);

        Assert.Equal(
        [
            "exporter.yaml:4: datasource 'app' is defined twice",
            "exporter.yaml:10: kpi 'kpi_orders_count': metric 'kpi_orders_count' is already published by kpi 'kpi_orders'",
            "exporter.yaml:12: kpi 'exporter_kpi_up': metric name 'exporter_kpi_up' is reserved for the exporter's own metrics",
            "exporter.yaml:14: kpi 'kpi_orders_count' is defined twice",
        ], errors);
    }

    [Fact]
    public void Parse_LabelsThatCannotWork_AreErrors()
    {
        var errors = Errors($"""
            {Datasource}
            kpis:
              - name: kpi_labels
                labels: [source, value, region, region]
                sql: select 1 as value
            """);

        Assert.Equal(
        [
            "exporter.yaml:6: kpi 'kpi_labels': 'source' is added by the exporter (the datasource name) and cannot be a label column",
            "exporter.yaml:6: kpi 'kpi_labels': column 'value' cannot be both a label and a value",
            "exporter.yaml:6: kpi 'kpi_labels': 'labels' lists a column twice",
        ], errors);
    }

    [Fact]
    public void Parse_Probes_AreRead()
    {
        var definition = Parse($$"""
            {{Datasource}}
            probes:
              - name: web
                url: https://example.com/health
                schedule: 15s
                timeout: 2s
                expected_status: [200, 204]
                expected_body: ok
                headers:
                  Authorization: "Bearer ${TOKEN}"
            """, new() { ["TOKEN"] = "tkn-123" });

        var probe = Assert.Single(definition.Probes);
        Assert.Equal(new Uri("https://example.com/health"), probe.Url);
        Assert.Equal(TimeSpan.FromSeconds(15), probe.Schedule.Interval);
        Assert.Equal(TimeSpan.FromSeconds(2), probe.Timeout);
        Assert.Equal("web", probe.Name);
        Assert.Equal([200, 204], probe.ExpectedStatus);
        Assert.Equal("ok", probe.ExpectedBody);
        Assert.Equal("Bearer tkn-123", probe.Headers["authorization"]);
        Assert.Equal("probe web", probe.ToString());
        Assert.Equal("*** here", definition.Redactor.Redact("Bearer tkn-123 here"));
    }

    [Fact]
    public void Parse_ProbeWithContentHeaderOrBadUrl_IsAnError()
    {
        var errors = Errors($"""
            {Datasource}
            probes:
              - name: api
                url: https://example.com/
                headers:
                  Content-Type: application/json
              - name: ftp
                url: ftp://example.com/file
            """);

        Assert.Equal(
        [
            "exporter.yaml:8: probe 'api': header 'Content-Type' cannot be sent on a GET request",
            "exporter.yaml:10: probe 'ftp': url must be an absolute http:// or https:// address",
        ], errors);
    }

    [Fact]
    public void Parse_UnreadableConnectionStringFromEnvironment_NeverEchoesIt()
    {
        var errors = Errors("""
            datasources:
              - name: app
                connection_string: "${DATABASE_URL}"
            defaults:
              timeout: "${TIMEOUT}"
            """, new() { ["DATABASE_URL"] = "postgresql://kpi:S3cretPw@db/app?sslmode=require", ["TIMEOUT"] = "tok-9f8e7d" });

        Assert.Equal(
        [
            "exporter.yaml:3: datasource 'app': invalid connection string (expected Key=Value pairs separated by ';', e.g. Host=db;Database=app;Username=kpi)",
            "exporter.yaml:5: 'timeout' must be a duration such as 500ms, 30s, 5m or 1h (at most 366d), not '***'",
        ], errors);
    }

    [Fact]
    public void Parse_OutOfRangeDurationsAndDuplicateHeaders_AreErrorsNotCrashes()
    {
        var errors = Errors($$"""
            {{Datasource}}
            kpis:
              - name: kpi_forever
                timeout: 99999999999999999999s
                sql: select 1 as value
              - name: kpi_two_days
                timeout: 2d
                sql: select 1 as value
            probes:
              - name: api
                url: https://example.com/
                headers:
                  Authorization: a
                  authorization: b
            """);

        Assert.Equal(
        [
            "exporter.yaml:6: 'timeout' must be a duration such as 500ms, 30s, 5m or 1h (at most 366d), not '99999999999999999999s'",
            "exporter.yaml:9: kpi 'kpi_two_days': timeout 2d is longer than 1d",
            "exporter.yaml:16: probe 'api': header 'authorization' is given twice",
        ], errors);
    }

    [Theory]
    [InlineData("0 0 0 30 2 ?", "cron expression '0 0 0 30 2 ?' never fires")]
    [InlineData("0 0 0 1 1 ? 2020", "cron expression '0 0 0 1 1 ? 2020' never fires")]
    public void Parse_CronThatNeverFires_IsAnError(string cron, string message)
    {
        var errors = Errors($$"""
            {{Datasource}}
            kpis:
              - name: kpi_never
                schedule: "{{cron}}"
                sql: select 1 as value
            """);

        Assert.Equal([$"exporter.yaml:6: {message}"], errors);
    }

    [Theory]
    [InlineData("0 9 * * 1-5", "0 0 9 ? * 2-6")]     // weekdays: Monday..Friday
    [InlineData("0 9 * * 0", "0 0 9 ? * 1")]         // Sunday
    [InlineData("0 9 * * 7", "0 0 9 ? * 1")]         // Sunday again
    [InlineData("*/15 * * * 6,0", "0 */15 * ? * 7,1")] // weekends, every 15 minutes
    public void Parse_UnixCronDayOfWeek_IsRenumberedForQuartz(string unix, string quartz)
    {
        var definition = Parse($$"""
            {{Datasource}}
            kpis:
              - name: kpi_weekly
                schedule: "{{unix}}"
                sql: select 1 as value
            """);

        Assert.Equal(quartz, definition.Kpis[0].Schedule.Cron);
    }

    [Fact]
    public void Parse_KpiNamedLikeRuntimeMetrics_IsReserved()
    {
        var errors = Errors($"""
            {Datasource}
            kpis:
              - name: process_open_handles
                sql: select 1 as value
            """);

        Assert.Equal(["exporter.yaml:5: kpi 'process_open_handles': metric name 'process_open_handles' is reserved for the exporter's own metrics"], errors);
    }

    [Fact]
    public void Parse_UnixCron_IsAcceptedAsQuartzCron()
    {
        var definition = Parse($"""
            {Datasource}
            kpis:
              - name: kpi_nightly
                schedule: "30 2 * * *"
                sql: select 1 as value
            """);

        Assert.Equal("0 30 2 * * ?", definition.Kpis[0].Schedule.Cron);
        Assert.Equal(TimeSpan.FromDays(1), definition.Kpis[0].Schedule.Period(DateTimeOffset.UnixEpoch));
    }

    [Fact]
    public void DatasourceDefinition_ToString_HidesTheConnectionString()
    {
        var definition = Parse("""
            datasources:
              - name: app
                connection_string: "Host=db;Password=hunter2"
            """);

        Assert.Equal("datasource app", definition.Datasources[0].ToString());
    }
}
