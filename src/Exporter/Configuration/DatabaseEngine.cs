namespace Exporter.Configuration;

/// <summary>
/// Which server a datasource is (its <c>engine:</c>): how its connection string, its SQL and its errors read.
/// <see cref="MySql"/> covers MySQL 8 and MariaDB 10.6+.
/// </summary>
public enum DatabaseEngine { PostgreSql, MySql }

public static class DatabaseEngines
{
    /// <summary>The names written in the config, by engine.</summary>
    public static readonly IReadOnlyDictionary<string, DatabaseEngine> ByName =
        new Dictionary<string, DatabaseEngine>(StringComparer.Ordinal) { ["postgresql"] = DatabaseEngine.PostgreSql, ["mysql"] = DatabaseEngine.MySql };

    public static string Name(this DatabaseEngine engine) => engine == DatabaseEngine.MySql ? "mysql" : "postgresql";
}
