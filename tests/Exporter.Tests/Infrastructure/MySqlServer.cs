using MySqlConnector;

namespace Exporter.Tests.Infrastructure;

/// <summary>
/// The MySQL-engine server the tests use (MariaDB here), named by EXPORTER_TEST_MYSQL (set by scripts/test.sh, which
/// starts a throwaway one). Missing means the tests fail loudly: they are never silently skipped.
/// </summary>
public static class MySqlServer
{
    public const string Variable = "EXPORTER_TEST_MYSQL";

    public static string AdminConnectionString =>
        Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException(
                $"{Variable} is not set. Run the tests with scripts/test.sh, which starts a throwaway MariaDB, " +
                $"or set {Variable} to an admin connection string (e.g. Server=127.0.0.1;Port=3306;User ID=root;Password=...).");

    public static string ConnectionStringFor(string database) =>
        new MySqlConnectionStringBuilder(AdminConnectionString) { Database = database, Pooling = false }.ConnectionString;
}

/// <summary>A fresh MySQL database per test class (use as IClassFixture), dropped afterwards.</summary>
public class MySqlTestDatabase : IAsyncLifetime
{
    public string Name { get; } = $"t_{Guid.NewGuid():N}"[..20];

    public string ConnectionString => MySqlServer.ConnectionStringFor(Name);

    public virtual async Task InitializeAsync()
    {
        await using var admin = new MySqlConnection(MySqlServer.AdminConnectionString);
        await admin.OpenAsync();
        await using var command = new MySqlCommand($"CREATE DATABASE {Name}", admin);
        await command.ExecuteNonQueryAsync();
    }

    public virtual async Task DisposeAsync()
    {
        MySqlConnection.ClearAllPools();
        await using var admin = new MySqlConnection(MySqlServer.AdminConnectionString);
        await admin.OpenAsync();
        await using var command = new MySqlCommand($"DROP DATABASE IF EXISTS {Name}", admin);
        await command.ExecuteNonQueryAsync();
    }

    public async Task ExecuteAsync(string sql)
    {
        await using var connection = new MySqlConnection(ConnectionString + ";AllowUserVariables=true");
        await connection.OpenAsync();
        await using var command = new MySqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    public async Task<T> ScalarAsync<T>(string sql)
    {
        await using var connection = new MySqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new MySqlCommand(sql, connection);
        return (T)Convert.ChangeType((await command.ExecuteScalarAsync())!, typeof(T), System.Globalization.CultureInfo.InvariantCulture);
    }
}
