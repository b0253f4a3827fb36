using Exporter.Demo;

namespace Exporter.Tests.Demo;

/// <summary>Live rows on seeded data: what <c>demo seed --follow</c> appends every few seconds.</summary>
public sealed class DemoFollowerTests(SeededDemoDatabase database) : IClassFixture<SeededDemoDatabase>
{
    [Fact]
    public async Task AppendAsync_HalfAnHour_AddsRequestsSessionsAndEventsInsideIt()
    {
        var to = DateTime.UtcNow;
        var from = to.AddMinutes(-30);
        var follower = new DemoFollower(database.ConnectionString, new DemoStory(new DemoSeedOptions(), to), seed: 9);
        var before = await DemoChecksums.CountsAsync(database.ConnectionString);

        var (requests, sessions, events) = await follower.AppendAsync(from, to, CancellationToken.None);

        var after = await DemoChecksums.CountsAsync(database.ConnectionString);
        // Scale 1 serves ~8 requests a minute and ~0.3 sessions a minute: a half hour has some of each.
        Assert.True(requests > 0 && sessions > 0 && events >= sessions, $"{requests} requests, {sessions} sessions, {events} events");
        Assert.Equal(before["request_log"] + requests, after["request_log"]);
        Assert.Equal(before["user_sessions"] + sessions, after["user_sessions"]);
        Assert.Equal(before["activity_events"] + events, after["activity_events"]);
        Assert.Equal(0, await database.ScalarAsync<long>(
            "SELECT count(*) FROM user_sessions s JOIN users u ON u.id = s.user_id WHERE s.started_at < u.created_at"));
    }

    [Fact]
    public async Task ResumeFromAsync_SeededUpToNow_ResumesAfterTheLatestRequest()
    {
        var now = DateTime.UtcNow;
        var latest = await database.ScalarAsync<DateTime>("SELECT max(occurred_at) FROM request_log WHERE occurred_at < now()");
        var follower = new DemoFollower(database.ConnectionString, new DemoStory(new DemoSeedOptions(), now), seed: 9);

        var from = await follower.ResumeFromAsync(now, CancellationToken.None);

        Assert.InRange(from, latest, latest.AddMilliseconds(1));
    }
}
