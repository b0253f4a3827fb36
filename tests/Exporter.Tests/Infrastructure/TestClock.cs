namespace Exporter.Tests.Infrastructure;

/// <summary>
/// The instant tests freeze <c>now()</c> at (and anchor demo data to), and the session time zone they pin (UTC), so that
/// <c>now() - interval '30 days'</c> is exactly 30 x 24 hours whatever the server's default TimeZone is.
/// </summary>
internal static class TestClock
{
    public static readonly DateTimeOffset Now = new(2026, 6, 15, 12, 0, 0, TimeSpan.Zero);

    public static async Task FreezeAsync(TestDatabase database, DateTimeOffset? now = null)
    {
        await database.ExecuteAsync($"ALTER DATABASE {database.Name} SET timezone = 'UTC'");
        await database.FreezeNowAsync(now ?? Now);
    }
}
