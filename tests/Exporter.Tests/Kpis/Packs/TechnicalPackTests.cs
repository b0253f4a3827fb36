using Exporter.Tests.Infrastructure;

namespace Exporter.Tests.Kpis.Packs;

/// <summary>
/// The technical pack on a hand-built request_log, with now() frozen at 2026-06-15 12:00:00 UTC, so the
/// 5-minute window is [11:55:00, 12:00:00) and the 30-day window [2026-05-16 12:00:00, 2026-06-15 12:00:00).
/// The same facts run on PostgreSQL (<see cref="TechnicalPackOnPostgresTests"/>) and on MySQL / MariaDB
/// (<see cref="TechnicalPackOnMySqlTests"/>), with the same rows and the same expected values.
/// </summary>
public abstract class TechnicalPackTests<TDatabase>(TDatabase database) where TDatabase : IPackDatabase
{
    private static readonly DateTimeOffset Now = TestClock.Now;

    /// <summary>
    /// api:     5 requests in the 5m window (100, 200, 300, 400, 1000 ms; 200, 200, 404, 500, 503),
    ///          1 just before it (11:54:59.999, 500), 2 on 2026-06-01 (200), 2 in the future (500).
    /// web:     1 in the window (50 ms, 200), 2 on 2026-06-10 (200), 1 at exactly now-30d (500, counted),
    ///          1 just before now-30d (500, not counted).
    /// '' and '  ' (both "unknown"): 2 in the window (10 ms 502, 30 ms 200), 1 on 2026-06-14 (200).
    /// idle:    1 on 2026-06-05 (200): known, nothing in the 5m window.
    /// ancient: 1 on 2026-05-10 (500): older than 30 days, not known.
    /// </summary>
    private Task<KpiHarness> ArrangeAsync(DateTimeOffset now) => database.ArrangeAsync("technical", """
            TRUNCATE request_log;
            INSERT INTO request_log (service, occurred_at, duration_ms, status_code) VALUES
                ('api', '2026-06-15 11:55:00+00',      100, 200),
                ('api', '2026-06-15 11:56:00+00',      200, 200),
                ('api', '2026-06-15 11:57:00+00',      300, 404),
                ('api', '2026-06-15 11:58:00+00',      400, 500),
                ('api', '2026-06-15 11:59:59.999+00', 1000, 503),
                ('api', '2026-06-15 11:54:59.999+00', 9000, 500),
                ('api', '2026-06-01 10:00:00+00',       80, 200),
                ('api', '2026-06-01 11:00:00+00',       90, 200),
                ('api', '2026-06-15 12:00:00+00',     5000, 500),
                ('api', '2026-06-16 09:00:00+00',     5000, 500),
                ('web', '2026-06-15 11:57:30+00',       50, 200),
                ('web', '2026-06-10 08:00:00+00',       70, 200),
                ('web', '2026-06-10 09:00:00+00',       70, 200),
                ('web', '2026-05-16 12:00:00+00',       70, 500),
                ('web', '2026-05-16 11:59:59.999+00',   70, 500),
                ('',    '2026-06-15 11:58:00+00',       10, 502),
                ('  ',  '2026-06-15 11:58:30+00',       30, 200),
                ('',    '2026-06-14 12:00:00+00',       20, 200),
                ('idle', '2026-06-05 12:00:00+00',     100, 200),
                ('ancient', '2026-05-10 12:00:00+00',  100, 500);
            """, now);

    /// <summary>percentile_cont's linear interpolation, in the same float8 steps as PostgreSQL.</summary>
    private static double PercentileCont(double[] sorted, double percentile)
    {
        var position = percentile * (sorted.Length - 1);
        var (lower, upper) = ((int)Math.Floor(position), (int)Math.Ceiling(position));
        return lower == upper ? sorted[lower] : sorted[lower] + (sorted[upper] - sorted[lower]) * (position - lower);
    }

    [Fact]
    public async Task HttpRequests_ByService_CountsTheWindowAndZeroForIdleKnownServices()
    {
        await using var h = await ArrangeAsync(Now);

        var series = await h.SeriesAsync("kpi_http_requests");

        Assert.Equal(new Dictionary<string, double>
        {
            // 11:55:00 (start, included) .. 11:59:59.999; not 11:54:59.999, not 12:00:00 (now, excluded), not tomorrow.
            ["kpi_http_requests{service=api,window=5m}"] = 5,
            ["kpi_http_requests{service=web,window=5m}"] = 1,
            // '' and '  ' are one service, unknown.
            ["kpi_http_requests{service=unknown,window=5m}"] = 2,
            // Seen 10 days ago: a known service with no requests publishes 0. ancient (05-10, > 30 days) is not known.
            ["kpi_http_requests{service=idle,window=5m}"] = 0,
        }, series);
    }

    [Fact]
    public async Task HttpErrorRatio_ByService_CountsOnly5xxAsErrors()
    {
        await using var h = await ArrangeAsync(Now);

        var series = await h.SeriesAsync("kpi_http_error_ratio");

        Assert.Equal(new Dictionary<string, double>
        {
            // 500 and 503 of 5 requests; the 404 is not an error.
            ["kpi_http_error_ratio{service=api,window=5m}"] = 2.0 / 5,
            ["kpi_http_error_ratio{service=web,window=5m}"] = 0,
            // 502 of 2.
            ["kpi_http_error_ratio{service=unknown,window=5m}"] = 1.0 / 2,
            // idle has no request in the window: no series (never 0, never NaN).
        }, series);
    }

    [Fact]
    public async Task HttpLatencySeconds_ByService_PercentileContOfTheWindow()
    {
        await using var h = await ArrangeAsync(Now);

        var series = await h.SeriesAsync("kpi_http_latency_seconds");

        // api: 0.1, 0.2, 0.3, 0.4, 1.0 s. p50: position 0.5*4 = 2 -> 0.3;
        // p95: 3.8 -> 0.4 + 0.8*(1.0-0.4) = 0.88; p99: 3.96 -> 0.4 + 0.96*0.6 = 0.976.
        double[] api = [0.1, 0.2, 0.3, 0.4, 1.0];
        // unknown: 0.01, 0.03 s. p50: 0.02; p95: 0.01 + 0.95*0.02 = 0.029; p99: 0.0298.
        double[] unknown = [0.01, 0.03];
        Assert.Equal(0.3, PercentileCont(api, 0.5));
        Assert.Equal(0.88, PercentileCont(api, 0.95), 12);
        Assert.Equal(0.976, PercentileCont(api, 0.99), 12);
        Assert.Equal(new Dictionary<string, double>
        {
            ["kpi_http_latency_seconds{percentile=50,service=api,window=5m}"] = PercentileCont(api, 0.5),
            ["kpi_http_latency_seconds{percentile=95,service=api,window=5m}"] = PercentileCont(api, 0.95),
            ["kpi_http_latency_seconds{percentile=99,service=api,window=5m}"] = PercentileCont(api, 0.99),
            // One request: every percentile is its duration.
            ["kpi_http_latency_seconds{percentile=50,service=web,window=5m}"] = 0.05,
            ["kpi_http_latency_seconds{percentile=95,service=web,window=5m}"] = 0.05,
            ["kpi_http_latency_seconds{percentile=99,service=web,window=5m}"] = 0.05,
            ["kpi_http_latency_seconds{percentile=50,service=unknown,window=5m}"] = PercentileCont(unknown, 0.5),
            ["kpi_http_latency_seconds{percentile=95,service=unknown,window=5m}"] = PercentileCont(unknown, 0.95),
            ["kpi_http_latency_seconds{percentile=99,service=unknown,window=5m}"] = PercentileCont(unknown, 0.99),
        }, series);
    }

    [Fact]
    public async Task AvailabilityRatio_ThirtyDays_ShareOfRequestsBelow500()
    {
        await using var h = await ArrangeAsync(Now);

        var series = await h.SeriesAsync("kpi_availability_ratio");

        Assert.Equal(new Dictionary<string, double>
        {
            // 5 in the 5m window + 11:54:59.999 + 2 on 06-01 = 8; below 500: 200, 200, 404, 200, 200 = 5.
            ["kpi_availability_ratio{service=api,window=30d}"] = 5.0 / 8,
            // 11:57:30, 2 on 06-10 and exactly now-30d (500) = 4; below 500: 3. 1 ms before now-30d is out.
            ["kpi_availability_ratio{service=web,window=30d}"] = 3.0 / 4,
            // 502, 200, 200.
            ["kpi_availability_ratio{service=unknown,window=30d}"] = 2.0 / 3,
            ["kpi_availability_ratio{service=idle,window=30d}"] = 1,
            // ancient: no request in 30 days, no series.
        }, series);
    }

    [Fact]
    public async Task AllKpis_QuietFiveMinutes_CountsZeroAndNoRatioOrPercentile()
    {
        // Ten days later: nothing in [2026-06-25 11:55, 12:00); the 30-day window is [05-26 12:00, 06-25 12:00),
        // which now holds the 2026-06-16 api row and no longer web's two rows of 05-16.
        await using var h = await ArrangeAsync(Now.AddDays(10));

        Assert.Equal(new Dictionary<string, double>
        {
            ["kpi_http_requests{service=api,window=5m}"] = 0,
            ["kpi_http_requests{service=web,window=5m}"] = 0,
            ["kpi_http_requests{service=unknown,window=5m}"] = 0,
            ["kpi_http_requests{service=idle,window=5m}"] = 0,
        }, await h.SeriesAsync("kpi_http_requests"));
        Assert.Empty(await h.SeriesAsync("kpi_http_error_ratio"));
        Assert.Empty(await h.SeriesAsync("kpi_http_latency_seconds"));
        Assert.Equal(new Dictionary<string, double>
        {
            // All 10 api rows are in [05-26 12:00, 06-25 12:00) now; below 500: 5.
            ["kpi_availability_ratio{service=api,window=30d}"] = 5.0 / 10,
            // 11:57:30 and 2 on 06-10 (both 05-16 rows are too old now): all 200.
            ["kpi_availability_ratio{service=web,window=30d}"] = 1,
            ["kpi_availability_ratio{service=unknown,window=30d}"] = 2.0 / 3,
            ["kpi_availability_ratio{service=idle,window=30d}"] = 1,
        }, await h.SeriesAsync("kpi_availability_ratio"));
    }

    [Fact]
    public async Task AllKpis_EmptyTable_PublishNothing()
    {
        await using var h = await database.ArrangeAsync("technical", "TRUNCATE request_log;");

        Assert.Empty(await h.SeriesAsync("kpi_http_requests"));
        Assert.Empty(await h.SeriesAsync("kpi_http_error_ratio"));
        Assert.Empty(await h.SeriesAsync("kpi_http_latency_seconds"));
        Assert.Empty(await h.SeriesAsync("kpi_availability_ratio"));
    }

    [Fact]
    public async Task Scrape_LabelsInCatalogOrder_PlusSource()
    {
        await using var h = await ArrangeAsync(Now);
        await h.RunSuccessfullyAsync("kpi_http_latency_seconds");
        await h.RunSuccessfullyAsync("kpi_http_requests");

        Assert.Equal(0.3, await h.SampleAsync("kpi_http_latency_seconds{service=\"api\",percentile=\"50\",window=\"5m\",source=\"app\"}"));
        Assert.Equal(0.0, await h.SampleAsync("kpi_http_requests{service=\"idle\",window=\"5m\",source=\"app\"}"));
    }

    [Fact]
    public async Task Pack_Schedules_OneMinuteForFiveMinuteWindowsFiveForThirtyDays()
    {
        await using var h = database.Harness("technical");

        var schedules = h.Definition.Kpis.ToDictionary(k => k.Name, k => k.Schedule.Text, StringComparer.Ordinal);

        Assert.Equal(new Dictionary<string, string>
        {
            ["kpi_http_requests"] = "1m",
            ["kpi_http_error_ratio"] = "1m",
            ["kpi_http_latency_seconds"] = "1m",
            ["kpi_availability_ratio"] = "5m",
        }, schedules);
    }
}

public sealed class TechnicalPackOnPostgresTests(ReferenceSchemaDatabase database)
    : TechnicalPackTests<ReferenceSchemaDatabase>(database), IClassFixture<ReferenceSchemaDatabase>;

public sealed class TechnicalPackOnMySqlTests(MySqlReferenceSchemaDatabase database)
    : TechnicalPackTests<MySqlReferenceSchemaDatabase>(database), IClassFixture<MySqlReferenceSchemaDatabase>;
