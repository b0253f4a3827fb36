namespace Exporter.Probes;

/// <summary>The <c>reason</c> label values of <c>exporter_probe_errors_total</c>.</summary>
public static class ProbeFailureReasons
{
    /// <summary>No complete answer (headers and body) within the probe's timeout.</summary>
    public const string Timeout = "timeout";

    /// <summary>The host name did not resolve.</summary>
    public const string Dns = "dns";

    /// <summary>The TLS handshake failed (bad or expired certificate, wrong name, not TLS at all, ...).</summary>
    public const string Tls = "tls";

    /// <summary>Nothing listens on the port (TCP RST).</summary>
    public const string ConnectionRefused = "connection_refused";

    /// <summary>Any other network failure: unreachable, reset, closed mid-answer, invalid HTTP.</summary>
    public const string Connection = "connection";

    /// <summary>An answer with an unexpected status code.</summary>
    public const string Status = "status";

    /// <summary>The expected substring is missing from the body.</summary>
    public const string Body = "body";

    /// <summary>The exporter is shutting down; not counted in any metric.</summary>
    public const string Cancelled = "cancelled";

    /// <summary>Every reason a probe failure is counted under (the counter's series are created up front).</summary>
    public static IReadOnlyList<string> Counted { get; } = [Timeout, Dns, Tls, ConnectionRefused, Connection, Status, Body];
}
