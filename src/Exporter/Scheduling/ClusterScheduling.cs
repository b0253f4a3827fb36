using Exporter.Cluster;
using Exporter.Configuration;
using Npgsql;
using Quartz;

namespace Exporter.Scheduling;

/// <summary>
/// Quartz on the state database: one persistent, clustered job store shared by every replica. All replicas use the
/// same scheduler name, so they form one cluster; each checks in every <c>checkin_interval</c> and is taken over
/// (its running jobs re-run elsewhere, they request recovery) after <see cref="ClusterDefinition.CheckinTimeout"/>
/// of silence. Quartz creates its own tables if they are missing (the exact DDL of this Quartz version, safe when
/// replicas start at once) in the schema <see cref="StateSchema"/> made.
/// </summary>
internal static class ClusterScheduling
{
    public static void UseClusteredStore(IQuartzBuilder quartz, ClusterDefinition cluster)
    {
        quartz.ConfigureScheduler(scheduler =>
        {
            scheduler.InstanceName = ClusterMembers.SchedulerName;
            scheduler.InstanceId = cluster.InstanceId;
            // Triggers added by another replica (a reload, a hand-off) are seen within a check-in interval at most.
            scheduler.IdleWaitTime = cluster.CheckinInterval;
        });
        quartz.AddTriggerListener<MisfireCounter>();
        quartz.UsePersistentStore(store =>
        {
            // The driver as its factory, not named by a string Quartz resolves by reflection (trim- and AOT-safe).
            store.UsePostgres(NpgsqlFactory.Instance, QuartzConnectionString(cluster));
            store.UseClustering(clustering =>
            {
                clustering.CheckinInterval = cluster.CheckinInterval;
                clustering.CheckinMisfireThreshold = cluster.CheckinTimeout - cluster.CheckinInterval;
            });
            store.UseSystemTextJsonSerializer();
            store.ProvisionSchema();
            store.ConfigureStore(options =>
            {
                options.TablePrefix = new StateSchema(cluster.Schema).QuartzTablePrefix;
                // Job data is the item's key and schedule: plain strings, readable in the table, no type to deserialize.
                options.StoreJobDataAsStrings = true;
                // Triggers keep their own misfire threshold (one period, stored with them); the store's decides which
                // late triggers acquisition leaves to the misfire scan, which must then run often, not once a minute:
                // after a state-database outage every trigger is late, and the schedule resumes at the next scan.
                options.MisfireThreshold = cluster.CheckinInterval;
                options.MisfireHandlerFrequency = cluster.CheckinInterval;
                // The back-off while the state database is down (15 s by default): resume within a check-in of its return.
                options.DbRetryInterval = cluster.CheckinInterval;
                // A run cancelled by a shutdown (a rolling restart) is re-run at once by another replica (ScheduledJob).
                options.RecoverFiringsCancelledByShutdown = true;
            });
        });
    }

    private static string QuartzConnectionString(ClusterDefinition cluster) =>
        new NpgsqlConnectionStringBuilder(cluster.ConnectionString) { ApplicationName = $"exporter/{cluster.InstanceId}/quartz" }.ConnectionString;
}
