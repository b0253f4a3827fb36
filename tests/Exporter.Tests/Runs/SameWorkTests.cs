using Exporter.Configuration;

namespace Exporter.Tests.Runs;

/// <summary>What a reload counts as unchanged: the same work, wherever it sits in the file.</summary>
public sealed class SameWorkTests
{
    private const string Datasources = """
        datasources:
          - name: a
            connection_string: Host=a
          - name: b
            connection_string: Host=b
        """;

    [Fact]
    public void SameWorkAs_OnlyMovedInTheFile_True()
    {
        var before = Load("kpis:\n  - name: kpi_x\n    labels: [k]\n    sql: select 'v' as k, 1 as value\nprobes:\n  - name: p\n    url: http://h/\n    headers: { X-A: b }\n");
        var after = Load("# moved\n\nkpis:\n  - name: kpi_x\n    labels: [k]\n    sql: select 'v' as k, 1 as value\nprobes:\n  - name: p\n    url: http://h/\n    headers: { X-A: b }\n");

        Assert.NotEqual(before.Kpis[0].Line, after.Kpis[0].Line);
        Assert.All(before.Targets.Zip(after.Targets), pair => Assert.True(pair.First.SameWorkAs(pair.Second)));
        Assert.True(before.Probes[0].SameWorkAs(after.Probes[0]));
    }

    [Fact]
    public void SameWorkAs_AnyFieldChanged_False()
    {
        var before = Load("kpis:\n  - name: kpi_x\n    sql: select 1 as value\nprobes:\n  - name: p\n    url: http://h/\n    headers: { X-A: b }\n");

        Assert.False(before.Targets[0].SameWorkAs(Load("kpis:\n  - name: kpi_x\n    sql: select 2 as value\n").Targets[0]));
        Assert.False(before.Targets[0].SameWorkAs(Load("kpis:\n  - name: kpi_x\n    schedule: 5m\n    sql: select 1 as value\n").Targets[0]));
        Assert.False(before.Targets[0].SameWorkAs(Load("kpis:\n  - name: kpi_x\n    labels: []\n    sql: select 1 as value\n").Targets[0]));
        Assert.False(before.Probes[0].SameWorkAs(Load("probes:\n  - name: p\n    url: http://h/\n    headers: { X-A: c }\n").Probes[0]));
        Assert.False(before.Probes[0].SameWorkAs(Load("probes:\n  - name: p\n    url: http://u:pw@h/\n    headers: { X-A: b }\n").Probes[0]));
    }

    [Fact]
    public void SameWorkAs_KpiLeavesOneDatasource_TheOtherTargetUnchanged()
    {
        var before = Load("kpis:\n  - name: kpi_x\n    sql: select 1 as value\n");
        var after = Load("kpis:\n  - name: kpi_x\n    datasource: b\n    sql: select 1 as value\n");

        Assert.Equal(["kpi_x@a", "kpi_x@b"], before.Targets.Select(t => t.Key));
        Assert.True(before.Targets[1].SameWorkAs(Assert.Single(after.Targets)));
    }

    private static ExporterDefinition Load(string rest) => ConfigLoader.Parse($"{Datasources}\n{rest}", "c.yaml", _ => null);
}
