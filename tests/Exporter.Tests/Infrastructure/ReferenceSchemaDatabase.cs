namespace Exporter.Tests.Infrastructure;

/// <summary>
/// A fresh database with the packs' reference schema (src/Exporter/Kpis/Packs/schema.sql) applied, empty
/// tables: the one harness of the pack tests. <see cref="ArrangeAsync"/> gives a test its own rows, with
/// <c>now()</c> frozen, and a harness with the pack enabled.
/// </summary>
public class ReferenceSchemaDatabase : TestDatabase, IPackDatabase
{
    public Exporter.Model.DatabaseEngine Engine => Exporter.Model.DatabaseEngine.PostgreSql;

    public Task InsertAsync(string sql) => ExecuteAsync(sql);

    /// <summary>Freezes <c>now()</c> at <paramref name="now"/> (<see cref="TestClock.Now"/> unless given).</summary>
    public Task FreezeAsync(DateTimeOffset? now = null) => TestClock.FreezeAsync(this, now);

    /// <summary>The reference schema, read from next to the packs it is the contract of.</summary>
    public static string SchemaSql => File.ReadAllText(RepositoryPaths.Of("src", "Exporter", "Kpis", "Packs", "schema.sql"));

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await ExecuteAsync(SchemaSql);
    }

    /// <summary>
    /// Freezes <c>now()</c> (at <see cref="TestClock.Now"/> unless given), runs <paramref name="sql"/> (the
    /// test's truncate and inserts) and returns a harness with <paramref name="pack"/> enabled.
    /// </summary>
    public async Task<KpiHarness> ArrangeAsync(string pack, string sql, DateTimeOffset? now = null)
    {
        await TestClock.FreezeAsync(this, now);
        await ExecuteAsync(sql);
        return Harness(pack);
    }


    public KpiHarness Harness(params string[] packs) => KpiHarness.ForPacks(this, packs);
}
