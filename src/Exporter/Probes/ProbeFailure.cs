namespace Exporter.Probes;

/// <summary>Why a probe failed: a short machine reason (the <c>reason</c> label) and a redacted message.</summary>
public sealed record ProbeFailure(string Reason, string Message);
