using System.Diagnostics;
using Npgsql;

namespace Exporter.Demo;

/// <summary>
/// <c>demo seed</c>: generates the demo business (see docs/demo-data.md) and bulk-loads it with binary COPY
/// in one transaction. Into empty tables it loads with COPY FREEZE and builds indexes and foreign keys
/// after the load; it refuses tables that hold rows unless asked to append, and never deletes anything.
/// </summary>
public sealed class DemoSeeder(string connectionString, TimeProvider time)
{
    /// <summary>The reference schema's tables, parents before children.</summary>
    public static readonly IReadOnlyList<string> Tables =
    [
        "leads", "marketing_spend", "web_traffic", "customers", "subscriptions", "trials", "invoices", "users",
        "courses", "course_modules", "enrollments", "quiz_attempts", "content_feedback", "support_tickets",
        "nps_responses", "csat_responses", "marketplace_listings", "marketplace_transactions",
        "user_sessions", "activity_events", "request_log",
    ];

    // Keyed daily tables: appended rows add to the existing day's amounts instead of clashing.
    private static readonly Dictionary<string, string> Accumulate = new(StringComparer.Ordinal)
    {
        ["marketing_spend"] = "ON CONFLICT (day, channel, currency) DO UPDATE SET amount_cents = marketing_spend.amount_cents + excluded.amount_cents",
        ["web_traffic"] = "ON CONFLICT (day, channel) DO UPDATE SET visitors = web_traffic.visitors + excluded.visitors",
    };

    public async Task<DemoSeedResult> SeedAsync(DemoSeedOptions options, IDemoSeedProgress progress, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var now = AnchorOf(options, time);

        progress.Step("applying the reference schema");
        await DemoSchema.ApplyAsync(connectionString, cancellationToken);

        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        // Appending lets readers (the exporter) go on meanwhile; a fresh load rebuilds indexes, so it excludes them.
        await connection.ExecuteAsync(
            $"LOCK TABLE {string.Join(", ", Tables)} IN {(options.Append ? "SHARE ROW EXCLUSIVE" : "ACCESS EXCLUSIVE")} MODE", cancellationToken);
        var nonEmpty = await NonEmptyTablesAsync(connection, cancellationToken);
        if (nonEmpty.Count > 0 && !options.Append)
            return new DemoSeedResult(now, nonEmpty, [], clock.Elapsed);

        var maxIds = await MaxIdsAsync(connection, cancellationToken);
        progress.Step("generating the business");
        var context = new DemoContext(new DemoStory(options, now), maxIds);
        var tables = Generate(context);

        var fresh = nonEmpty.Count == 0;
        DeferredConstraints? deferred = null;
        if (fresh)
        {
            // Emptied in this transaction, the tables accept COPY FREEZE: rows land frozen and all-visible.
            await connection.ExecuteAsync($"TRUNCATE {string.Join(", ", Tables)}", cancellationToken);
            deferred = await DeferredConstraints.DropAsync(connection, Tables, cancellationToken);
        }

        var counts = new List<DemoTableCount>();
        foreach (var table in tables)
            counts.Add(await CopyAsync(connection, table, fresh, progress, cancellationToken));

        if (deferred is not null)
        {
            progress.Step($"building {deferred.IndexCount} indexes and validating {deferred.ForeignKeyCount} foreign keys");
            await connection.ExecuteAsync("SET LOCAL maintenance_work_mem = '256MB'", cancellationToken);
            await deferred.RestoreAsync(cancellationToken);
        }
        await AdvanceIdentitiesAsync(connection, cancellationToken);
        progress.Step("committing");
        await transaction.CommitAsync(cancellationToken);

        progress.Step("analyzing");
        await connection.ExecuteAsync($"ANALYZE {string.Join(", ", Tables)}", cancellationToken, timeoutSeconds: 0);

        var liveUntil = now;
        if (options.Now is null)
        {
            // The load took a while: add the requests and sessions of those minutes, so the data ends at now.
            progress.Step("catching up with the minutes the load took");
            liveUntil = time.GetUtcNow();
            await new DemoFollower(connectionString, context.Story, options.Seed).AppendAsync(now.UtcDateTime, liveUntil.UtcDateTime, cancellationToken);
        }
        return new DemoSeedResult(now, nonEmpty, counts, clock.Elapsed) { LiveUntil = liveUntil };
    }

    /// <summary>Where the history ends: <see cref="DemoSeedOptions.Now"/> or the current time, to the millisecond.</summary>
    internal static DateTimeOffset AnchorOf(DemoSeedOptions options, TimeProvider time)
    {
        var now = options.Now ?? time.GetUtcNow();
        return new DateTimeOffset(now.UtcTicks - (now.UtcTicks % TimeSpan.TicksPerMillisecond), TimeSpan.Zero);
    }

    /// <summary>Tables of the reference schema that hold at least one row.</summary>
    public static async Task<IReadOnlyList<string>> NonEmptyTablesAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        var sql = string.Join(" UNION ALL ", Tables.Select(t => $"SELECT '{t}' WHERE EXISTS (SELECT 1 FROM {t})"));
        return await connection.QueryAsync(sql, r => r.GetString(0), cancellationToken);
    }

    /// <summary>The whole business, table by table in <see cref="Tables"/> order: the same for every engine.</summary>
    internal static List<DemoTable> Generate(DemoContext context)
    {
        var sales = SalesData.Generate(context);
        var revenue = RevenueData.Generate(context, sales);
        var users = UserData.Generate(context, revenue);
        var learning = LearningData.Generate(context, users);
        var support = SupportData.Generate(context, revenue, learning);
        var satisfaction = SatisfactionData.Generate(context, revenue, users, support, learning);
        var marketplace = MarketplaceData.Generate(context, users);
        var activity = new ActivityData(context, users);
        var requests = new RequestLogData(context.Story, context.Scale);
        List<DemoTable> tables =
        [
            .. sales.Tables(), .. revenue.Tables(), .. users.Tables(), .. learning.Tables(), .. support.Tables(),
            .. satisfaction.Tables(), .. marketplace.Tables(), .. activity.Tables(), .. requests.Tables(),
        ];
        return [.. tables.OrderBy(t => IndexOf(t.Name))];
    }

    private static int IndexOf(string table)
    {
        for (var i = 0; i < Tables.Count; i++)
        {
            if (Tables[i] == table)
                return i;
        }
        throw new InvalidOperationException($"{table} is not a table of the reference schema");
    }

    private static async Task<DemoTableCount> CopyAsync(
        NpgsqlConnection connection, DemoTable table, bool fresh, IDemoSeedProgress progress, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        progress.TableStarted(table.Name, table.EstimatedRows);
        var merge = !fresh && Accumulate.ContainsKey(table.Name);
        var target = merge ? "demo_seed_merge" : table.Name;
        if (merge)
        {
            await connection.ExecuteAsync($"CREATE TEMP TABLE demo_seed_merge (LIKE {table.Name}) ON COMMIT DROP", cancellationToken);
        }

        var columns = string.Join(", ", table.Columns);
        long rows;
        await using (var importer = await connection.BeginBinaryImportAsync(
            $"COPY {target} ({columns}) FROM STDIN (FORMAT BINARY{(fresh ? ", FREEZE" : "")})", cancellationToken))
        {
            importer.Timeout = TimeSpan.Zero;
            rows = table.WriteTo(new PostgresRowWriter(importer), written => progress.RowsWritten(table.Name, written), cancellationToken);
            await importer.CompleteAsync(cancellationToken);
        }

        if (merge)
        {
            await connection.ExecuteAsync(
                $"INSERT INTO {table.Name} ({columns}) SELECT {columns} FROM demo_seed_merge {Accumulate[table.Name]}; DROP TABLE demo_seed_merge",
                cancellationToken);
        }
        progress.TableFinished(table.Name, rows, clock.Elapsed);
        return new DemoTableCount(table.Name, rows, clock.Elapsed);
    }

    private static async Task<Dictionary<string, long>> MaxIdsAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        var withIds = await IdentityTablesAsync(connection, cancellationToken);
        var sql = string.Join(" UNION ALL ", withIds.Select(t => $"SELECT '{t}', coalesce(max(id), 0) FROM {t}"));
        var rows = await connection.QueryAsync(sql, r => (Table: r.GetString(0), MaxId: r.GetInt64(1)), cancellationToken);
        return rows.ToDictionary(r => r.Table, r => r.MaxId, StringComparer.Ordinal);
    }

    /// <summary>Rows were given explicit ids: move each identity past them, so later inserts get fresh ids.</summary>
    private static async Task AdvanceIdentitiesAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        foreach (var table in await IdentityTablesAsync(connection, cancellationToken))
        {
            await connection.ExecuteAsync(
                $"SELECT setval(pg_get_serial_sequence($1, 'id'), coalesce(max(id), 0) + 1, false) FROM {table}", cancellationToken, parameters: [table]);
        }
    }

    private static async Task<IReadOnlyList<string>> IdentityTablesAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        const string Sql = """
            SELECT table_name FROM information_schema.columns
            WHERE table_schema = current_schema() AND column_name = 'id' AND is_identity = 'YES' AND table_name = ANY ($1)
            ORDER BY table_name
            """;
        return await connection.QueryAsync(Sql, r => r.GetString(0), cancellationToken, [Tables.ToArray()]);
    }
}
