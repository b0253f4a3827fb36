namespace Exporter.Model;

/// <summary>
/// Which server a datasource is (its <c>engine:</c>): how its connection string, its SQL and its errors read.
/// <see cref="MySql"/> covers MySQL 8 and MariaDB 10.6+.
/// </summary>
public enum DatabaseEngine { PostgreSql, MySql }
