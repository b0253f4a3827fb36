namespace Exporter.Demo;

/// <summary>The database engine <c>demo init</c> and <c>demo seed</c> write to (<c>--engine</c>).</summary>
public enum DemoEngine
{
    PostgreSql,

    /// <summary>MySQL 8 or MariaDB 10.6+ (MySqlConnector).</summary>
    MySql,
}
