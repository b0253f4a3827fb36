namespace Exporter.Runs;

/// <summary>What <c>/status</c> and the landing page show for one probe. Never a header value; the URL is redacted.</summary>
public sealed record ProbeStatus(
    string Probe,
    string Url,
    string Schedule,
    string Timeout,
    DateTimeOffset? LastRunAt,
    double? LastDurationSeconds,
    int? LastStatusCode,
    bool? LastRunSucceeded,
    DateTimeOffset? LastSuccessAt,
    string? LastErrorReason,
    string? LastError,
    DateTimeOffset? NextRunAt);
