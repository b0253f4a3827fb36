using Npgsql;

namespace Exporter.Demo;

/// <summary>
/// Indexes (primary keys included) and foreign keys of the tables, dropped before a bulk load into empty
/// tables and re-created after it, inside the same transaction: building an index once from sorted data
/// and validating a foreign key with one join is much faster than maintaining them row by row. Other sessions never see the schema
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

    public int IndexCount => _statements.Count(s => s.Kind < ForeignKey);

    public int ForeignKeyCount => _statements.Count(s => s.Kind == ForeignKey);

    /// <summary>Drops the foreign keys, the primary keys and the other indexes, remembering how to re-create them.</summary>
    public static async Task<DeferredConstraints> DropAsync(NpgsqlConnection connection, IReadOnlyList<string> tables, CancellationToken cancellationToken)
    {
        // The statements are written by the server (format with %I / %s of regclass), never concatenated here.
        const string Catalog = """
            SELECT CASE c.contype WHEN 'p' THEN 0 ELSE 2 END,
                   format('ALTER TABLE %s DROP CONSTRAINT %I', c.conrelid::regclass, c.conname),
                   format('ALTER TABLE %s ADD CONSTRAINT %I %s', c.conrelid::regclass, c.conname, pg_get_constraintdef(c.oid))
            FROM pg_constraint c
            WHERE c.contype IN ('p', 'f') AND c.conrelid = ANY (SELECT to_regclass(t) FROM unnest($1) AS t)
            UNION ALL
            SELECT 1,
                   format('DROP INDEX %s', i.indexrelid::regclass),
                   pg_get_indexdef(i.indexrelid)
            FROM pg_index i
            WHERE i.indrelid = ANY (SELECT to_regclass(t) FROM unnest($1) AS t)
              AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid)
            ORDER BY 1, 3
            """;
        var statements = await connection.QueryAsync(
            Catalog, r => new Statement(r.GetInt32(0), r.GetString(1), r.GetString(2)), cancellationToken, [tables.ToArray()]);
        // Foreign keys first (they depend on the primary keys), primary keys last.
        foreach (var statement in Enumerable.Reverse(statements))
            await connection.ExecuteAsync(statement.DropSql, cancellationToken);
        return new DeferredConstraints(connection, statements);
    }

    /// <summary>Builds the primary keys and the indexes, then adds and validates the foreign keys.</summary>
    public async Task RestoreAsync(CancellationToken cancellationToken)
    {
        foreach (var statement in _statements)
            await _connection.ExecuteAsync(statement.CreateSql, cancellationToken, timeoutSeconds: 0);
    }

    private const int ForeignKey = 2;

    /// <summary>Kind: 0 primary key, 1 index, 2 foreign key (the order to re-create them in).</summary>
    private sealed record Statement(int Kind, string DropSql, string CreateSql);
}
