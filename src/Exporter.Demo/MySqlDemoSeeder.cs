using System.Diagnostics;
using MySqlConnector;

namespace Exporter.Demo;

/// <summary>
/// <c>demo seed --engine mysql</c>: the business of <see cref="DemoSeeder"/> (same generator, same rows for the same
/// seed and anchor) written with multi-row INSERTs in one transaction, parents before children. Like the PostgreSQL
/// seeder it refuses tables that hold rows unless asked to append, and never deletes anything. The history ends at
/// the anchor: the live rows of the minutes the load took are not added (no follower on MySQL).
/// </summary>
public sealed class MySqlDemoSeeder(string connectionString, TimeProvider time)
{
    // Keyed daily tables: appended rows add to the existing day's amounts instead of clashing.
    private static readonly Dictionary<string, string> Accumulate = new(StringComparer.Ordinal)
    {
        ["marketing_spend"] = "ON DUPLICATE KEY UPDATE amount_cents = amount_cents + VALUES(amount_cents)",
        ["web_traffic"] = "ON DUPLICATE KEY UPDATE visitors = visitors + VALUES(visitors)",
    };

    public async Task<DemoSeedResult> SeedAsync(DemoSeedOptions options, IDemoSeedProgress progress, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var now = DemoSeeder.AnchorOf(options, time);

        progress.Step("applying the reference schema");
        await MySqlDemoSchema.ApplyAsync(connectionString, cancellationToken);

        await using var connection = new MySqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var nonEmpty = await connection.QueryAsync(
            string.Join(" UNION ALL ", DemoSeeder.Tables.Select(t => $"SELECT '{t}' FROM DUAL WHERE EXISTS (SELECT 1 FROM {t})")),
            r => r.GetString(0), cancellationToken, transaction);
        if (nonEmpty.Count > 0 && !options.Append)
            return new DemoSeedResult(now, nonEmpty, [], clock.Elapsed);

        var maxIds = await MaxIdsAsync(connection, transaction, cancellationToken);
        progress.Step("generating the business");
        var context = new DemoContext(new DemoStory(options, now), maxIds);

        var counts = new List<DemoTableCount>();
        foreach (var table in DemoSeeder.Generate(context))
        {
            cancellationToken.ThrowIfCancellationRequested();
            var tableClock = Stopwatch.StartNew();
            progress.TableStarted(table.Name, table.EstimatedRows);
            // The accumulating clause matters only when appending; on empty tables the keys are unique anyway.
            var writer = new MySqlRowWriter(connection, transaction, table.Name, table.Columns, Accumulate.GetValueOrDefault(table.Name, ""));
            var rows = table.WriteTo(writer, written => progress.RowsWritten(table.Name, written), cancellationToken);
            writer.Complete();
            progress.TableFinished(table.Name, rows, tableClock.Elapsed);
            counts.Add(new DemoTableCount(table.Name, rows, tableClock.Elapsed));
        }
        progress.Step("committing");
        await transaction.CommitAsync(cancellationToken);

        progress.Step("analyzing");
        await connection.ExecuteAsync($"ANALYZE TABLE {string.Join(", ", DemoSeeder.Tables)}", cancellationToken, timeoutSeconds: 0);
        return new DemoSeedResult(now, nonEmpty, counts, clock.Elapsed);
    }

    /// <summary>The largest id of each table that has one (0 when empty): appended rows get ids after them.</summary>
    private static async Task<Dictionary<string, long>> MaxIdsAsync(
        MySqlConnection connection, MySqlTransaction transaction, CancellationToken cancellationToken)
    {
        var withIds = await connection.QueryAsync("""
            SELECT table_name FROM information_schema.columns
            WHERE table_schema = DATABASE() AND column_name = 'id' AND extra LIKE '%auto_increment%'
            ORDER BY table_name
            """, r => r.GetString(0), cancellationToken, transaction);
        var ours = withIds.Intersect(DemoSeeder.Tables, StringComparer.Ordinal).ToList();
        var rows = await connection.QueryAsync(
            string.Join(" UNION ALL ", ours.Select(t => $"SELECT '{t}', COALESCE(MAX(id), 0) FROM {t}")),
            r => (Table: r.GetString(0), MaxId: r.GetInt64(1)), cancellationToken, transaction);
        return rows.ToDictionary(r => r.Table, r => r.MaxId, StringComparer.Ordinal);
    }
}
