using System.Net;
using Npgsql;

namespace Exporter.Configuration;

public static partial class ConfigLoader
{
    /// <summary>Check-ins more often than this only load the state database; rarer ones leave a dead replica's work undone too long.</summary>
    private static readonly TimeSpan MinCheckinInterval = TimeSpan.FromSeconds(1);

    private static readonly TimeSpan MaxCheckinInterval = TimeSpan.FromMinutes(5);

    /// <summary>Quartz keeps instance names in a text column and logs them; keep them short and printable.</summary>
    private const int MaxInstanceIdLength = 100;

    private static ClusterDefinition? ReadCluster(YamlMap root, ConfigReadContext context)
    {
        if (root.Mapping("cluster") is not { } node)
            return null;
        var map = new YamlMap(node, context, "cluster", "connection_string", "instance_id", "checkin_interval", "schema");
        var connection = map.String("connection_string", required: true);
        var instanceId = map.String("instance_id") ?? DefaultInstanceId();
        var checkin = map.Duration("checkin_interval") ?? ClusterDefinition.DefaultCheckinInterval;
        var schema = map.String("schema") ?? ClusterDefinition.DefaultSchema;
        if (instanceId.Length is 0 or > MaxInstanceIdLength || instanceId.Any(char.IsControl) || instanceId.Trim() != instanceId)
            map.Error("instance_id", $"cluster.instance_id must be 1 to {MaxInstanceIdLength} printable characters without leading or trailing spaces");
        if (checkin < MinCheckinInterval || checkin > MaxCheckinInterval)
            map.Error("checkin_interval", $"cluster.checkin_interval must be from {Duration.Format(MinCheckinInterval)} to {Duration.Format(MaxCheckinInterval)}, not '{map.String("checkin_interval")}'");
        if (!IsPlainIdentifier(schema))
            map.Error("schema", $"cluster.schema '{schema}' must be a lower-case identifier (letters, digits, _; not starting with a digit; at most 52 characters, so that its notification channel <schema>_run_status fits PostgreSQL's 63)");
        if (connection is null)
            return null;
        try
        {
            _ = new NpgsqlConnectionStringBuilder(connection);
        }
        catch (ArgumentException)
        {
            // Npgsql's message quotes the text it could not read, which may hold a password: say nothing of it.
            map.Error("connection_string",
                "cluster: invalid connection string (expected Key=Value pairs separated by ';', e.g. Host=state-db;Database=exporter_state;Username=exporter)");
            return null;
        }
        return new ClusterDefinition(connection, instanceId, checkin, schema, context.File, map.Line);
    }

    /// <summary>Host name and process id: unique on one machine and recognisable in pg_stat_activity.</summary>
    private static string DefaultInstanceId() => $"{Dns.GetHostName()}-{Environment.ProcessId}";

    // Lower case only, so the name is the same quoted or not (the schema is written into SQL unquoted by Quartz);
    // 52 characters at most, so that "<schema>_run_status" (the NOTIFY channel) stays within PostgreSQL's 63.
    private static bool IsPlainIdentifier(string name) =>
        name.Length is > 0 and <= 52 && (name[0] is >= 'a' and <= 'z' or '_') && name.All(c => c is >= 'a' and <= 'z' or >= '0' and <= '9' or '_');
}
