using Dapper;
using MySqlConnector;

namespace Exporter.Tests.Infrastructure;

/// <summary>
/// A fresh MySQL / MariaDB database with the packs' reference schema (src/Exporter/Kpis/Packs/schema.mysql.sql),
/// empty tables, and its own read-only login <see cref="ReaderLogin"/> (SELECT on this database): the harness of the
/// packs' MySQL versions, whose queries connect as that login. <see cref="FreezeNowAsync"/> freezes NOW(),
/// CURRENT_TIMESTAMP and UTC_TIMESTAMP() for every new connection of that login, and of no other.
/// </summary>
/// <remarks>
/// How: the server's <c>init_connect</c> (set here once, server-wide, idempotent) sets each new session's
/// <c>timestamp</c> from this login's row in <c>exporter_test_clock.frozen</c>, or to 0 (the real clock) when there is
/// none. The server skips <c>init_connect</c> for SUPER logins: the admin connection keeps the real clock. Every login
/// reads that table (GRANT ... TO PUBLIC, MariaDB 10.11+), since a failing <c>init_connect</c> refuses the connection.
/// </remarks>
public class MySqlReferenceSchemaDatabase : MySqlTestDatabase, IPackDatabase
{
    public Exporter.Model.DatabaseEngine Engine => Exporter.Model.DatabaseEngine.MySql;

    public Task InsertAsync(string sql) => ExecuteAsync(MySqlTestSql.From(sql));

    public Task FreezeAsync(DateTimeOffset? now = null) => FreezeNowAsync(now ?? TestClock.Now);

    /// <summary>The exporter's connections log in as the reader, so they see the frozen clock (see the remarks).</summary>
    public KpiHarness Harness(params string[] packs) => new($"""
        datasources:
          - name: app
            engine: mysql
            connection_string: "{ReaderConnectionString}"
        packs: [{string.Join(", ", packs)}]
        """);

    private const string ClockTable = "exporter_test_clock.frozen";

    private readonly string _readerPassword = $"Rd-{Guid.NewGuid():N}";

    /// <summary>The reference schema, read from next to the packs it is the contract of.</summary>
    public static string SchemaSql => File.ReadAllText(RepositoryPaths.Of("src", "Exporter", "Kpis", "Packs", "schema.mysql.sql"));

    public string ReaderLogin => $"r_{Name}";

    /// <summary>
    /// The reader login on this database, without pooling: every open is a new session, which runs
    /// <c>init_connect</c> and so sees the latest frozen instant (a pooled session would keep the instant it started
    /// with, or lose it on a connection reset).
    /// </summary>
    public string ReaderConnectionString =>
        new MySqlConnectionStringBuilder(ConnectionString) { UserID = ReaderLogin, Password = _readerPassword, Pooling = false }.ConnectionString;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await ExecuteAsync(SchemaSql);
        await using var admin = new MySqlConnection(MySqlServer.AdminConnectionString);
        await admin.ExecuteAsync($"""
            CREATE DATABASE IF NOT EXISTS exporter_test_clock;
            CREATE TABLE IF NOT EXISTS {ClockTable} (login VARCHAR(128) NOT NULL PRIMARY KEY, at_epoch DECIMAL(17, 6) NOT NULL);
            GRANT SELECT ON {ClockTable} TO PUBLIC;
            SET GLOBAL init_connect = 'SET timestamp = COALESCE((SELECT at_epoch FROM {ClockTable} WHERE login = SUBSTRING_INDEX(USER(), ''@'', 1)), 0)';
            CREATE USER @login IDENTIFIED BY @password;
            GRANT SELECT ON {Name}.* TO @login;
            """, new { login = ReaderLogin, password = _readerPassword });
    }

    public override async Task DisposeAsync()
    {
        await using (var admin = new MySqlConnection(MySqlServer.AdminConnectionString))
            await admin.ExecuteAsync($"DELETE FROM {ClockTable} WHERE login = @login; DROP USER IF EXISTS @login", new { login = ReaderLogin });
        await base.DisposeAsync();
    }

    /// <summary>Freezes NOW(), CURRENT_TIMESTAMP and UTC_TIMESTAMP() at <paramref name="now"/> for the reader's new connections.</summary>
    public async Task FreezeNowAsync(DateTimeOffset now)
    {
        var epoch = (now.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) / (decimal)TimeSpan.TicksPerSecond;
        await using var admin = new MySqlConnection(MySqlServer.AdminConnectionString);
        await admin.ExecuteAsync($"REPLACE INTO {ClockTable} (login, at_epoch) VALUES (@login, @epoch)", new { login = ReaderLogin, epoch });
    }
}
