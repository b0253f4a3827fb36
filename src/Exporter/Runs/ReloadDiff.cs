namespace Exporter.Runs;

/// <summary>What a reload changed in one kind of scheduled work: what to schedule, reschedule and unschedule.</summary>
public sealed record ReloadDiff(IReadOnlyList<ScheduledItem> Added, IReadOnlyList<ScheduledItem> Changed, IReadOnlyList<string> Removed, int Unchanged);
