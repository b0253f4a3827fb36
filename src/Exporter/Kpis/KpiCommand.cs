using Npgsql;

namespace Exporter.Kpis;

/// <summary>
/// A KPI's SQL as one command of a batch, so PostgreSQL itself refuses a second statement: Npgsql sends a
/// batch command as written (no splitting on ';') in one extended-protocol Parse, which holds one statement
/// ("cannot insert multiple commands into a prepared statement"). With parameters, Npgsql refuses before sending.
/// Used by the runner and by <c>validate --connect</c>, so both see the same SQL the same way.
/// </summary>
public static class KpiCommand
{
    public static NpgsqlBatch Create(KpiDefinition kpi, NpgsqlConnection connection, NpgsqlTransaction transaction)
    {
        var command = new NpgsqlBatchCommand(kpi.Sql);
        foreach (var (name, value) in kpi.Parameters)
            command.Parameters.AddWithValue(name, value);
        return new NpgsqlBatch(connection, transaction) { BatchCommands = { command } };
    }
}
