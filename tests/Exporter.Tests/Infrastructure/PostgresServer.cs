using Npgsql;

namespace Exporter.Tests.Infrastructure;

/// <summary>
/// The PostgreSQL server the tests use, named by EXPORTER_TEST_PG (set by scripts/test.sh, which starts a
/// throwaway cluster). Missing means the tests fail loudly: they are never silently skipped.
/// </summary>
public static class PostgresServer
{
    public const string Variable = "EXPORTER_TEST_PG";

    public static string AdminConnectionString =>
        Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException(
                $"{Variable} is not set. Run the tests with scripts/test.sh, which starts a throwaway PostgreSQL, " +
                $"or set {Variable} to an admin connection string (e.g. Host=127.0.0.1;Port=5432;Username=postgres;Password=...).");

    public static string ConnectionStringFor(string database) =>
        new NpgsqlConnectionStringBuilder(AdminConnectionString) { Database = database, Pooling = false }.ConnectionString;
}
