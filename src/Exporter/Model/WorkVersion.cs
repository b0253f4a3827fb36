using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Exporter.Model;

/// <summary>
/// A short fingerprint of the work an item does (what <c>SameWorkAs</c> compares), the same in every process. Where
/// the item was written (file, line), datasource passwords and probe header values are left out, so replicas with
/// the same work but other secrets or layout agree. Used for a cluster's config hash and to tell a status recorded
/// by another version of an item (a rolling config change) from this one's.
/// </summary>
public static class WorkVersion
{
    public static string Of(KpiTarget target)
    {
        var kpi = target.Kpi;
        return Hash(
            target.Source, kpi.Name, kpi.Help, kpi.MySqlSql is null ? kpi.Sql : $"{kpi.Sql}\n-- mysql:\n{kpi.MySqlSql}", kpi.Labels is null ? "*" : string.Join(",", kpi.Labels), string.Join(",", kpi.Values),
            kpi.Schedule.Text, Seconds(kpi.Timeout), Seconds(kpi.LockTimeout), kpi.MaxSeries.ToString(CultureInfo.InvariantCulture),
            kpi.StaleAfter is { } staleAfter ? Seconds(staleAfter) : "-",
            string.Join(",", kpi.Parameters.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key}={Convert.ToString(p.Value, CultureInfo.InvariantCulture)}")));
    }

    public static string Of(ProbeDefinition probe) =>
        Hash(probe.Name, probe.Url.OriginalString, probe.Schedule.Text, Seconds(probe.Timeout), string.Join(",", probe.ExpectedStatus),
            probe.ExpectedBody ?? "-", string.Join(",", probe.Headers.Keys.Order(StringComparer.OrdinalIgnoreCase)));

    /// <summary>The fingerprint of a list of texts (lengths first, so no two different lists join to the same text).</summary>
    public static string Hash(params IEnumerable<string> parts)
    {
        var text = string.Join("\n", parts.Select(p => $"{p.Length}:{p}"));
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)))[..16];
    }

    private static string Seconds(TimeSpan span) => span.TotalSeconds.ToString("R", CultureInfo.InvariantCulture);
}
