using Exporter.Model;

namespace Exporter.Tests.Infrastructure;

/// <summary>
/// The pack tests' database on either engine: the same test rows (written in PostgreSQL's SQL, translated for MySQL
/// by <see cref="MySqlTestSql"/>), the same frozen clock, and a harness with the packs enabled. A pack test class
/// written against this runs its facts, with the same expected values, on both engines.
/// </summary>
public interface IPackDatabase
{
    DatabaseEngine Engine { get; }

    /// <summary>Runs the test's truncates and inserts (PostgreSQL's SQL; on MySQL translated first).</summary>
    Task InsertAsync(string sql);

    /// <summary>Freezes <c>now()</c> at <paramref name="now"/> (<see cref="TestClock.Now"/> unless given) for the harness's connections.</summary>
    Task FreezeAsync(DateTimeOffset? now = null);

    /// <summary>A harness with one datasource <c>app</c> on this database and the given packs.</summary>
    KpiHarness Harness(params string[] packs);
}

public static class PackDatabaseExtensions
{
    /// <summary>Freezes <c>now()</c>, runs <paramref name="sql"/> (the test's rows) and returns a harness with <paramref name="pack"/>.</summary>
    public static async Task<KpiHarness> ArrangeAsync(this IPackDatabase database, string pack, string sql, DateTimeOffset? now = null)
    {
        await database.FreezeAsync(now);
        await database.InsertAsync(sql);
        return database.Harness(pack);
    }
}
