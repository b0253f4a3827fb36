using Npgsql;

namespace Exporter.Demo;

/// <summary>The reference schema (Demo/schema.sql, embedded): created by <c>demo init</c>, idempotent.</summary>
public static class DemoSchema
{
    public static string Sql => Embedded("schema.sql");

    /// <summary>A file embedded from src/Exporter/Kpis/Packs/ (see Exporter.Demo.csproj).</summary>
    internal static string Embedded(string file)
    {
        using var stream = typeof(DemoSchema).Assembly.GetManifestResourceStream($"Exporter.Demo.{file}")
            ?? throw new InvalidOperationException($"the embedded {file} is missing");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    public static async Task ApplyAsync(string connectionString, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand(Sql, connection);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
