using System.Text.Json;
using Npgsql;

namespace Exporter.Datasources;

/// <summary><c>validate --connect</c> on PostgreSQL: the tables a KPI's plan reads, and the login's rights on them.</summary>
internal static class PostgresPrivileges
{
    /// <summary>The tables and views the KPI's plan reads, as schema.name.</summary>
    public static async Task<IReadOnlyCollection<string>> TablesReadAsync(
        QueryText query, NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken cancellationToken)
    {
        await using var explain = PostgresDriver.Batch(query with { Sql = "EXPLAIN (VERBOSE, FORMAT JSON) " + query.Sql }, connection, transaction);
        var plan = (string)(await explain.ExecuteScalarAsync(cancellationToken))!;
        using var json = JsonDocument.Parse(plan);
        var tables = new List<string>();
        Walk(json.RootElement);
        return tables;

        void Walk(JsonElement element)
        {
            if (element.ValueKind == JsonValueKind.Array)
                foreach (var item in element.EnumerateArray())
                    Walk(item);
            if (element.ValueKind != JsonValueKind.Object)
                return;
            if (element.TryGetProperty("Relation Name", out var name) && element.TryGetProperty("Schema", out var schema))
                tables.Add($"{schema.GetString()}.{name.GetString()}");
            foreach (var property in element.EnumerateObject())
                Walk(property.Value);
        }
    }

    /// <summary>A superuser login, and tables read that the login owns or may write.</summary>
    public static async Task<IReadOnlyList<string>> WarningsAsync(
        NpgsqlConnection connection, IReadOnlyCollection<string> tables, CancellationToken cancellationToken)
    {
        var warnings = new List<string>();
        await using var command = new NpgsqlCommand("""
            SELECT r.rolname, r.rolsuper,
                   coalesce(array_agg(t.name ORDER BY t.name) FILTER (WHERE t.owned), '{}'),
                   coalesce(array_agg(t.name ORDER BY t.name) FILTER (WHERE t.writable), '{}')
            FROM pg_roles r
            LEFT JOIN (
                SELECT format('%s.%s', n.nspname, c.relname) AS name,
                       pg_has_role(c.relowner, 'USAGE') AS owned,
                       has_table_privilege(c.oid, 'INSERT, UPDATE, DELETE, TRUNCATE') AS writable
                FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                WHERE format('%s.%s', n.nspname, c.relname) = ANY(@tables)
            ) t ON true
            WHERE r.rolname = current_user
            GROUP BY r.rolname, r.rolsuper
            """, connection);
        command.Parameters.AddWithValue("tables", tables.ToArray());
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        var (login, superuser) = (reader.GetString(0), reader.GetBoolean(1));
        var (owned, writable) = (reader.GetFieldValue<string[]>(2), reader.GetFieldValue<string[]>(3));
        if (superuser)
            warnings.Add($"the login '{login}' is a superuser; KPI queries need only SELECT (README: \"Least privilege\")");
        if (owned.Length > 0)
            warnings.Add($"the login '{login}' owns tables its KPIs read ({Some(owned)}); an owner can change them whatever the grants");
        if (writable.Length > 0)
            warnings.Add($"the login '{login}' may INSERT, UPDATE, DELETE or TRUNCATE tables its KPIs read ({Some(writable)}); grant it SELECT only");
        return warnings;
    }

    internal static string Some(string[] tables) =>
        string.Join(", ", tables.Take(5)) + (tables.Length > 5 ? $" and {tables.Length - 5} more" : "");
}
