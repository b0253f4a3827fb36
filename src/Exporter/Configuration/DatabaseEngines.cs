namespace Exporter.Configuration;

public static class DatabaseEngines
{
    /// <summary>The names written in the config, by engine.</summary>
    public static readonly IReadOnlyDictionary<string, DatabaseEngine> ByName =
        new Dictionary<string, DatabaseEngine>(StringComparer.Ordinal) { ["postgresql"] = DatabaseEngine.PostgreSql, ["mysql"] = DatabaseEngine.MySql };

    public static string Name(this DatabaseEngine engine) => engine == DatabaseEngine.MySql ? "mysql" : "postgresql";
}
