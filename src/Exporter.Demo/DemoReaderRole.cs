using Npgsql;

namespace Exporter.Demo;

/// <summary>
/// The read-only login the demo's exporter connects as (README "Least privilege"): it may connect and SELECT the
/// reference schema's tables, nothing else. Created or updated by <c>demo init</c>; the password goes to the server
/// as a parameter and is never printed.
/// </summary>
public static class DemoReaderRole
{
    public const string DefaultName = "kpi_reader";

    public static async Task ApplyAsync(string connectionString, string role, string password, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        // DDL takes no parameters: the values travel as settings of this transaction and are quoted by format().
        await using (var settings = new NpgsqlCommand(
            "SELECT set_config('exporter_demo.role', @role, true), set_config('exporter_demo.password', @password, true)", connection, transaction))
        {
            settings.Parameters.AddWithValue("role", role);
            settings.Parameters.AddWithValue("password", password);
            await settings.ExecuteNonQueryAsync(cancellationToken);
        }
        await using (var grant = new NpgsqlCommand("""
            DO $$
            DECLARE
                role text := current_setting('exporter_demo.role');
                password text := current_setting('exporter_demo.password');
            BEGIN
                BEGIN
                    EXECUTE format('CREATE ROLE %I LOGIN PASSWORD %L', role, password);
                EXCEPTION WHEN duplicate_object OR unique_violation THEN
                    EXECUTE format('ALTER ROLE %I LOGIN PASSWORD %L', role, password);
                END;
                EXECUTE format('GRANT CONNECT ON DATABASE %I TO %I', current_database(), role);
                EXECUTE format('GRANT USAGE ON SCHEMA public TO %I', role);
                EXECUTE format('GRANT SELECT ON ALL TABLES IN SCHEMA public TO %I', role);
                EXECUTE format('ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT ON TABLES TO %I', role);
            END
            $$
            """, connection, transaction))
            await grant.ExecuteNonQueryAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }
}
