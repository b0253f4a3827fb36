using System.Data.Common;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
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

    /// <summary>
    /// table -> "rows:sha256 of every row, sorted", each value formatted here the same way whatever the engine
    /// (times to the microsecond, doubles round-trip), so a PostgreSQL and a MySQL database can be compared.
    /// </summary>
    public static async Task<Dictionary<string, string>> OfAnyEngineAsync(DbConnection connection)
    {
        await connection.OpenAsync();
        var checksums = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var table in DemoSeeder.Tables)
        {
            await using var command = connection.CreateCommand();
            command.CommandText = $"SELECT * FROM {table}";
            await using var reader = await command.ExecuteReaderAsync();
            var rows = new List<string>();
            var values = new object[reader.FieldCount];
            while (await reader.ReadAsync())
            {
                reader.GetValues(values);
                rows.Add(string.Join('|', values.Select(Format)));
            }
            rows.Sort(StringComparer.Ordinal);
            var hash = SHA256.HashData(Encoding.UTF8.GetBytes(string.Join('\n', rows)));
            checksums[table] = $"{rows.Count}:{Convert.ToHexStringLower(hash)}";
        }
        return checksums;
    }

    private static string Format(object value) => value switch
    {
        DBNull => "NULL",
        DateTime time => time.ToString("yyyy-MM-dd HH:mm:ss.ffffff", CultureInfo.InvariantCulture),
        DateOnly day => Format(day.ToDateTime(TimeOnly.MinValue)),
        double number => number.ToString("R", CultureInfo.InvariantCulture),
        _ => Convert.ToString(value, CultureInfo.InvariantCulture) ?? "",
    };

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
