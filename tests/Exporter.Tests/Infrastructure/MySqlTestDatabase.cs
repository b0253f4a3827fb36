using Dapper;
using MySqlConnector;

namespace Exporter.Tests.Infrastructure;

/// <summary>A fresh MySQL / MariaDB database per test class (use as IClassFixture), dropped afterwards.</summary>
public class MySqlTestDatabase : IAsyncLifetime
{
    public string Name { get; } = $"t_{Guid.NewGuid():N}"[..20];

    /// <summary>The admin login, on this database.</summary>
    public string ConnectionString => MySqlServer.ConnectionStringFor(Name);

    public virtual async Task InitializeAsync()
    {
        await using var admin = new MySqlConnection(MySqlServer.AdminConnectionString);
        await admin.ExecuteAsync($"CREATE DATABASE {Name}");
    }

    public virtual async Task DisposeAsync()
    {
        await using var admin = new MySqlConnection(MySqlServer.AdminConnectionString);
        await admin.ExecuteAsync($"DROP DATABASE IF EXISTS {Name}");
    }

    public async Task ExecuteAsync(string sql, object? parameters = null)
    {
        await using var connection = new MySqlConnection(ConnectionString);
        await connection.ExecuteAsync(sql, parameters);
    }

    public async Task<T> ScalarAsync<T>(string sql)
    {
        await using var connection = new MySqlConnection(ConnectionString);
        return await connection.ExecuteScalarAsync<T>(sql) ?? throw new InvalidOperationException("no value");
    }
}
