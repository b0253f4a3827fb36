using Dapper;
using Exporter.Demo;
using Exporter.Tests.Infrastructure;
using Npgsql;

namespace Exporter.Tests.Demo;

/// <summary>schema.sql against a fresh database: the spec's tables and columns, idempotent.</summary>
public sealed class DemoSchemaTests(ReferenceSchemaDatabase database) : IClassFixture<ReferenceSchemaDatabase>
{
    [Fact]
    public async Task ApplyAsync_FreshDatabase_CreatesEveryTableAndColumnOfTheSpec()
    {
        var expected = ReferenceSchemaSpec.Columns.ToDictionary(t => t.Key, t => string.Join(",", t.Value.Order(StringComparer.Ordinal)), StringComparer.Ordinal);

        var actual = (await ColumnsAsync())
            .GroupBy(c => c.Table)
            .ToDictionary(g => g.Key, g => string.Join(",", g.Select(c => c.Column).Order(StringComparer.Ordinal)), StringComparer.Ordinal);

        Assert.Equal(expected, actual);
    }

    [Fact]
    public async Task ApplyAsync_FreshDatabase_UsesTheSpecTypes()
    {
        // Timestamps are timestamptz, ids bigint, money integer cents, days dates (kpi-catalog.md).
        var wrong = (await ColumnsAsync())
            .Where(c => (c.Column.EndsWith("_at", StringComparison.Ordinal) && c.Type != "timestamp with time zone")
                || ((c.Column == "id" || c.Column.EndsWith("_id", StringComparison.Ordinal) || c.Column.EndsWith("_cents", StringComparison.Ordinal)) && c.Type != "bigint")
                || (c.Column == "day" && c.Type != "date"))
            .Select(c => $"{c.Table}.{c.Column} is {c.Type}");

        Assert.Empty(wrong);
    }

    [Fact]
    public void Sql_Embedded_IsThePacksReferenceSchema()
    {
        // demo init applies the schema that lives next to the packs (embedded from there), not a copy.
        Assert.Equal(ReferenceSchemaDatabase.SchemaSql, DemoSchema.Sql);
    }

    [Fact]
    public async Task ApplyAsync_AppliedAgain_ChangesNothing()
    {
        var before = await SchemaObjectsAsync();

        await DemoSchema.ApplyAsync(database.ConnectionString, CancellationToken.None);
        await DemoSchema.ApplyAsync(database.ConnectionString, CancellationToken.None);

        Assert.NotEmpty(before);
        Assert.Equal(before, await SchemaObjectsAsync());
    }

    [Fact]
    public async Task ApplyAsync_FreshDatabase_EveryIdTableHasAPrimaryKeyAndChildrenHaveForeignKeys()
    {
        await using var connection = new NpgsqlConnection(database.ConnectionString);
        var constraints = (await connection.QueryAsync<string>("""
            SELECT conrelid::regclass::text || ':' || contype::text || ':' || CASE WHEN confrelid = 0 THEN '' ELSE confrelid::regclass::text END
            FROM pg_constraint WHERE contype IN ('p', 'f') AND connamespace = 'public'::regnamespace
            """)).ToHashSet(StringComparer.Ordinal);

        var missing = ReferenceSchemaSpec.Columns
            .SelectMany(t => t.Value.Select(c => (Table: t.Key, Column: c)))
            .Select(c => c switch
            {
                (_, "id") => $"{c.Table}:p:",
                (_, "customer_id") => $"{c.Table}:f:customers",
                (_, "user_id" or "buyer_user_id" or "seller_user_id") => $"{c.Table}:f:users",
                (_, "course_id") => $"{c.Table}:f:courses",
                (_, "listing_id") => $"{c.Table}:f:marketplace_listings",
                _ => null,
            })
            .Where(expected => expected is not null && !constraints.Contains(expected));

        Assert.Empty(missing);
    }

    private async Task<List<(string Table, string Column, string Type)>> ColumnsAsync()
    {
        await using var connection = new NpgsqlConnection(database.ConnectionString);
        return [.. await connection.QueryAsync<(string, string, string)>("""
            SELECT table_name, column_name, data_type FROM information_schema.columns
            WHERE table_schema = 'public' ORDER BY table_name, ordinal_position
            """)];
    }

    /// <summary>Every table, column, index and constraint, as text: equal lists = nothing was added twice.</summary>
    private async Task<List<string>> SchemaObjectsAsync()
    {
        await using var connection = new NpgsqlConnection(database.ConnectionString);
        return [.. await connection.QueryAsync<string>("""
            SELECT 'column ' || table_name || '.' || column_name || ' ' || data_type FROM information_schema.columns WHERE table_schema = 'public'
            UNION ALL
            SELECT 'index ' || indexdef FROM pg_indexes WHERE schemaname = 'public'
            UNION ALL
            SELECT 'constraint ' || conrelid::regclass::text || ' ' || pg_get_constraintdef(oid) FROM pg_constraint WHERE connamespace = 'public'::regnamespace
            ORDER BY 1
            """)];
    }
}
