namespace Exporter.Demo;

/// <summary>
/// Sessions and feature events, streamed day by day (tens of millions of rows at scale 100, never held in
/// memory): each active user starts sessions at their own weekly rate, on weekdays in office hours for
/// customer seats, also evenings and Sundays for learners; each session uses a few of the user's features.
/// Both tables replay the same deterministic simulation, so events belong to real sessions.
/// </summary>
public sealed class ActivityData(DemoContext context, UserData users)
{
    public static readonly IReadOnlyList<Feature> Features =
    [
        new("course_player", 0.6, 0.95, 30),
        new("dashboard", 0.85, 0.3, 14),
        new("quiz", 0.35, 0.6, 10),
        new("search", 0.55, 0.5, 8),
        new("reports", 0.35, 0.02, 6),
        new("messaging", 0.3, 0.25, 6),
        new("marketplace", 0.02, 0.3, 5),
        new("certificates", 0.2, 0.25, 2),
        new("ai_assistant", 0.35, 0.3, 7),
    ];

    public const int CoursePlayer = 0;
    public const int Dashboard = 1;
    public const int Assistant = 8;

    private static readonly Weighted<string> Devices = new(("desktop", 55), ("mobile", 35), ("tablet", 10));

    private readonly DemoStory _story = context.Story;

    /// <summary>Rough size for the progress bar: each user's weekly rate over their active days in the history.</summary>
    public long EstimatedSessions => (long)users.Users.Sum(u =>
        Math.Max(0, ((u.ActiveUntil ?? _story.Now) - (u.CreatedAt > _story.Start ? u.CreatedAt : _story.Start)).TotalDays) * u.SessionsPerWeek / 7);

    public IEnumerable<DemoTable> Tables()
    {
        var sessions = EstimatedSessions;
        return
        [
            new DemoTable<Session>("user_sessions", sessions, Sessions, new()
            {
                { "id", (w, s) => w.WriteId(s.Id) },
                { "user_id", (w, s) => w.WriteId(s.User.Id) },
                { "started_at", (w, s) => w.WriteTime(s.StartedAt) },
                { "device", (w, s) => w.WriteText(s.Device) },
                { "country", (w, s) => w.WriteText(s.Country) },
            }),
            new DemoTable<ActivityEvent>("activity_events", (long)(sessions * 2.6), Events, new()
            {
                { "id", (w, e) => w.WriteId(e.Id) },
                { "user_id", (w, e) => w.WriteId(e.UserId) },
                { "occurred_at", (w, e) => w.WriteTime(e.OccurredAt) },
                { "feature", (w, e) => w.WriteText(e.Feature) },
            }),
        ];
    }

    /// <summary>Every session of the history, day by day.</summary>
    public IEnumerable<Session> Sessions()
    {
        var random = context.Random(DemoStream.Sessions);
        var all = users.Users;
        var alive = new List<User>();
        var next = 0;
        var id = context.FirstId("user_sessions");
        var today = new List<Session>();
        foreach (var day in _story.HistoryDays())
        {
            today.Clear();
            var dayEnd = day.AddDays(1);
            var season = Math.Sqrt(DemoStory.Season(day));
            var office = DemoStory.Weekday(day, business: true) * season / 7;
            var learner = DemoStory.Weekday(day, business: false) * season / 7;
            while (next < all.Count && all[next].CreatedAt < dayEnd)
                alive.Add(all[next++]);
            for (var i = alive.Count - 1; i >= 0; i--)
            {
                var user = alive[i];
                if (user.ActiveUntil is { } until && until <= day)
                {
                    alive[i] = alive[^1];
                    alive.RemoveAt(alive.Count - 1);
                    continue;
                }
                var count = random.Poisson(user.SessionsPerWeek * (user.Office ? office : learner));
                var signupDay = user.CreatedAt >= day;
                for (var n = signupDay ? count + 1 : count; n > 0; n--)
                {
                    var start = signupDay && n == count + 1
                        ? user.CreatedAt.AddSeconds(random.Next(5, 300))
                        : _story.TimeOfDay(random, day, user.Office);
                    if (start < user.CreatedAt)
                        start = user.CreatedAt.AddSeconds(random.Next(60, 3600));
                    var device = random.Chance(0.75) ? user.Device : Devices.Pick(random);
                    var country = random.Chance(0.97) ? user.Country : DemoVocabulary.Countries.Pick(random);
                    if (start < _story.Now && (user.ActiveUntil is null || start < user.ActiveUntil))
                        today.Add(new Session(0, user, start, device, country));
                }
            }
            // In time order: ids grow with time and the table is physically ordered like its time index.
            today.Sort((a, b) => a.StartedAt != b.StartedAt ? a.StartedAt.CompareTo(b.StartedAt) : a.User.Id.CompareTo(b.User.Id));
            foreach (var session in today)
                yield return session with { Id = id++ };
        }
    }

    /// <summary>The feature events of every session: 1 + Poisson(1.6) events a few minutes apart.</summary>
    public IEnumerable<ActivityEvent> Events()
    {
        var random = context.Random(DemoStream.Events);
        var id = context.FirstId("activity_events");
        var weights = new double[Features.Count];
        var batch = new List<ActivityEvent>();
        var day = DateTime.MinValue;
        foreach (var session in Sessions())
        {
            if (session.StartedAt.Date != day)
            {
                // The sessions of one day are done: their events in time order.
                foreach (var e in Sorted(batch))
                    yield return e with { Id = id++ };
                batch.Clear();
                day = session.StartedAt.Date;
            }
            var user = session.User;
            var t = session.StartedAt;
            for (var n = 1 + random.Poisson(1.6); n > 0; n--)
            {
                t = t.AddSeconds(random.Next(5, 360));
                if (t >= _story.Now)
                    break;
                batch.Add(new ActivityEvent(0, user.Id, t, Pick(random, user, t, weights)));
            }
        }
        foreach (var e in Sorted(batch))
            yield return e with { Id = id++ };
    }

    private static List<ActivityEvent> Sorted(List<ActivityEvent> events)
    {
        events.Sort((a, b) => a.OccurredAt != b.OccurredAt ? a.OccurredAt.CompareTo(b.OccurredAt) : a.UserId.CompareTo(b.UserId));
        return events;
    }

    private static string Pick(DemoRandom random, User user, DateTime t, double[] weights)
    {
        var total = 0.0;
        for (var i = 0; i < Features.Count; i++)
        {
            var used = (user.Features & (1 << i)) != 0 && (i != Assistant || user.AssistantSince <= t);
            weights[i] = used ? Features[i].Weight : 0;
            total += weights[i];
        }
        var u = random.NextDouble() * total;
        for (var i = 0; i < Features.Count; i++)
        {
            u -= weights[i];
            if (u < 0 && weights[i] > 0)
                return Features[i].Name;
        }
        return Features[user.Office ? Dashboard : CoursePlayer].Name;
    }

    /// <summary>A product feature: how likely a customer seat or a learner uses it, and how often (weight).</summary>
    public sealed record Feature(string Name, double OfficeAdoption, double LearnerAdoption, double Weight);

    public readonly record struct Session(long Id, User User, DateTime StartedAt, string Device, string Country);

    public readonly record struct ActivityEvent(long Id, long UserId, DateTime OccurredAt, string Feature);
}
