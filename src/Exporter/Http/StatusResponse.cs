using Exporter.Kpis;

namespace Exporter.Http;

/// <summary>The JSON body of <c>/status</c>: one entry per (KPI, datasource).</summary>
public sealed record StatusResponse(bool Ready, IReadOnlyList<KpiStatusEntry> Kpis)
{
    public static StatusResponse From(KpiStatusBoard board) =>
        new(board.AllAttempted, board.All.Select(KpiStatusEntry.From).ToArray());
}

public sealed record KpiStatusEntry(
    string Kpi,
    string Source,
    string? Pack,
    string Schedule,
    string State,
    DateTimeOffset? LastRunAt,
    double? LastDurationSeconds,
    int? LastRows,
    int? Series,
    DateTimeOffset? LastSuccessAt,
    string? LastErrorReason,
    string? LastError,
    DateTimeOffset? NextRunAt)
{
    public static KpiStatusEntry From(KpiStatus s) => new(
        s.Kpi, s.Source, s.Pack, s.Schedule,
        s.LastRunSucceeded switch { null => "pending", true => "ok", false => "failed" },
        s.LastRunAt, s.LastDurationSeconds, s.LastRows, s.LastSeries, s.LastSuccessAt, s.LastErrorReason, s.LastError, s.NextRunAt);
}
