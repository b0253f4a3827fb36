using Npgsql;

namespace Exporter.Demo;

/// <summary>The reference schema (Demo/schema.sql, embedded): created by <c>demo init</c>, idempotent.</summary>
public static class DemoSchema
{
    public static string Sql
    {
        get
        {
            using var stream = typeof(DemoSchema).Assembly.GetManifestResourceStream("Exporter.Demo.schema.sql")
                ?? throw new InvalidOperationException("the embedded schema.sql is missing");
            using var reader = new StreamReader(stream);
            return reader.ReadToEnd();
        }
    }

    public static async Task ApplyAsync(string connectionString, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand(Sql, connection);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
