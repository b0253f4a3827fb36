using System.Data;
using Npgsql;

namespace Exporter.Demo;

/// <summary>
/// The demo generator's few plain statements and small queries, through Npgsql directly: no run-time code
/// generation (Dapper emits IL), so the `demo` commands work in the exporter's NativeAOT build.
/// </summary>
internal static class DemoSql
{
    /// <summary>Runs <paramref name="sql"/> with positional parameters ($1, $2, ...); a timeout of 0 waits forever.</summary>
    public static async Task ExecuteAsync(
        this NpgsqlConnection connection, string sql, CancellationToken cancellationToken, int? timeoutSeconds = null, IReadOnlyList<object>? parameters = null)
    {
        await using var command = await CommandAsync(connection, sql, timeoutSeconds, parameters, cancellationToken);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>The first column of the first row, or default when there is none or it is NULL.</summary>
    public static async Task<T?> ScalarAsync<T>(
        this NpgsqlConnection connection, string sql, CancellationToken cancellationToken, IReadOnlyList<object>? parameters = null)
    {
        await using var command = await CommandAsync(connection, sql, null, parameters, cancellationToken);
        return await command.ExecuteScalarAsync(cancellationToken) is T value ? value : default;
    }

    /// <summary>Every row, each read by <paramref name="read"/>.</summary>
    public static async Task<List<T>> QueryAsync<T>(
        this NpgsqlConnection connection, string sql, Func<NpgsqlDataReader, T> read, CancellationToken cancellationToken, IReadOnlyList<object>? parameters = null)
    {
        await using var command = await CommandAsync(connection, sql, null, parameters, cancellationToken);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var rows = new List<T>();
        while (await reader.ReadAsync(cancellationToken))
            rows.Add(read(reader));
        return rows;
    }

    private static async Task<NpgsqlCommand> CommandAsync(
        NpgsqlConnection connection, string sql, int? timeoutSeconds, IReadOnlyList<object>? parameters, CancellationToken cancellationToken)
    {
        if (connection.State == ConnectionState.Closed)
            await connection.OpenAsync(cancellationToken);
        var command = new NpgsqlCommand(sql, connection);
        if (timeoutSeconds is { } timeout)
            command.CommandTimeout = timeout;
        foreach (var parameter in parameters ?? [])
            command.Parameters.Add(new NpgsqlParameter { Value = parameter });
        return command;
    }
}
