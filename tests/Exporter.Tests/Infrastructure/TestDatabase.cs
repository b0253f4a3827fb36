using Dapper;
using Npgsql;

namespace Exporter.Tests.Infrastructure;

/// <summary>A fresh database per test class (use as IClassFixture), dropped afterwards.</summary>
public class TestDatabase : IAsyncLifetime
{
    public string Name { get; } = $"t_{Guid.NewGuid():N}"[..20];

    public string ConnectionString => PostgresServer.ConnectionStringFor(Name);

    public virtual async Task InitializeAsync()
    {
        await using var admin = new NpgsqlConnection(PostgresServer.AdminConnectionString);
        await admin.ExecuteAsync($"CREATE DATABASE {Name}");
    }

    public virtual async Task DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        await using var admin = new NpgsqlConnection(PostgresServer.AdminConnectionString);
        await admin.ExecuteAsync($"DROP DATABASE IF EXISTS {Name} WITH (FORCE)");
    }

    public async Task ExecuteAsync(string sql, object? parameters = null)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.ExecuteAsync(sql, parameters);
    }

    public async Task<T> ScalarAsync<T>(string sql, object? parameters = null)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        return await connection.ExecuteScalarAsync<T>(sql, parameters) ?? throw new InvalidOperationException("no value");
    }

    /// <summary>
    /// Freezes <c>now()</c> for every new connection to this database, so window boundaries can be tested
    /// exactly: a <c>frozen.now()</c> function shadows <c>pg_catalog.now()</c> through the search_path.
    /// </summary>
    public async Task FreezeNowAsync(DateTimeOffset now)
    {
        await ExecuteAsync($"""
            CREATE SCHEMA IF NOT EXISTS frozen;
            CREATE OR REPLACE FUNCTION frozen.now() RETURNS timestamptz LANGUAGE sql IMMUTABLE
                AS $$ SELECT '{now.UtcDateTime:yyyy-MM-dd HH:mm:ss.ffffff}+00'::timestamptz $$;
            ALTER DATABASE {Name} SET search_path = frozen, pg_catalog, public;
            """);
        NpgsqlConnection.ClearAllPools();
    }
}
