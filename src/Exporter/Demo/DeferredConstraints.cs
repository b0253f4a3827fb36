using Dapper;
using Npgsql;

namespace Exporter.Demo;

/// <summary>
/// Secondary indexes and foreign keys of the tables, dropped before a bulk load into empty tables and
/// re-created after it, inside the same transaction: building an index once and validating a foreign key
/// with one join is much faster than maintaining them row by row. Other sessions never see the schema
/// without them (the tables are locked until commit), and a failed load rolls everything back.
/// </summary>
public sealed class DeferredConstraints
{
    private readonly NpgsqlConnection _connection;
    private readonly List<Statement> _statements;

    private DeferredConstraints(NpgsqlConnection connection, List<Statement> statements)
    {
        _connection = connection;
        _statements = statements;
    }

    public int IndexCount => _statements.Count(s => !s.ForeignKey);

    public int ForeignKeyCount => _statements.Count(s => s.ForeignKey);

    /// <summary>Drops the foreign keys and the indexes that back no constraint, remembering how to re-create them.</summary>
    public static async Task<DeferredConstraints> DropAsync(NpgsqlConnection connection, IReadOnlyList<string> tables, CancellationToken cancellationToken)
    {
        // The statements are written by the server (format with %I / %s of regclass), never concatenated here.
        const string Catalog = """
            SELECT true AS "ForeignKey",
                   format('ALTER TABLE %s DROP CONSTRAINT %I', c.conrelid::regclass, c.conname) AS "DropSql",
                   format('ALTER TABLE %s ADD CONSTRAINT %I %s', c.conrelid::regclass, c.conname, pg_get_constraintdef(c.oid)) AS "CreateSql"
            FROM pg_constraint c
            WHERE c.contype = 'f' AND c.conrelid = ANY (SELECT to_regclass(t) FROM unnest(@tables) AS t)
            UNION ALL
            SELECT false,
                   format('DROP INDEX %s', i.indexrelid::regclass),
                   pg_get_indexdef(i.indexrelid)
            FROM pg_index i
            WHERE i.indrelid = ANY (SELECT to_regclass(t) FROM unnest(@tables) AS t)
              AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid)
            """;
        var statements = (await connection.QueryAsync<Statement>(
            new CommandDefinition(Catalog, new { tables = tables.ToArray() }, cancellationToken: cancellationToken))).ToList();
        foreach (var statement in statements.OrderByDescending(s => s.ForeignKey))
            await connection.ExecuteAsync(new CommandDefinition(statement.DropSql, cancellationToken: cancellationToken));
        return new DeferredConstraints(connection, statements);
    }

    /// <summary>Builds the indexes, then adds and validates the foreign keys.</summary>
    public async Task RestoreAsync(CancellationToken cancellationToken)
    {
        foreach (var statement in _statements.OrderBy(s => s.ForeignKey))
            await _connection.ExecuteAsync(new CommandDefinition(statement.CreateSql, commandTimeout: 0, cancellationToken: cancellationToken));
    }

    private sealed record Statement(bool ForeignKey, string DropSql, string CreateSql);
}
