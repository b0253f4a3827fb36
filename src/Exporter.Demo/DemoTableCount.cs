namespace Exporter.Demo;

/// <summary>Rows written to one table and how long its copy took.</summary>
public sealed record DemoTableCount(string Table, long Rows, TimeSpan Elapsed);
