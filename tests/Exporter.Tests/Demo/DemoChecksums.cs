using Dapper;
using Exporter.Demo;
using Npgsql;

namespace Exporter.Tests.Demo;

/// <summary>Row counts and content checksums of the reference schema's tables, to compare seeded data.</summary>
public static class DemoChecksums
{
    /// <summary>table -> "rows:md5 of every row as text, sorted".</summary>
    public static async Task<Dictionary<string, string>> OfAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        var checksums = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var table in DemoSeeder.Tables)
        {
            checksums[table] = await connection.ExecuteScalarAsync<string>(
                $"SELECT count(*) || ':' || md5(coalesce(string_agg(t::text, E'\\n' ORDER BY t::text), '')) FROM {table} t") ?? "";
        }
        return checksums;
    }

    public static async Task<Dictionary<string, long>> CountsAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        var counts = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var table in DemoSeeder.Tables)
            counts[table] = await connection.ExecuteScalarAsync<long>($"SELECT count(*) FROM {table}");
        return counts;
    }

    public static async Task TruncateAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.ExecuteAsync($"TRUNCATE {string.Join(", ", DemoSeeder.Tables)} RESTART IDENTITY");
    }
}
