using MySqlConnector;

namespace Exporter.Tests.Infrastructure;

/// <summary>
/// The MySQL / MariaDB server the tests use, named by EXPORTER_TEST_MYSQL (set by scripts/test.sh, which starts a
/// throwaway MariaDB). Missing means the tests fail loudly: they are never silently skipped.
/// </summary>
public static class MySqlServer
{
    public const string Variable = "EXPORTER_TEST_MYSQL";

    public static string AdminConnectionString =>
        Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException(
                $"{Variable} is not set. Run the tests with scripts/test.sh, which starts a throwaway MariaDB, " +
                $"or set {Variable} to an admin connection string (e.g. Server=127.0.0.1;Port=3306;User ID=root;Password=...).");

    public static string ConnectionStringFor(string database) =>
        new MySqlConnectionStringBuilder(AdminConnectionString) { Database = database, Pooling = false }.ConnectionString;
}
