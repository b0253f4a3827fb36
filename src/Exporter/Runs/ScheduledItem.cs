namespace Exporter.Runs;

/// <summary>One item of scheduled work: its key (a KPI target's <c>kpi@source</c>, a probe's name) and its schedule.</summary>
public sealed record ScheduledItem(string Key, ScheduleDefinition Schedule);
