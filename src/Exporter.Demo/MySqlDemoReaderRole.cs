using MySqlConnector;

namespace Exporter.Demo;

/// <summary>
/// The read-only login of <see cref="DemoReaderRole"/> on MySQL / MariaDB: a user (any host) with SELECT on the
/// connection's database and nothing else. Created or updated by <c>demo init --engine mysql</c>; the name and the
/// password go in as parameters (MySQL account names are string literals) and are never printed.
/// </summary>
public static class MySqlDemoReaderRole
{
    public static async Task ApplyAsync(string connectionString, string role, string password, CancellationToken cancellationToken)
    {
        await using var connection = new MySqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        await connection.ExecuteAsync("CREATE USER IF NOT EXISTS ? IDENTIFIED BY ?", cancellationToken, parameters: [role, password]);
        await connection.ExecuteAsync("ALTER USER ? IDENTIFIED BY ?", cancellationToken, parameters: [role, password]);
        // ON * is the connection's database: no identifier to quote.
        await connection.ExecuteAsync("GRANT SELECT ON * TO ?", cancellationToken, parameters: [role]);
    }
}
