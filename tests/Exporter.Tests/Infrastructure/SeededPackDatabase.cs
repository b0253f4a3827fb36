namespace Exporter.Tests.Infrastructure;

/// <summary>A pack test class's rows on PostgreSQL, inserted once for the class, with <c>now()</c> frozen at <see cref="TestClock.Now"/>.</summary>
public abstract class SeededPostgres : ReferenceSchemaDatabase
{
    /// <summary>The rows, in PostgreSQL's SQL (the same text the MySQL fixture gets).</summary>
    protected abstract string Rows { get; }

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await InsertAsync(Rows);
        await FreezeAsync();
    }
}

/// <summary>The same rows on MySQL (translated by <see cref="MySqlTestSql"/>), with the same frozen clock.</summary>
public abstract class SeededMySql : MySqlReferenceSchemaDatabase
{
    protected abstract string Rows { get; }

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await InsertAsync(Rows);
        await FreezeAsync();
    }
}
