using MySqlConnector;

namespace Exporter.Datasources;

/// <summary><c>validate --connect</c> on MySQL / MariaDB: the login's rights beyond reading.</summary>
internal static class MySqlPrivileges
{
    // Privileges beyond reading, as SHOW GRANTS names them.
    private static readonly string[] WritePrivileges =
        ["ALL PRIVILEGES", "INSERT", "UPDATE", "DELETE", "DROP", "CREATE", "ALTER", "INDEX", "FILE", "SUPER", "LOCK TABLES", "EXECUTE"];

    /// <summary>The login's grants that allow more than reading (per grant: MySQL cannot tell the tables a prepared query reads).</summary>
    public static async Task<IReadOnlyList<string>> WarningsAsync(MySqlConnection connection, CancellationToken cancellationToken)
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
}
