using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using Exporter.Tests.Infrastructure;
using Npgsql;

namespace Exporter.Tests.Kpis;

/// <summary>
/// Hostile KPIs through the real binary: a live Prometheus keeps scraping (up == 1), a blocked table leaves the
/// other KPIs their runs, <c>once</c> cancels its queries on SIGTERM, and <c>validate --connect</c> warns about
/// privileged logins. Nothing is written, as the database shows.
/// </summary>
[Trait(Tier.Name, Tier.Stack)]
[Trait(Tier.Exporter, Tier.ChildProcess)]
public sealed partial class HostileStackTests(TestDatabase database) : IClassFixture<TestDatabase>
{
    // Every KPI here passes config validation; each one fails or publishes in its own way at run time.
    private const string HostileKpis = """
        defaults:
          schedule: 2s
        kpis:
          - name: kpi_big_numbers
            help: |
              Spans
              several lines, with a C:\temp path.
            values: [huge, inf, tiny, money, month]
            sql: |
              select repeat('9', 100)::numeric as huge, 'Infinity'::numeric as inf,
                     ('0.' || repeat('0', 199) || '1')::numeric as tiny, '12.34'::money as money, interval '1 month' as month
          - name: kpi_nan
            sql: select 'NaN'::numeric as value
          - name: kpi_labels_text
            sql: |
              select label, 1 as value from (values (e'new\nline'), ('quote " here'), (e'back\\slash'), ('emoji 🚀')) v(label)
          - name: kpi_bytea_label
            sql: select '\x01'::bytea as payload, 1 as value
          - name: kpi_array_label
            sql: select array[1, 2] as ids, 1 as value
          - name: kpi_json_label
            sql: select '{}'::jsonb as doc, 1 as value
          - name: kpi_le_label
            sql: select '0.5' as le, 1 as value
          - name: kpi_writing_cte
            sql: with w as (insert into pwn(note) values ('cte') returning 1) select count(*) as value from w
          - name: kpi_select_into
            sql: select 1 as value into pwn_created
          - name: kpi_for_update
            sql: select count(*) as value from (select * from pwn for update) x
          - name: kpi_nextval
            sql: select nextval('pwn_seq') as value
          - name: kpi_many_rows
            max_series: 5
            sql: select g::text as id, g as value from generate_series(1, 100000) g
          - name: kpi_sleepy
            timeout: 1s
            sql: select 1 as value from pg_sleep(10)
        """;

    [Fact]
    public async Task Run_HostileCorpus_PrometheusKeepsScrapingAndNothingIsWritten()
    {
        await database.ExecuteAsync("create table if not exists pwn (note text); truncate pwn; drop sequence if exists pwn_seq; create sequence pwn_seq");
        using var config = TestConfig.For(database.ConnectionString, HostileKpis);
        await using var exporter = await ExporterProcess.StartRunAsync(config.Path, "/readyz", TimeSpan.FromSeconds(60));
        await using var prometheus = await PrometheusServer.StartAsync(exporter.Http.BaseAddress!.Port);

        // Three scrapes at 2s: every one must parse.
        JsonSamples up = [];
        for (var attempt = 0; attempt < 60 && up.Count == 0; attempt++)
        {
            await Task.Delay(500);
            up = Samples(await prometheus.QueryAsync("count_over_time(up{job=\"exporter\"}[1m]) >= 3"));
        }
        Assert.NotEmpty(up);
        Assert.Equal([1.0], Samples(await prometheus.QueryAsync("min_over_time(up{job=\"exporter\"}[1m])")).Values);

        var failures = Samples(await prometheus.QueryAsync("max by (kpi, reason) (exporter_kpi_errors_total)"), "kpi", "reason");
        Assert.Equal(
            [
                "kpi_array_label invalid_labels", "kpi_bytea_label invalid_labels", "kpi_for_update read_only",
                "kpi_json_label invalid_labels", "kpi_le_label invalid_labels", "kpi_nextval read_only",
                "kpi_select_into read_only", "kpi_sleepy timeout", "kpi_writing_cte read_only",
            ],
            failures.Keys.Order(StringComparer.Ordinal));
        Assert.All(failures.Values, count => Assert.True(count >= 1));

        var values = Samples(await prometheus.QueryAsync("{__name__=~\"kpi_big_numbers_.*|kpi_nan|kpi_many_rows\"}"), "__name__", "id");
        Assert.Equal(new Dictionary<string, double>
        {
            ["kpi_big_numbers_huge "] = 1e100,
            ["kpi_big_numbers_inf "] = double.PositiveInfinity,
            ["kpi_big_numbers_tiny "] = 1e-200,
            ["kpi_big_numbers_money "] = 12.34,
            ["kpi_big_numbers_month "] = 2_592_000,
            ["kpi_many_rows 1"] = 1, ["kpi_many_rows 2"] = 2, ["kpi_many_rows 3"] = 3, ["kpi_many_rows 4"] = 4, ["kpi_many_rows 5"] = 5,
        }, values);
        Assert.Equal(4, (await prometheus.QueryAsync("kpi_labels_text")).GetArrayLength());

        Assert.Equal(0, await database.ScalarAsync<long>("select count(*) from pwn"));
        Assert.False(await database.ScalarAsync<bool>("select exists (select from pg_tables where tablename = 'pwn_created')"));
        Assert.Equal(1, await database.ScalarAsync<long>("select nextval('pwn_seq')"));
    }

    [Fact]
    public async Task Run_TableLockedByDdl_OtherKpisKeepTheirRuns()
    {
        await database.ExecuteAsync("create table if not exists locked (n int)");
        var kpis = string.Join('\n',
            Enumerable.Range(1, 6).Select(i => $"  - name: kpi_locked_{i}\n    sql: select count(*) + {i} as value from locked")
                .Concat(Enumerable.Range(1, 10).Select(i => $"  - name: kpi_free_{i}\n    sql: select {i} as value")));
        using var config = TestConfig.For(database.ConnectionString, $"defaults:\n  schedule: 2s\nkpis:\n{kpis}");
        await using var exporter = await ExporterProcess.StartRunAsync(config.Path, "/readyz", TimeSpan.FromSeconds(60));
        var window = TimeSpan.FromSeconds(16);

        var before = await FreeRunsAsync(exporter);
        await Task.Delay(window);
        var baseline = await FreeRunsAsync(exporter) - before;

        await using var locker = new NpgsqlConnection(database.ConnectionString);
        await locker.OpenAsync();
        await using var transaction = await locker.BeginTransactionAsync();
        await using (var lockTable = new NpgsqlCommand("lock table locked in access exclusive mode", locker, transaction))
            await lockTable.ExecuteNonQueryAsync();
        before = await FreeRunsAsync(exporter);
        await Task.Delay(window);
        var whileLocked = await FreeRunsAsync(exporter) - before;
        var metrics = await exporter.Http.GetStringAsync("/metrics");
        await transaction.RollbackAsync();

        Assert.True(whileLocked >= 0.9 * baseline, $"the free KPIs ran {whileLocked} times while the table was locked, {baseline} before");
        for (var i = 1; i <= 6; i++)
        {
            Assert.Contains($"exporter_kpi_stale{{kpi=\"kpi_locked_{i}\",source=\"app\"}} 1\n", metrics, StringComparison.Ordinal);
            Assert.Matches($"exporter_kpi_errors_total{{kpi=\"kpi_locked_{i}\",source=\"app\",reason=\"lock_timeout\"}} [1-9]", metrics);
        }
        for (var i = 1; i <= 10; i++)
            Assert.Contains($"exporter_kpi_stale{{kpi=\"kpi_free_{i}\",source=\"app\"}} 0\n", metrics, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Once_Sigterm_CancelsTheQueryOnTheServer()
    {
        using var config = TestConfig.For(database.ConnectionString, """
            kpis:
              - name: kpi_sleepy
                timeout: 2m
                sql: select 1 as value from pg_sleep(90)
            """);
        await using var once = ExporterProcess.Start(["once", "--config", config.Path]);
        Assert.True(await WaitForAsync(async () => await SleepingQueriesAsync() == 1), "the query never started");

        using (var kill = Process.Start("kill", ["-TERM", once.Id.ToString(CultureInfo.InvariantCulture)]))
            await kill.WaitForExitAsync();
        var code = await once.WaitForExitAsync(TimeSpan.FromSeconds(20));

        Assert.Equal(1, code);
        Assert.Contains("FAILED kpi_sleepy on app (cancelled): the run was cancelled (shutting down)", once.Stderr, StringComparison.Ordinal);
        Assert.True(await WaitForAsync(async () => await SleepingQueriesAsync() == 0), "the query kept running on the server");
    }

    [Fact]
    public async Task ValidateConnect_PrivilegedLogins_AreWarnedAbout()
    {
        var role = $"r_{Guid.NewGuid():N}"[..16];
        await database.ExecuteAsync($"""
            create table if not exists facts (n int); create table if not exists notes (n int);
            create role {role} login password 'pw';
            grant select on facts to {role}; grant select, insert, delete on notes to {role};
            """);
        try
        {
            var login = new NpgsqlConnectionStringBuilder(database.ConnectionString) { Username = role, Password = "pw" }.ConnectionString;
            using var config = new TestConfig($"""
                datasources:
                  - name: admin
                    connection_string: "{database.ConnectionString}"
                  - name: reader
                    connection_string: "{login}"
                kpis:
                  - name: kpi_facts
                    sql: select count(*) as value from facts f join notes n on n.n = f.n
                """);

            var (code, stdout, stderr) = await ExporterProcess.RunAsync(["validate", "--config", config.Path, "--connect"]);

            Assert.Equal(0, code);
            Assert.Equal(
                [
                    $"{config.Path}:2: warning: datasource 'admin': the login 'postgres' is a superuser; KPI queries need only SELECT (README: \"Least privilege\")",
                    $"{config.Path}:2: warning: datasource 'admin': the login 'postgres' owns tables its KPIs read (public.facts, public.notes); an owner can change them whatever the grants",
                    $"{config.Path}:2: warning: datasource 'admin': the login 'postgres' may INSERT, UPDATE, DELETE or TRUNCATE tables its KPIs read (public.facts, public.notes); grant it SELECT only",
                    $"{config.Path}:4: warning: datasource 'reader': the login '{role}' may INSERT, UPDATE, DELETE or TRUNCATE tables its KPIs read (public.notes); grant it SELECT only",
                ],
                stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
            Assert.StartsWith($"{config.Path}: OK", stdout, StringComparison.Ordinal);
        }
        finally
        {
            await database.ExecuteAsync($"drop owned by {role}; drop role {role}");
        }
    }

    private sealed class JsonSamples : Dictionary<string, double>
    {
        public JsonSamples() : base(StringComparer.Ordinal) { }
    }

    /// <summary>An instant vector as "label1 label2" -> value (the labels named, in order).</summary>
    private static JsonSamples Samples(System.Text.Json.JsonElement vector, params string[] labels)
    {
        var samples = new JsonSamples();
        foreach (var sample in vector.EnumerateArray())
        {
            var metric = sample.GetProperty("metric");
            var key = string.Join(' ', labels.Select(l => metric.TryGetProperty(l, out var v) ? v.GetString() : ""));
            samples[key] = sample.GetProperty("value")[1].GetString() switch
            {
                "+Inf" => double.PositiveInfinity,
                "-Inf" => double.NegativeInfinity,
                var text => double.Parse(text!, CultureInfo.InvariantCulture),
            };
        }
        return samples;
    }

    private static async Task<double> FreeRunsAsync(ExporterProcess exporter) =>
        RunCount().Matches(await exporter.Http.GetStringAsync("/metrics"))
            .Sum(m => double.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture));

    [GeneratedRegex("""exporter_kpi_query_duration_seconds_count\{kpi="kpi_free_\d+",source="app"\} (\d+)""")]
    private static partial Regex RunCount();

    private Task<long> SleepingQueriesAsync() => database.ScalarAsync<long>(
        "select count(*) from pg_stat_activity where application_name = 'exporter' and query like '%pg_sleep(90)%' and state = 'active'");

    private static async Task<bool> WaitForAsync(Func<Task<bool>> condition)
    {
        for (var attempt = 0; attempt < 100; attempt++)
        {
            if (await condition())
                return true;
            await Task.Delay(100);
        }
        return false;
    }
}
