using System.Collections.Frozen;

namespace Exporter.Configuration;

/// <summary>
/// What a KPI's SQL may be: exactly one query (SELECT, WITH, VALUES, TABLE) that calls no function with effects
/// outside the query. Checked at config load, so <c>validate</c> and <c>run</c> refuse the same SQL.
/// The read-only transaction and the server's one-statement rule (see <c>KpiCommand</c>) hold whatever this
/// check misses; this check gives the clear message. It reads SQL the way the engine's lexer does: strings,
/// quoted identifiers, dollar quotes and comments never count. On MySQL it also refuses what a read-only
/// transaction does not stop there: <c>INTO</c> (OUTFILE, DUMPFILE, variables) and comments the server runs.
/// </summary>
public static class KpiSqlRules
{
    private static readonly FrozenSet<string> QueryKeywords =
        FrozenSet.ToFrozenSet(["select", "with", "values", "table"], StringComparer.Ordinal);

    // Functions that act outside the query: on other sessions, the server, files, other databases, or session
    // state that outlives the transaction. Listed by name or by prefix (ending in '*').
    private static readonly string[] ForbiddenFunctions =
    [
        "pg_terminate_backend", "pg_cancel_backend", "pg_reload_conf", "pg_rotate_logfile", "pg_promote",
        "pg_switch_wal", "pg_create_restore_point", "pg_backup_start", "pg_backup_stop", "pg_start_backup",
        "pg_stop_backup", "pg_log_backend_memory_contexts", "pg_stat_reset*", "pg_advisory_*", "pg_try_advisory_*",
        "lo_*", "dblink*", "pg_read_file", "pg_read_binary_file", "pg_ls_*", "pg_stat_file", "pg_file_*",
        "pg_logdir_ls", "set_config", "pg_notify", "pg_logical_*", "pg_replication_origin_*",
        "pg_create_physical_replication_slot", "pg_create_logical_replication_slot", "pg_drop_replication_slot",
        // These run a query given as a string, out of this check's sight.
        "query_to_xml*", "cursor_to_xml*",
    ];

    // MySQL / MariaDB: named locks that outlive the query, server files, replication waits, common shell UDFs.
    private static readonly string[] ForbiddenMySqlFunctions =
    [
        "get_lock", "release_lock", "release_all_locks", "load_file", "master_pos_wait", "source_pos_wait",
        "master_gtid_wait", "wait_for_executed_gtid_set", "sys_exec", "sys_eval",
    ];

    /// <summary>Why the SQL cannot be a KPI, or null when it can.</summary>
    public static string? Check(string sql, DatabaseEngine engine = DatabaseEngine.PostgreSql)
    {
        var tokens = SqlTokenizer.Tokenize(sql, engine);
        var mysql = engine == DatabaseEngine.MySql;
        if (tokens.Find(t => t.Kind == SqlTokenKind.ExecutableComment) is { } executable)
            return $"the SQL holds a MySQL executable comment (/*! ... */ on line {executable.Line} of the SQL), which the server runs as SQL; " +
                   "write that SQL in the query itself";
        if (tokens.Count == 0)
            return "the SQL is empty (only comments)";
        var end = tokens.FindIndex(t => t.Kind == SqlTokenKind.Semicolon);
        if (end >= 0 && tokens.Skip(end).Any(t => t.Kind != SqlTokenKind.Semicolon))
            return $"the SQL holds more than one statement (a ';' on line {tokens[end].Line} of the SQL is followed by more SQL); a KPI is exactly one query";
        var first = tokens.FirstOrDefault(t => t.Kind != SqlTokenKind.Symbol || t.Text != "(");
        if (first is not { Kind: SqlTokenKind.Word } || !QueryKeywords.Contains(first.Text))
            return $"the SQL must be a query (SELECT, WITH, VALUES or TABLE), not {Describe(first)}; KPIs only read";
        if (mysql && tokens.Find(t => t is { Kind: SqlTokenKind.Word, Text: "into" }) is { } into)
            return $"the SQL writes its result somewhere (INTO on line {into.Line} of the SQL: a file or variables); KPIs only read";
        for (var i = 0; i + 1 < tokens.Count; i++)
        {
            if (tokens[i].Kind is SqlTokenKind.Word or SqlTokenKind.QuotedIdentifier && tokens[i + 1] is { Kind: SqlTokenKind.Symbol, Text: "(" }
                && IsForbidden(tokens[i].Text, mysql ? ForbiddenMySqlFunctions : ForbiddenFunctions))
                return $"the SQL calls {tokens[i].Text}(), which acts outside the query (on other sessions, the server, files or " +
                       "session state); KPIs only read";
        }
        return null;
    }

    private static bool IsForbidden(string function, string[] forbidden) => forbidden.Any(f => f.EndsWith('*')
        ? function.StartsWith(f[..^1], StringComparison.Ordinal)
        : function == f);

    private static string Describe(SqlToken? token) => token switch
    {
        null => "nothing",
        { Kind: SqlTokenKind.Word } => token.Text.ToUpperInvariant(),
        _ => $"'{token.Text}'",
    };
}
