using System.Globalization;
using System.Text.RegularExpressions;

namespace Exporter.Tests.Infrastructure;

/// <summary>
/// Test rows written in PostgreSQL's SQL, made MySQL's: a timestamptz literal (<c>'2026-05-16 12:00+00'</c>) becomes
/// its UTC DATETIME (the reference schema's times are UTC on MySQL), and <c>TRUNCATE a, b RESTART IDENTITY CASCADE</c>
/// one TRUNCATE per table with foreign key checks off (a MySQL TRUNCATE restarts AUTO_INCREMENT itself).
/// </summary>
public static partial class MySqlTestSql
{
    public static string From(string postgresSql)
    {
        var sql = TimestampWithOffset().Replace(postgresSql, match =>
        {
            var instant = DateTimeOffset.Parse(match.Groups["time"].Value + Offset(match.Groups["offset"].Value), CultureInfo.InvariantCulture);
            return $"'{instant.UtcDateTime:yyyy-MM-dd HH:mm:ss.ffffff}'";
        });
        return Truncate().Replace(sql, match =>
            "SET FOREIGN_KEY_CHECKS = 0; " +
            string.Concat(match.Groups["tables"].Value.Split(',', StringSplitOptions.TrimEntries).Select(table => $"TRUNCATE {table}; ")) +
            "SET FOREIGN_KEY_CHECKS = 1;");
    }

    // "+00" -> "+00:00"; "+0530" -> "+05:30".
    private static string Offset(string offset) => offset.Length switch
    {
        3 => offset + ":00",
        5 => $"{offset[..3]}:{offset[3..]}",
        _ => offset,
    };

    [GeneratedRegex(@"'(?<time>\d{4}-\d{2}-\d{2}(?:[ T]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?)(?<offset>[+-]\d{2}(?::?\d{2})?)'")]
    private static partial Regex TimestampWithOffset();

    [GeneratedRegex(@"TRUNCATE\s+(?<tables>[a-z_]+(?:\s*,\s*[a-z_]+)*)(?:\s+RESTART\s+IDENTITY)?(?:\s+CASCADE)?\s*;", RegexOptions.IgnoreCase)]
    private static partial Regex Truncate();
}
