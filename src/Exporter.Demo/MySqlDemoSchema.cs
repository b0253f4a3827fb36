using MySqlConnector;

namespace Exporter.Demo;

/// <summary>
/// The reference schema for MySQL 8 / MariaDB 10.6+ (schema.mysql.sql, embedded): the mirror of
/// <see cref="DemoSchema"/>, created by <c>demo init --engine mysql</c>, idempotent.
/// </summary>
public static class MySqlDemoSchema
{
    public static string Sql => DemoSchema.Embedded("schema.mysql.sql");

    public static async Task ApplyAsync(string connectionString, CancellationToken cancellationToken)
    {
        await using var connection = new MySqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(Sql, cancellationToken);
    }
}
