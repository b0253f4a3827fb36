using System.Globalization;
using Npgsql;

namespace Exporter.Demo;

/// <summary>
/// Keeps seeded data live: appends the requests, sessions and feature events of the time elapsed since the
/// last call, with the request model of <see cref="RequestLogData"/> and the session rate and users of the
/// last seven days. Used once right after seeding (the minutes the load took) and in a loop by
/// <c>demo seed --follow</c>, so the 5-minute technical KPIs and the daily active users stay current.
/// </summary>
public sealed class DemoFollower
{
    private readonly string _connectionString;
    private readonly DemoStory _story;
    private readonly DemoRandom _random;
    private RequestLogData? _requests;
    private List<(long UserId, DateTime CreatedAt, string Device, string Country)> _users = [];
    private Weighted<string>? _features;
    private double _sessionsPerSecond;

    private static readonly DemoColumns<(long UserId, DateTime StartedAt, string Device, string Country)> SessionColumns = new()
    {
        { "user_id", (w, s) => w.WriteId(s.UserId) },
        { "started_at", (w, s) => w.WriteTime(s.StartedAt) },
        { "device", (w, s) => w.WriteText(s.Device) },
        { "country", (w, s) => w.WriteText(s.Country) },
    };

    private static readonly DemoColumns<(long UserId, DateTime OccurredAt, string Feature)> EventColumns = new()
    {
        { "user_id", (w, e) => w.WriteId(e.UserId) },
        { "occurred_at", (w, e) => w.WriteTime(e.OccurredAt) },
        { "feature", (w, e) => w.WriteText(e.Feature) },
    };

    public DemoFollower(string connectionString, DemoStory story, int seed)
    {
        _connectionString = connectionString;
        _story = story;
        _random = new DemoRandom(seed, (int)DemoStream.Requests + 100);
    }

    /// <summary>
    /// After seeding, keeps the technical and engagement KPIs live: appends requests, sessions and feature
    /// events every 5 s, one line each on <paramref name="output"/>, until cancelled (Ctrl+C).
    /// </summary>
    public static async Task FollowAsync(
        string connectionString, DemoSeedOptions options, DemoSeedResult seeded, TextWriter output, CancellationToken cancellationToken)
    {
        var now = DateTimeOffset.UtcNow;
        var follower = new DemoFollower(connectionString, new DemoStory(options, seeded.Refused ? now : seeded.Now), options.Seed);
        var last = seeded.Refused ? await follower.ResumeFromAsync(now.UtcDateTime, cancellationToken) : seeded.LiveUntil.UtcDateTime;
        await output.WriteLineAsync("Following: appending live requests, sessions and feature events every 5 s; Ctrl+C to stop.");
        while (true)
        {
            var to = DateTime.UtcNow;
            var (requests, sessions, events) = await follower.AppendAsync(last, to, cancellationToken);
            last = to;
            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"{to:HH:mm:ss} +{requests} requests, +{sessions} sessions, +{events} feature events"));
            await Task.Delay(TimeSpan.FromSeconds(5), cancellationToken);
        }
    }

    /// <summary>Appends the rows of [<paramref name="from"/>, <paramref name="to"/>); returns (requests, sessions, events).</summary>
    public async Task<(long Requests, long Sessions, long Events)> AppendAsync(DateTime from, DateTime to, CancellationToken cancellationToken)
    {
        if (to <= from)
            return (0, 0, 0);
        await using var connection = new NpgsqlConnection(_connectionString);
        await connection.OpenAsync(cancellationToken);
        if (_requests is null)
            await SampleAsync(connection, cancellationToken);

        long requests = 0;
        await using (var importer = await connection.BeginBinaryImportAsync(
            RequestLogData.Columns.CopyCommand("request_log"), cancellationToken))
        {
            var writer = new PostgresRowWriter(importer);
            foreach (var request in _requests!.Requests(_random, from, to))
            {
                await importer.StartRowAsync(cancellationToken);
                RequestLogData.Columns.Write(writer, request);
                requests++;
            }
            await importer.CompleteAsync(cancellationToken);
        }
        if (_users.Count == 0 || _features is null)
            return (requests, 0, 0);

        var sessions = new List<(long UserId, DateTime StartedAt, string Device, string Country)>();
        for (var n = _random.Poisson(_sessionsPerSecond * (to - from).TotalSeconds); n > 0; n--)
        {
            var (user, created, device, country) = _users[_random.Next(0, _users.Count)];
            var at = from + TimeSpan.FromTicks((long)(_random.NextDouble() * (to - from).Ticks));
            at = new DateTime(at.Ticks - (at.Ticks % TimeSpan.TicksPerMillisecond), DateTimeKind.Utc);
            if (at > created)
                sessions.Add((user, at, device, country));
        }
        await using (var importer = await connection.BeginBinaryImportAsync(
            SessionColumns.CopyCommand("user_sessions"), cancellationToken))
        {
            var writer = new PostgresRowWriter(importer);
            foreach (var session in sessions)
            {
                await importer.StartRowAsync(cancellationToken);
                SessionColumns.Write(writer, session);
            }
            await importer.CompleteAsync(cancellationToken);
        }
        long events = 0;
        await using (var importer = await connection.BeginBinaryImportAsync(
            EventColumns.CopyCommand("activity_events"), cancellationToken))
        {
            var writer = new PostgresRowWriter(importer);
            foreach (var (user, startedAt, _, _) in sessions)
            {
                var at = startedAt;
                for (var n = 1 + _random.Poisson(1.6); n > 0; n--)
                {
                    at = at.AddSeconds(_random.Next(1, 30));
                    if (at >= to)
                        break;
                    var feature = _features.Pick(_random);
                    await importer.StartRowAsync(cancellationToken);
                    EventColumns.Write(writer, (user, at, feature));
                    events++;
                }
            }
            await importer.CompleteAsync(cancellationToken);
        }
        return (requests, sessions.Count, events);
    }

    /// <summary>
    /// Where to resume live rows on data seeded earlier: after its latest request, at most a day back
    /// (a restarted demo fills the gap of its last day).
    /// </summary>
    public async Task<DateTime> ResumeFromAsync(DateTime now, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(_connectionString);
        var latest = await connection.ScalarAsync<DateTime?>("SELECT max(occurred_at) FROM request_log WHERE occurred_at < $1", cancellationToken, [now]);
        var dayAgo = now.AddDays(-1);
        return latest is { } t && t > dayAgo ? t.AddTicks(TimeSpan.TicksPerMillisecond) : dayAgo;
    }

    /// <summary>
    /// The traffic of the existing data (requests of its last day, so live rows continue the seeded scale),
    /// who was active in the last seven days, how often sessions started, which features were used.
    /// </summary>
    private async Task SampleAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        const string Traffic = """
            SELECT count(*) FROM request_log
            WHERE occurred_at >= (SELECT max(occurred_at) FROM request_log) - interval '1 day'
            """;
        var lastDay = await connection.ScalarAsync<long>(Traffic, cancellationToken);
        var scale = lastDay > 0 ? lastDay / (1440 * RequestLogData.RequestsPerMinute) : _story.Scale;
        _requests = new RequestLogData(_story, scale);

        const string Users = """
            SELECT s.user_id, u.created_at, s.device, s.country FROM user_sessions s JOIN users u ON u.id = s.user_id
            WHERE s.started_at >= now() - interval '7 days' AND s.started_at < now()
            ORDER BY s.started_at DESC LIMIT 5000
            """;
        _users = [.. await connection.QueryAsync(Users, r => (r.GetInt64(0), r.GetDateTime(1), r.GetString(2), r.GetString(3)), cancellationToken)];
        var sessions = await connection.ScalarAsync<long>(
            "SELECT count(*) FROM user_sessions WHERE started_at >= now() - interval '7 days' AND started_at < now()", cancellationToken);
        _sessionsPerSecond = sessions / (7 * 86400.0);
        var features = await connection.QueryAsync(
            "SELECT feature, count(*) FROM activity_events WHERE occurred_at >= now() - interval '7 days' AND occurred_at < now() GROUP BY feature ORDER BY feature",
            r => (Feature: r.GetString(0), Count: r.GetInt64(1)), cancellationToken);
        _features = features.Count > 0
            ? new Weighted<string>([.. features.Select(f => (f.Feature, (double)f.Count))])
            : new Weighted<string>(("dashboard", 1));
    }
}
