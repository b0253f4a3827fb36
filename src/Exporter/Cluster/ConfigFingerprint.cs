using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Exporter.Configuration;

namespace Exporter.Cluster;

/// <summary>
/// A hash of the work a config schedules: every KPI target (its SQL, schedule, labels, limits...) and every probe.
/// Replicas of one cluster must agree on it. Where things were written (file, line), comments, datasource
/// passwords and header values are left out, so replicas with equal work but different secrets or layout agree.
/// </summary>
public static class ConfigFingerprint
{
    public static string Of(ExporterDefinition definition)
    {
        var text = new StringBuilder();
        foreach (var target in definition.Targets.OrderBy(t => t.Key, StringComparer.Ordinal))
        {
            var kpi = target.Kpi;
            text.Append("kpi\0").Append(target.Key).Append('\0').Append(kpi.Sql).Append('\0').Append(kpi.Help).Append('\0')
                .Append(kpi.Schedule.Text).Append('\0').Append(string.Join(',', kpi.Labels ?? ["*"])).Append('\0')
                .Append(string.Join(',', kpi.Values)).Append('\0').Append(Invariant(kpi.Timeout)).Append('\0')
                .Append(Invariant(kpi.LockTimeout)).Append('\0').Append(kpi.MaxSeries).Append('\0')
                .Append(kpi.StaleAfter is { } stale ? Invariant(stale) : "-").Append('\0');
            foreach (var (name, value) in kpi.Parameters.OrderBy(p => p.Key, StringComparer.Ordinal))
                text.Append(name).Append('=').Append(Convert.ToString(value, CultureInfo.InvariantCulture)).Append('\0');
            text.Append('\n');
        }
        foreach (var probe in definition.Probes.OrderBy(p => p.Name, StringComparer.Ordinal))
        {
            text.Append("probe\0").Append(probe.Name).Append('\0').Append(probe.Url).Append('\0').Append(probe.Schedule.Text).Append('\0')
                .Append(Invariant(probe.Timeout)).Append('\0').Append(string.Join(',', probe.ExpectedStatus)).Append('\0')
                .Append(probe.ExpectedBody).Append('\0').Append(string.Join(',', probe.Headers.Keys.Order(StringComparer.OrdinalIgnoreCase)))
                .Append('\n');
        }
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())))[..16];
    }

    private static string Invariant(TimeSpan value) => value.Ticks.ToString(CultureInfo.InvariantCulture);
}
