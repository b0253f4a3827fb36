namespace Exporter.Demo;

/// <summary>
/// The API's request log for the last 31 days (a log's usual retention), minute by minute up to now:
/// six services with their own latency and mix of status codes, traffic following the day and the week,
/// a degraded week (slower, more 5xx) with a 2h40 outage five days ago, and a short auth blip 19 days ago.
/// The same model produces the live rows of <c>demo seed --follow</c>; <c>scale</c> multiplies the traffic.
/// </summary>
public sealed class RequestLogData(DemoStory story, double scale)
{
    /// <summary>Requests per minute at scale 1 on an average weekday (quieter at night and at weekends).</summary>
    public const double RequestsPerMinute = 8;

    public const int RetentionDays = 31;

    private static readonly Service[] Services =
    [
        new("api", 40, 45), new("web", 25, 120), new("auth", 12, 30), new("search", 10, 90), new("media", 7, 60), new("payments", 6, 220),
    ];

    private static readonly Weighted<int> ServiceIndex = new([.. Services.Select((s, i) => (i, s.Weight))]);

    private static readonly Weighted<int> ClientErrors = new((400, 25), (401, 20), (403, 10), (404, 35), (429, 10));

    // Relative traffic per hour of the day (UTC), mean 1: customers' office hours and learners' evenings.
    private static readonly double[] Hourly = Normalise(
        [0.45, 0.4, 0.35, 0.35, 0.4, 0.5, 0.7, 0.9, 1.15, 1.3, 1.4, 1.4, 1.35, 1.4, 1.4, 1.35, 1.3, 1.25, 1.25, 1.2, 1.1, 0.9, 0.7, 0.55]);

    public DateTime From => story.Now.AddDays(-Math.Min(RetentionDays, story.Options.Days));

    // Mean of the weekly factor used in Requests (quieter weekends).
    private const double WeeklyMean = 0.88;

    public long EstimatedRows => (long)(RequestsPerMinute * WeeklyMean * scale * (story.Now - From).TotalMinutes);

    public IEnumerable<DemoTable> Tables() =>
    [
        new DemoTable<Request>("request_log", EstimatedRows,
            () => Requests(new DemoRandom(story.Seed, (int)DemoStream.Requests), From, story.Now), Columns),
    ];

    /// <summary>request_log's columns, shared by the seeder and the follower.</summary>
    public static DemoColumns<Request> Columns { get; } = new()
    {
        { "service", (w, r) => w.WriteText(r.Service) },
        { "occurred_at", (w, r) => w.WriteTime(r.OccurredAt) },
        { "duration_ms", (w, r) => w.WriteDouble(r.DurationMs) },
        { "status_code", (w, r) => w.WriteInteger(r.StatusCode) },
    };

    /// <summary>Every request in [<paramref name="from"/>, <paramref name="to"/>), minute by minute.</summary>
    public IEnumerable<Request> Requests(DemoRandom random, DateTime from, DateTime to)
    {
        var offsets = new long[64];
        for (var minute = from; minute < to; minute = minute.AddMinutes(1))
        {
            var span = Math.Min(1.0, (to - minute).TotalMinutes);
            var expected = RequestsPerMinute * scale * span * Hourly[minute.Hour]
                * Math.Sqrt(DemoStory.Weekday(minute, business: true) * DemoStory.Weekday(minute, business: false));
            var count = random.Poisson(expected);
            if (offsets.Length < count)
                offsets = new long[count * 2];
            for (var n = 0; n < count; n++)
                offsets[n] = (long)(random.NextDouble() * span * TimeSpan.TicksPerMinute) / TimeSpan.TicksPerMillisecond * TimeSpan.TicksPerMillisecond;
            // In time order within the minute: the table is physically ordered like its time index.
            Array.Sort(offsets, 0, count);
            for (var n = 0; n < count; n++)
                yield return Draw(random, Services[ServiceIndex.Pick(random)], minute.AddTicks(offsets[n]));
        }
    }

    private Request Draw(DemoRandom random, Service service, DateTime at)
    {
        var slow = 1.0;
        var errors = 0.0015;
        if (at >= story.BadWeekStart && at < story.BadWeekEnd && service.Name is "api" or "search" or "payments")
            (slow, errors) = (1.4, 0.006);
        if (at >= story.IncidentStart && at < story.IncidentEnd)
            (slow, errors) = service.Name switch
            {
                "api" or "payments" => (7.0, 0.28),
                "search" => (4.0, 0.15),
                "web" => (2.0, 0.08),
                _ => (slow, errors),
            };
        if (at >= story.MinorIncidentStart && at < story.MinorIncidentEnd && service.Name == "auth")
            (slow, errors) = (2.5, 0.15);

        var duration = random.LogNormal(service.MedianMs, 0.55) * slow;
        if (random.Chance(0.005))
            duration *= random.Uniform(5, 20); // the long tail: cold caches, big payloads
        int status;
        var draw = random.NextDouble();
        if (draw < errors)
        {
            status = slow > 3 && random.Chance(0.3) ? 504 : random.Chance(0.7) ? 500 : 503;
            if (status == 504)
                duration = Math.Max(duration, 30_000);
        }
        else if (draw < errors + 0.025)
        {
            status = ClientErrors.Pick(random);
        }
        else
        {
            status = service.Name switch
            {
                "web" when random.Chance(0.2) => 304,
                "api" when random.Chance(0.12) => 201,
                "api" when random.Chance(0.05) => 204,
                "media" when random.Chance(0.3) => 206,
                _ => 200,
            };
        }
        return new Request(service.Name, at, Math.Round(duration, 3), status);
    }

    private static double[] Normalise(double[] weights)
    {
        var mean = weights.Average();
        return [.. weights.Select(w => w / mean)];
    }

    private sealed record Service(string Name, double Weight, double MedianMs);

    public readonly record struct Request(string Service, DateTime OccurredAt, double DurationMs, int StatusCode);
}
