using System.Data.Common;
using System.Text.Json;
using Exporter.Configuration;
using Exporter.Datasources;
using MySqlConnector;
using Npgsql;

namespace Exporter.Kpis;

/// <summary>
/// <c>validate --connect</c>: prepares (parses and plans, never runs) every KPI's SQL on its datasource, exactly
/// as the runner sends it, and checks each datasource's login for more privilege than KPIs need.
/// A datasource that cannot be reached is one problem at the datasource's line (its KPIs are not checked);
/// SQL problems are reported at the KPI's line (a built-in's: the pack's entry in <c>packs:</c>); privilege
/// warnings at the datasource's line.
/// </summary>
public static class KpiSqlChecker
{
    public sealed record Report(IReadOnlyList<ConfigError> Problems, IReadOnlyList<ConfigError> Warnings);

    public static async Task<Report> CheckAsync(ExporterDefinition definition, CancellationToken cancellationToken)
    {
        var problems = new List<ConfigError>();
        var warnings = new List<ConfigError>();
        await using var datasources = new DatasourceRegistry(definition);
        var tablesRead = definition.Datasources.ToDictionary(d => d.Name, _ => new SortedSet<string>(StringComparer.Ordinal));
        var unreachable = new HashSet<string>(StringComparer.Ordinal);
        foreach (var datasource in definition.Datasources)
        {
            if (await datasources.Get(datasource.Name).ProbeAsync(cancellationToken) is not { } error)
                continue;
            unreachable.Add(datasource.Name);
            var kpis = definition.Targets.Count(t => t.Source == datasource.Name);
            problems.Add(new ConfigError(datasource.File, datasource.Line,
                $"datasource '{datasource.Name}' cannot be reached: {definition.Redactor.Redact(error)} ({kpis} KPI(s) on it not checked)"));
        }
        foreach (var target in definition.Targets.Where(t => !unreachable.Contains(t.Source)))
        {
            var kpi = target.Kpi;
            var datasource = datasources.Get(target.Source);
            try
            {
                await using var connection = await datasource.DataSource.OpenConnectionAsync(cancellationToken);
                await datasource.Driver.PrepareAsync(connection, new QueryText(kpi.SqlFor(datasource.Engine), kpi.Parameters), kpi.Timeout, kpi.LockTimeout, cancellationToken);
                if (connection is NpgsqlConnection postgres)
                    tablesRead[target.Source].UnionWith(await TablesReadAsync(kpi, postgres, cancellationToken));
            }
            catch (Exception e) when (e is DbException or InvalidOperationException or NotSupportedException or TimeoutException)
            {
                var message = e switch
                {
                    PostgresException p => $"{p.SqlState}: {p.MessageText}",
                    MySqlException m => $"{m.Number}: {m.Message}",
                    _ => e.Message,
                };
                var pack = kpi.Pack is null ? "" : $" (pack {kpi.Pack})";
                problems.Add(new ConfigError(kpi.File, kpi.Line,
                    $"kpi '{kpi.Name}'{pack} on datasource '{target.Source}': {definition.Redactor.Redact(message)}"));
            }
        }
        foreach (var datasource in definition.Datasources.Where(d => !unreachable.Contains(d.Name)))
        {
            try
            {
                await using var connection = await datasources.Get(datasource.Name).DataSource.OpenConnectionAsync(cancellationToken);
                var found = connection is NpgsqlConnection postgres
                    ? await PrivilegeWarningsAsync(postgres, tablesRead[datasource.Name], cancellationToken)
                    : await MySqlPrivilegeWarningsAsync((MySqlConnection)connection, cancellationToken);
                foreach (var warning in found)
                    warnings.Add(new ConfigError(datasource.File, datasource.Line, $"warning: datasource '{datasource.Name}': {warning}"));
            }
            catch (DbException)
            {
                // Went away since the check above: its KPIs have been reported.
            }
        }
        return new Report(problems, warnings);
    }

    /// <summary>The tables and views the KPI's plan reads, as schema.name.</summary>
    private static async Task<IEnumerable<string>> TablesReadAsync(KpiDefinition kpi, NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        await using var transaction = await PostgresDriver.BeginReadOnlyAsync(connection, kpi.Timeout, kpi.LockTimeout, cancellationToken);
        await using var explain = PostgresDriver.Batch(new QueryText("EXPLAIN (VERBOSE, FORMAT JSON) " + kpi.Sql, kpi.Parameters), connection, transaction);
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

    private static async Task<List<string>> PrivilegeWarningsAsync(
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

    // Privileges beyond reading, as SHOW GRANTS names them.
    private static readonly string[] WritePrivileges =
        ["ALL PRIVILEGES", "INSERT", "UPDATE", "DELETE", "DROP", "CREATE", "ALTER", "INDEX", "FILE", "SUPER", "LOCK TABLES", "EXECUTE"];

    /// <summary>MySQL: the login's grants that allow more than reading (per grant, not per table read).</summary>
    private static async Task<List<string>> MySqlPrivilegeWarningsAsync(MySqlConnection connection, CancellationToken cancellationToken)
    {
        var warnings = new List<string>();
        await using var command = new MySqlCommand("SELECT CURRENT_USER()", connection);
        var login = (string)(await command.ExecuteScalarAsync(cancellationToken))!;
        command.CommandText = "SHOW GRANTS";
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var grant = reader.GetString(0);
            var on = grant.IndexOf(" ON ", StringComparison.Ordinal);
            if (!grant.StartsWith("GRANT ", StringComparison.Ordinal) || on < 0)
                continue;
            var privileges = grant[6..on].Split(',', StringSplitOptions.TrimEntries);
            var beyond = privileges.Where(p => WritePrivileges.Contains(p, StringComparer.Ordinal)).ToArray();
            if (beyond.Length > 0)
                warnings.Add($"the login '{login}' has {string.Join(", ", beyond)} on {grant[(on + 4)..].Split(' ')[0]}; KPI queries need only SELECT (README: \"Least privilege\")");
        }
        return warnings;
    }

    private static string Some(string[] tables) =>
        string.Join(", ", tables.Take(5)) + (tables.Length > 5 ? $" and {tables.Length - 5} more" : "");
}
