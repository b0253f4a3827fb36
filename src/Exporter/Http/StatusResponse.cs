using System.Text.Json;
using System.Text.Json.Serialization;
using Exporter.Datasources;
using Exporter.Kpis;
using Exporter.Runs;

namespace Exporter.Http;

/// <summary>The JSON body of <c>/status</c>: one entry per datasource, per (KPI, datasource) and per probe.</summary>
public sealed record StatusResponse(
    bool Ready, IReadOnlyList<DatasourceStatusEntry> Datasources, IReadOnlyList<KpiStatusEntry> Kpis, IReadOnlyList<ProbeStatusEntry> Probes)
{
    public static StatusResponse From(DatasourceMonitor datasources, StatusBoard<KpiStatus> board, StatusBoard<ProbeStatus> probes) =>
        new(board.AllAttempted,
            datasources.All.Select(d => DatasourceStatusEntry.From(d, board.All.Count(k => k.Source == d.Datasource && k.LastErrorReason == KpiFailureReasons.DatasourceDown))).ToArray(),
            board.All.Select(KpiStatusEntry.From).ToArray(),
            probes.All.Select(ProbeStatusEntry.From).ToArray());
}

/// <summary>One datasource in <c>/status</c>: up, down or unknown (not tried yet), since when, why, and how many KPIs it holds back.</summary>
public sealed record DatasourceStatusEntry(string Datasource, string State, DateTimeOffset? Since, string? Error, int KpisSkipped)
{
    public static DatasourceStatusEntry From(DatasourceStatus s, int skipped) =>
        new(s.Datasource, RunState.OfDatasource(s.Up), s.Since, s.Error, skipped);
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
        RunState.Of(s),
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

/// <summary>The <c>/status</c> body's serializer, generated at build time (no reflection: works in a NativeAOT build).</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, WriteIndented = true)]
[JsonSerializable(typeof(StatusResponse))]
internal sealed partial class StatusJson : JsonSerializerContext;
