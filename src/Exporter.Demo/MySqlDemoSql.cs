using MySqlConnector;

namespace Exporter.Demo;

/// <summary>
/// <see cref="DemoSql"/> for MySQL: plain statements and small queries with positional parameters (<c>?</c>); a query
/// inside a transaction names it (MySqlConnector requires it on every command of the transaction).
/// </summary>
internal static class MySqlDemoSql
{
    /// <summary>Runs <paramref name="sql"/> outside any transaction; a timeout of 0 waits forever.</summary>
    public static async Task ExecuteAsync(
        this MySqlConnection connection, string sql, CancellationToken cancellationToken, IReadOnlyList<object>? parameters = null, int? timeoutSeconds = null)
    {
        await using var command = Command(connection, sql, null, parameters, timeoutSeconds);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>Every row, each read by <paramref name="read"/>.</summary>
    public static async Task<List<T>> QueryAsync<T>(
        this MySqlConnection connection, string sql, Func<MySqlDataReader, T> read, CancellationToken cancellationToken,
        MySqlTransaction? transaction = null)
    {
        await using var command = Command(connection, sql, transaction, null, null);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var rows = new List<T>();
        while (await reader.ReadAsync(cancellationToken))
            rows.Add(read(reader));
        return rows;
    }

    private static MySqlCommand Command(
        MySqlConnection connection, string sql, MySqlTransaction? transaction, IReadOnlyList<object>? parameters, int? timeoutSeconds)
    {
        var command = new MySqlCommand(sql, connection, transaction);
        if (timeoutSeconds is { } timeout)
            command.CommandTimeout = timeout;
        foreach (var parameter in parameters ?? [])
            command.Parameters.Add(new MySqlParameter { Value = parameter });
        return command;
    }
}
