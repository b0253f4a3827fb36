using Dapper;
using Exporter.Demo;
using Exporter.Tests.Infrastructure;
using MySqlConnector;
using Npgsql;

namespace Exporter.Tests.Demo;

/// <summary>schema.mysql.sql against a fresh MySQL / MariaDB database: the mirror of PostgreSQL's, idempotent.</summary>
public sealed class MySqlDemoSchemaTests : IClassFixture<MySqlTestDatabase>, IClassFixture<ReferenceSchemaDatabase>, IAsyncLifetime
{
    private readonly MySqlTestDatabase _mysql;
    private readonly ReferenceSchemaDatabase _postgres;

    public MySqlDemoSchemaTests(MySqlTestDatabase mysql, ReferenceSchemaDatabase postgres)
    {
        _mysql = mysql;
        _postgres = postgres;
    }

    public Task InitializeAsync() => MySqlDemoSchema.ApplyAsync(_mysql.ConnectionString, CancellationToken.None);

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task ApplyAsync_FreshDatabase_SameTablesColumnsOrderAndNullabilityAsPostgres()
    {
        await using var postgres = new NpgsqlConnection(_postgres.ConnectionString);
        var expected = (await postgres.QueryAsync<string>("""
            SELECT table_name || '.' || column_name || ' #' || ordinal_position || ' nullable=' || is_nullable
            FROM information_schema.columns WHERE table_schema = 'public'
            """)).Order(StringComparer.Ordinal).ToList();
        await using var mysql = new MySqlConnection(_mysql.ConnectionString);
        var actual = (await mysql.QueryAsync<string>("""
            SELECT CONCAT(table_name, '.', column_name, ' #', ordinal_position, ' nullable=', is_nullable)
            FROM information_schema.columns WHERE table_schema = DATABASE()
            """)).Order(StringComparer.Ordinal).ToList();

        Assert.Equal(ReferenceSchemaSpec.Columns.Values.Sum(c => c.Length), expected.Count);
        Assert.Equal(expected, actual);
    }

    [Fact]
    public async Task ApplyAsync_FreshDatabase_UsesTheDocumentedTypes()
    {
        // docs/engines.md: timestamps DATETIME(6), ids and cents BIGINT, days DATE, text utf8mb4_bin, tables InnoDB.
        await using var connection = new MySqlConnection(_mysql.ConnectionString);
        var wrong = (await connection.QueryAsync<(string Table, string Column, string Type, string? Collation)>("""
            SELECT table_name, column_name, column_type, collation_name FROM information_schema.columns WHERE table_schema = DATABASE()
            """))
            .Where(c => (c.Column.EndsWith("_at", StringComparison.Ordinal) && c.Type != "datetime(6)")
                || ((c.Column == "id" || c.Column.EndsWith("_id", StringComparison.Ordinal) || c.Column.EndsWith("_cents", StringComparison.Ordinal)) && c.Type != "bigint(20)" && c.Type != "bigint")
                || (c.Column == "day" && c.Type != "date")
                || (c.Collation is not null && c.Collation != "utf8mb4_bin"))
            .Select(c => $"{c.Table}.{c.Column} is {c.Type} {c.Collation}");
        var engines = await connection.QueryAsync<string>(
            "SELECT DISTINCT engine FROM information_schema.tables WHERE table_schema = DATABASE()");

        Assert.Empty(wrong);
        Assert.Equal(["InnoDB"], engines);
    }

    [Fact]
    public async Task ApplyAsync_FreshDatabase_SameForeignKeysAndChecksAsPostgres()
    {
        await using var postgres = new NpgsqlConnection(_postgres.ConnectionString);
        var expected = (await postgres.QueryAsync<string>("""
            SELECT conrelid::regclass::text || ' ' || conname || ' ' || contype::text
                || CASE WHEN contype = 'f' THEN ' -> ' || confrelid::regclass::text ELSE '' END
            FROM pg_constraint WHERE contype IN ('f', 'c') AND connamespace = 'public'::regnamespace
            """)).Order(StringComparer.Ordinal).ToList();
        await using var mysql = new MySqlConnection(_mysql.ConnectionString);
        var actual = (await mysql.QueryAsync<string>("""
            SELECT CONCAT(c.table_name, ' ', c.constraint_name, ' ', IF(c.constraint_type = 'CHECK', 'c', 'f'),
                          IF(c.constraint_type = 'FOREIGN KEY', CONCAT(' -> ', r.referenced_table_name), ''))
            FROM information_schema.table_constraints c
            LEFT JOIN information_schema.referential_constraints r
                ON r.constraint_schema = c.constraint_schema AND r.constraint_name = c.constraint_name AND r.table_name = c.table_name
            WHERE c.table_schema = DATABASE() AND c.constraint_type IN ('FOREIGN KEY', 'CHECK')
            """)).Order(StringComparer.Ordinal).ToList();
        var primaryKeys = (await mysql.QueryAsync<string>("""
            SELECT table_name FROM information_schema.table_constraints WHERE table_schema = DATABASE() AND constraint_type = 'PRIMARY KEY'
            """)).Order(StringComparer.Ordinal);

        Assert.Equal(expected, actual);
        Assert.Equal(ReferenceSchemaSpec.Columns.Where(t => t.Value.Contains("id") || t.Value.Contains("day")).Select(t => t.Key).Order(StringComparer.Ordinal), primaryKeys);
    }

    [Fact]
    public async Task ApplyAsync_AppliedAgain_ChangesNothing()
    {
        var before = await SchemaObjectsAsync();

        await MySqlDemoSchema.ApplyAsync(_mysql.ConnectionString, CancellationToken.None);
        await MySqlDemoSchema.ApplyAsync(_mysql.ConnectionString, CancellationToken.None);

        Assert.NotEmpty(before);
        Assert.Equal(before, await SchemaObjectsAsync());
    }

    [Fact]
    public async Task ApplyAsync_LowerCaseCountry_RefusedByTheCheckLikeOnPostgres()
    {
        var refused = await Assert.ThrowsAsync<MySqlException>(() => _mysql.ExecuteAsync(
            "INSERT INTO customers (name, country, created_at) VALUES ('x', 'fr', UTC_TIMESTAMP())"));

        Assert.Contains("customers_country_check", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Sql_Embedded_IsTheFileNextToThePacks()
    {
        Assert.Equal(File.ReadAllText(RepositoryPaths.Of("src", "Exporter", "Kpis", "Packs", "schema.mysql.sql")), MySqlDemoSchema.Sql);
    }

    /// <summary>Every table, column, index and constraint, as text: equal lists = nothing was added twice.</summary>
    private async Task<List<string>> SchemaObjectsAsync()
    {
        await using var connection = new MySqlConnection(_mysql.ConnectionString);
        return [.. await connection.QueryAsync<string>("""
            SELECT CONCAT('column ', table_name, '.', column_name, ' ', column_type) FROM information_schema.columns WHERE table_schema = DATABASE()
            UNION ALL
            SELECT CONCAT('index ', table_name, '.', index_name, ' ', seq_in_index, ' ', column_name) FROM information_schema.statistics WHERE table_schema = DATABASE()
            UNION ALL
            SELECT CONCAT('constraint ', table_name, '.', constraint_name, ' ', constraint_type) FROM information_schema.table_constraints WHERE table_schema = DATABASE()
            ORDER BY 1
            """)];
    }
}
