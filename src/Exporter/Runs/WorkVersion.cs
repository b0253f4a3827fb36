using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Exporter.Kpis;

namespace Exporter.Runs;

/// <summary>
/// A short fingerprint of the work an item does (what <c>SameWorkAs</c> compares), the same in every process: a
/// status recorded by a replica with another version of the item (a rolling config change) is not taken as this
/// one's. Header values and SQL parameters enter only through the hash.
/// </summary>
public static class WorkVersion
{
    public static string Of(KpiTarget target)
    {
        var kpi = target.Kpi;
        return Hash(
            target.Source, kpi.Name, kpi.Help, kpi.Sql, kpi.Labels is null ? "*" : string.Join(",", kpi.Labels), string.Join(",", kpi.Values),
            kpi.Schedule.Text, Seconds(kpi.Timeout), Seconds(kpi.LockTimeout), kpi.MaxSeries.ToString(CultureInfo.InvariantCulture),
            kpi.StaleAfter is { } staleAfter ? Seconds(staleAfter) : "-", kpi.Pack ?? "-",
            string.Join(",", kpi.Parameters.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key}={Convert.ToString(p.Value, CultureInfo.InvariantCulture)}")));
    }

    public static string Of(ProbeDefinition probe) =>
        Hash(probe.Name, probe.Url.OriginalString, probe.Schedule.Text, Seconds(probe.Timeout), string.Join(",", probe.ExpectedStatus),
            probe.ExpectedBody ?? "-", string.Join(",", probe.Headers.OrderBy(h => h.Key, StringComparer.Ordinal).Select(h => $"{h.Key}={h.Value}")));

    private static string Seconds(TimeSpan span) => span.TotalSeconds.ToString("R", CultureInfo.InvariantCulture);

    private static string Hash(params string[] parts)
    {
        // Lengths first, so no two different lists of parts join to the same text.
        var text = string.Join("\n", parts.Select(p => $"{p.Length}:{p}"));
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)))[..16];
    }
}
