namespace Exporter.Configuration;

/// <summary>
/// The <c>cluster</c> section: every replica with it shares one Quartz job store and the KPI results on a
/// PostgreSQL "state" database, so each KPI runs once per schedule across the replicas and all serve the same view.
/// </summary>
/// <param name="ConnectionString">The state database (credentials included: never logged).</param>
/// <param name="InstanceId">This replica's name in the cluster; default host name + process id.</param>
/// <param name="CheckinInterval">How often a replica tells the others it is alive; a replica silent for longer is taken over.</param>
/// <param name="Schema">The schema of the exporter's and Quartz's tables in the state database.</param>
public sealed record ClusterDefinition(string ConnectionString, string InstanceId, TimeSpan CheckinInterval, string Schema, string File, int Line)
{
    public const string DefaultSchema = "exporter";

    public static readonly TimeSpan DefaultCheckinInterval = TimeSpan.FromSeconds(5);

    /// <summary>
    /// How long a replica may be silent before the others take its work over: one check-in interval, plus as much
    /// again of grace (Quartz's check-in misfire threshold) so that a pause or a slow check-in is not a death.
    /// </summary>
    public TimeSpan CheckinTimeout => CheckinInterval * 2;

    // Records print every property by default; a connection string holds a password.
    public override string ToString() => $"cluster {InstanceId}";
}
