namespace Exporter.Model;

/// <summary>
/// When a KPI or probe runs: a fixed <paramref name="Interval"/> (<c>30s</c>, <c>5m</c>) or a Quartz
/// <paramref name="Cron"/> expression; <paramref name="Text"/> is what the config said. Built and interpreted by
/// Configuration's ScheduleParser (cron syntax is Quartz's business, not the model's).
/// </summary>
public sealed record ScheduleDefinition(string Text, TimeSpan? Interval, string? Cron)
{
    public override string ToString() => Text;
}
