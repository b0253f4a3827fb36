using Exporter.Configuration;

namespace Exporter.Cluster;

/// <summary>
/// A hash of the work a config schedules: the <see cref="WorkVersion"/> of every KPI target and every probe.
/// Replicas of one cluster must agree on it; comments, layout, secrets and <c>instance_id</c> do not count.
/// </summary>
public static class ConfigFingerprint
{
    public static string Of(ExporterDefinition definition) =>
        WorkVersion.Hash(
            definition.Targets.Select(t => $"kpi {t.Key} {WorkVersion.Of(t)}")
                .Concat(definition.Probes.Select(p => $"probe {p.Name} {WorkVersion.Of(p)}"))
                .Order(StringComparer.Ordinal));
}
