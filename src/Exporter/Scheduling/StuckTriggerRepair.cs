using Exporter.Cluster;
using Exporter.Configuration;
using Npgsql;

namespace Exporter.Scheduling;

/// <summary>
/// Puts back on schedule the triggers Quartz's clustered store leaves stuck when the state database goes away in the
/// middle of its bookkeeping (a known weakness of the ADO.NET job store): a trigger still ACQUIRED long after its
/// fire time (the replica that claimed it could not record the firing nor release it), or BLOCKED while no run of its
/// job is in progress anywhere (the run ended but its completion was never recorded). Without this such a KPI never
/// runs again. Every few check-ins, under Quartz's own trigger lock so it never races an acquisition; a trigger
/// put back that is late is then handled by its misfire policy (the next slot, no catch-up).
/// </summary>
public sealed class StuckTriggerRepair(
    ClusterDefinition cluster, NpgsqlDataSource state, RunningFirings firings, TimeProvider time, ILogger<StuckTriggerRepair> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var every = cluster.CheckinTimeout * 2;
        var failing = false;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(every, time, stoppingToken);
                var repaired = await RepairAsync(stoppingToken);
                failing = false;
                if (repaired > 0)
                    SchedulingLog.TriggersRepaired(logger, repaired);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (PostgresException e)
            {
                // The database answered with an error: not an outage, a bug (another Quartz schema?). Said once, retried.
                if (!failing)
                    SchedulingLog.RepairFailed(logger, e.Message);
                failing = true;
            }
            catch (Exception e) when (e is NpgsqlException or TimeoutException)
            {
                // The state database does not answer (ClusterMonitor says so): try again next time.
            }
        }
    }

    /// <summary>Returns how many triggers were put back to WAITING.</summary>
    public async Task<int> RepairAsync(CancellationToken cancellationToken)
    {
        var running = firings.Now;
        // Quartz.NET stores instants as UTC ticks. A claimed trigger fires at its time; past this, its claim is lost.
        var cutoff = (time.GetUtcNow() - cluster.CheckinTimeout * 2).UtcTicks;
        var prefix = new StateSchema(cluster.Schema).QuartzTablePrefix;
        await using var connection = await state.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        foreach (var sql in new[]
        {
            // Quartz's own cluster-wide lock on triggers: no acquisition or firing runs meanwhile.
            $"SELECT count(*) FROM (SELECT 1 FROM {prefix}locks WHERE sched_name = @scheduler AND lock_name = 'TRIGGER_ACCESS' FOR UPDATE) AS held",
            // This replica's runs that it no longer runs (their end was never recorded).
            $"""
            WITH gone AS (
                DELETE FROM {prefix}fired_triggers
                WHERE sched_name = @scheduler AND instance_name = @instance AND state = 'EXECUTING' AND fired_time < @cutoff AND NOT (entry_id = ANY(@running))
                RETURNING 1)
            SELECT count(*) FROM gone
            """,
        })
            await CountAsync(connection, transaction, sql, running, cutoff, cancellationToken);
        var repaired = 0;
        foreach (var sql in new[]
        {
            // Claimed, never fired, long past due.
            $"""
            WITH stuck AS (
                UPDATE {prefix}triggers SET trigger_state = 'WAITING'
                WHERE sched_name = @scheduler AND trigger_state = 'ACQUIRED' AND next_fire_time < @cutoff
                RETURNING trigger_name, trigger_group),
            claims AS (
                DELETE FROM {prefix}fired_triggers f USING stuck
                WHERE f.sched_name = @scheduler AND f.trigger_name = stuck.trigger_name AND f.trigger_group = stuck.trigger_group AND f.state = 'ACQUIRED'
                RETURNING 1)
            SELECT count(*) FROM stuck
            """,
            // Blocked by a run of its job that is in progress nowhere.
            $"""
            WITH stuck AS (
                UPDATE {prefix}triggers t SET trigger_state = 'WAITING'
                WHERE t.sched_name = @scheduler AND t.trigger_state = 'BLOCKED' AND NOT EXISTS (
                    SELECT 1 FROM {prefix}fired_triggers f
                    WHERE f.sched_name = t.sched_name AND f.job_name = t.job_name AND f.job_group = t.job_group AND f.state = 'EXECUTING')
                RETURNING 1)
            SELECT count(*) FROM stuck
            """,
        })
            repaired += await CountAsync(connection, transaction, sql, running, cutoff, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return repaired;
    }

    private async Task<int> CountAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, string sql, string[] running, long cutoff, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection, transaction);
        command.Parameters.AddWithValue("scheduler", ClusterMembers.SchedulerName);
        command.Parameters.AddWithValue("instance", cluster.InstanceId);
        command.Parameters.AddWithValue("cutoff", cutoff);
        command.Parameters.AddWithValue("running", running);
        return Convert.ToInt32(await command.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture);
    }
}
