using System.Net;
using Exporter.Configuration;

namespace Exporter.Tests.Configuration;

/// <summary>The cluster section (the rest of the config loader's tests are in ConfigLoaderTests.cs).</summary>
public sealed partial class ConfigLoaderTests
{
    private static string[] Errors(string yaml) =>
        Assert.Throws<ConfigException>(() => Parse(yaml)).Errors.Select(e => e.ToString()).ToArray();

    [Fact]
    public void Parse_NoClusterSection_RunsAlone()
    {
        Assert.Null(Parse(Datasource).Cluster);
    }

    [Fact]
    public void Parse_ClusterWithConnectionOnly_UsesDefaults()
    {
        var definition = Parse($$"""
            {{Datasource}}
            cluster:
              connection_string: "Host=state;Database=exporter_state;Username=exporter;Password=${STATE_PW}"
            """, new() { ["STATE_PW"] = "s3cret-state" });

        var cluster = Assert.IsType<ClusterDefinition>(definition.Cluster);
        Assert.Equal("Host=state;Database=exporter_state;Username=exporter;Password=s3cret-state", cluster.ConnectionString);
        Assert.Equal($"{Dns.GetHostName()}-{Environment.ProcessId}", cluster.InstanceId);
        Assert.Equal(TimeSpan.FromSeconds(5), cluster.CheckinInterval);
        Assert.Equal(TimeSpan.FromSeconds(10), cluster.CheckinTimeout);
        Assert.Equal("exporter", cluster.Schema);
        Assert.Equal(5, cluster.Line);
        Assert.Equal("cluster " + cluster.InstanceId, cluster.ToString());
        Assert.Equal("password ***", definition.Redactor.Redact("password s3cret-state"));
    }

    [Fact]
    public void Parse_SchemaOf52Characters_IsTheLongestAccepted()
    {
        var schema = new string('s', 52);
        var cluster = Parse($"{Datasource}\ncluster:\n  connection_string: \"Host=s\"\n  schema: {schema}\n").Cluster!;
        Assert.Equal(schema, cluster.Schema);
        Assert.Equal(63, new Exporter.Runs.SharedStatusTable(cluster).Channel.Length);   // PostgreSQL's longest name
    }

    [Fact]
    public void Parse_ClusterPasswordWrittenInTheFile_IsRedacted()
    {
        var definition = Parse($"""
            {Datasource}
            cluster:
              connection_string: "Host=state;Username=exporter;Password=literal-pw"
              instance_id: replica-a
              checkin_interval: 2s
              schema: exporter_ha
            """);

        var cluster = definition.Cluster!;
        Assert.Equal(("replica-a", TimeSpan.FromSeconds(2), "exporter_ha"), (cluster.InstanceId, cluster.CheckinInterval, cluster.Schema));
        Assert.Equal("auth failed for ***", definition.Redactor.Redact("auth failed for literal-pw"));
    }

    [Theory]
    [InlineData("  connection_string: \"Host=s\"\n  port: 5432", "exporter.yaml:6: unknown key 'port' in cluster (expected one of: connection_string, instance_id, checkin_interval, schema)")]
    [InlineData("  instance_id: a", "exporter.yaml:5: 'connection_string' is required")]
    [InlineData("  connection_string: \"Host=s\"\n  checkin_interval: 500ms", "exporter.yaml:6: cluster.checkin_interval must be from 1s to 5m, not '500ms'")]
    [InlineData("  connection_string: \"Host=s\"\n  checkin_interval: 10m", "exporter.yaml:6: cluster.checkin_interval must be from 1s to 5m, not '10m'")]
    [InlineData("  connection_string: \"Host=s\"\n  checkin_interval: soon", "exporter.yaml:6: 'checkin_interval' must be a duration such as 500ms, 30s, 5m or 1h (at most 366d), not 'soon'")]
    [InlineData("  connection_string: \"Host=s\"\n  schema: \"Exporter\"", "exporter.yaml:6: cluster.schema 'Exporter' must be a lower-case identifier (letters, digits, _; not starting with a digit; at most 52 characters, so that its notification channel <schema>_run_status fits PostgreSQL's 63)")]
    [InlineData("  connection_string: \"Host=s\"\n  schema: \"x; drop table t\"", "exporter.yaml:6: cluster.schema 'x; drop table t' must be a lower-case identifier (letters, digits, _; not starting with a digit; at most 52 characters, so that its notification channel <schema>_run_status fits PostgreSQL's 63)")]
    [InlineData("  connection_string: \"Host=s\"\n  schema: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", "exporter.yaml:6: cluster.schema 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa' must be a lower-case identifier (letters, digits, _; not starting with a digit; at most 52 characters, so that its notification channel <schema>_run_status fits PostgreSQL's 63)")]
    [InlineData("  connection_string: \"Host=s\"\n  instance_id: \" a\"", "exporter.yaml:6: cluster.instance_id must be 1 to 100 printable characters without leading or trailing spaces")]
    [InlineData("  connection_string: \"no pairs at all pw\"", "exporter.yaml:5: cluster: invalid connection string (expected Key=Value pairs separated by ';', e.g. Host=state-db;Database=exporter_state;Username=exporter)")]
    public void Parse_BadClusterSection_SaysWhatIsWrong(string section, string error)
    {
        Assert.Equal([error], Errors($"{Datasource}\ncluster:\n{section}\n"));
    }

    [Fact]
    public void Parse_ClusterNotAMapping_IsAnError()
    {
        Assert.Equal(["exporter.yaml:4: 'cluster' must be a mapping of key: value"], Errors($"{Datasource}\ncluster: yes\n"));
    }
}
