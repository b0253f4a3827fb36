using Exporter.Runs;

namespace Exporter.Http;

/// <summary>The JSON body of <c>/status</c>: one entry per (KPI, datasource) and one per probe.</summary>
public sealed record StatusResponse(bool Ready, IReadOnlyList<KpiStatusEntry> Kpis, IReadOnlyList<ProbeStatusEntry> Probes)
{
    public static StatusResponse From(StatusBoard<KpiStatus> board, StatusBoard<ProbeStatus> probes) =>
        new(board.AllAttempted, board.All.Select(KpiStatusEntry.From).ToArray(), probes.All.Select(ProbeStatusEntry.From).ToArray());
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
        RunState.Of(s.LastRunSucceeded),
        s.LastRunAt, s.LastDurationSeconds, s.LastRows, s.LastSeries, s.LastSuccessAt, s.LastErrorReason, s.LastError, s.NextRunAt);
}

/// <summary>One probe in <c>/status</c>: its last result. Header values are never shown; the URL is redacted.</summary>
public sealed record ProbeStatusEntry(
    string Probe,
    string Url,
    string Schedule,
    string Timeout,
    string State,
    DateTimeOffset? LastRunAt,
    double? LastDurationSeconds,
    int? LastStatusCode,
    DateTimeOffset? LastSuccessAt,
    string? LastErrorReason,
    string? LastError,
    DateTimeOffset? NextRunAt)
{
    public static ProbeStatusEntry From(ProbeStatus s) => new(
        s.Probe, s.Url, s.Schedule, s.Timeout,
        RunState.Of(s.LastRunSucceeded),
        s.LastRunAt, s.LastDurationSeconds, s.LastStatusCode, s.LastSuccessAt, s.LastErrorReason, s.LastError, s.NextRunAt);
}
