using System.Buffers;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Text;
using Exporter.Configuration;

namespace Exporter.Probes;

/// <summary>
/// Sends one GET to a probe's URL and judges the answer: the expected status (any 2xx by default), then,
/// when set, the expected substring in the body. Never throws: every failure becomes a
/// <see cref="ProbeFailure"/> with a reason.
/// <list type="bullet">
/// <item>The probe's timeout covers everything: DNS, connect, TLS, redirects, headers and the body.</item>
/// <item>Each probe opens a fresh connection (<c>Connection: close</c>), so DNS, TCP and the TLS
/// handshake (certificate validity included) are checked and measured every time, as a new visitor sees them.</item>
/// <item>Redirects are followed (at most <see cref="MaxRedirects"/>), by hand rather than by the handler, so
/// that the configured headers (tokens) are only ever sent to the probe URL's own origin. A redirect whose
/// status is listed in <c>expected_status</c> is not followed: that is how a redirect itself is checked.</item>
/// <item>The body is read up to <see cref="MaxBodyBytes"/> and decoded as UTF-8; <c>expected_body</c> is
/// searched in that prefix (ordinal, case-sensitive).</item>
/// </list>
/// </summary>
public sealed class ProbeRunner(IHttpClientFactory clients, SecretRedactor redactor, TimeProvider time)
{
    public const string HttpClientName = "probes";
    public const int MaxRedirects = 10;
    public const int MaxBodyBytes = 1024 * 1024;

    public async Task<ProbeResult> RunAsync(ProbeDefinition probe, CancellationToken cancellationToken)
    {
        var startedAt = time.GetUtcNow();
        var started = time.GetTimestamp();
        int? status = null;
        ProbeResult Result(ProbeFailure? failure) => new(probe.Name, startedAt, time.GetElapsedTime(started), status, failure);

        using var timeout = new CancellationTokenSource(probe.Timeout, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        try
        {
            using var response = await SendAsync(probe, linked.Token);
            status = (int)response.StatusCode;
            if (!StatusExpected(probe, status.Value))
                return Result(new ProbeFailure(ProbeFailureReasons.Status, $"status {status}, expected {ExpectedStatusText(probe)}"));
            var body = await ReadBodyAsync(response, keep: probe.ExpectedBody is not null, linked.Token);
            if (probe.ExpectedBody is { } expected && !body!.Contains(expected, StringComparison.Ordinal))
                return Result(new ProbeFailure(ProbeFailureReasons.Body,
                    $"status {status}, but the body (first {Encoding.UTF8.GetByteCount(body)} bytes) does not contain expected_body"));
            return Result(null);
        }
        catch (Exception) when (cancellationToken.IsCancellationRequested)
        {
            return Result(new ProbeFailure(ProbeFailureReasons.Cancelled, "the probe was cancelled (shutting down)"));
        }
        catch (Exception) when (timeout.IsCancellationRequested)
        {
            var stage = status is null ? "no answer" : $"status {status}, but the body did not arrive";
            return Result(new ProbeFailure(ProbeFailureReasons.Timeout, $"{stage} within the timeout of {Duration.Format(probe.Timeout)}"));
        }
        catch (Exception e)
        {
            return Result(new ProbeFailure(Classify(e), redactor.Redact(Describe(e))));
        }
    }

    private async Task<HttpResponseMessage> SendAsync(ProbeDefinition probe, CancellationToken cancellationToken)
    {
        var client = clients.CreateClient(HttpClientName);
        var url = probe.Url;
        for (var redirects = 0; ; redirects++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, url);
            request.Headers.ConnectionClose = true;
            if (SameOrigin(url, probe.Url))
            {
                // Every header was checked at config load (ConfigLoader.Probes): it can go on a GET.
                foreach (var (name, value) in probe.Headers)
                    request.Headers.TryAddWithoutValidation(name, value);
            }
            var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
            if (redirects == MaxRedirects || NextLocation(probe, url, response) is not { } next)
                return response;
            response.Dispose();
            url = next;
        }
    }

    /// <summary>Where a redirect points, or null when the response is the final answer.</summary>
    private static Uri? NextLocation(ProbeDefinition probe, Uri current, HttpResponseMessage response)
    {
        var status = (int)response.StatusCode;
        if (status is not (301 or 302 or 303 or 307 or 308) || probe.ExpectedStatus.Contains(status))
            return null;
        if (response.Headers.Location is not { } location)
            return null;
        var next = location.IsAbsoluteUri ? location : new Uri(current, location);
        return next.Scheme == Uri.UriSchemeHttp || next.Scheme == Uri.UriSchemeHttps ? next : null;
    }

    private static bool SameOrigin(Uri a, Uri b) =>
        string.Equals(a.Scheme, b.Scheme, StringComparison.OrdinalIgnoreCase)
        && string.Equals(a.IdnHost, b.IdnHost, StringComparison.OrdinalIgnoreCase)
        && a.Port == b.Port;

    private static bool StatusExpected(ProbeDefinition probe, int status) =>
        probe.ExpectedStatus.Count == 0 ? status is >= 200 and < 300 : probe.ExpectedStatus.Contains(status);

    private static string ExpectedStatusText(ProbeDefinition probe) =>
        probe.ExpectedStatus.Count == 0 ? "2xx" : string.Join(" or ", probe.ExpectedStatus);

    /// <summary>Reads the body up to <see cref="MaxBodyBytes"/>; returns it as text only when <paramref name="keep"/>.</summary>
    private static async Task<string?> ReadBodyAsync(HttpResponseMessage response, bool keep, CancellationToken cancellationToken)
    {
        await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken);
        using var kept = keep ? new MemoryStream() : null;
        var buffer = ArrayPool<byte>.Shared.Rent(16 * 1024);
        try
        {
            var total = 0;
            int read;
            while (total < MaxBodyBytes
                && (read = await stream.ReadAsync(buffer.AsMemory(0, Math.Min(buffer.Length, MaxBodyBytes - total)), cancellationToken)) > 0)
            {
                total += read;
                kept?.Write(buffer, 0, read);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
        return kept is null ? null : Encoding.UTF8.GetString(kept.GetBuffer(), 0, (int)kept.Length);
    }

    private static string Classify(Exception e)
    {
        var socket = InnerMost<SocketException>(e);
        return e switch
        {
            HttpRequestException { HttpRequestError: HttpRequestError.NameResolutionError } => ProbeFailureReasons.Dns,
            _ when socket?.SocketErrorCode is SocketError.HostNotFound or SocketError.TryAgain or SocketError.NoData => ProbeFailureReasons.Dns,
            HttpRequestException { HttpRequestError: HttpRequestError.SecureConnectionError } => ProbeFailureReasons.Tls,
            _ when InnerMost<AuthenticationException>(e) is not null => ProbeFailureReasons.Tls,
            _ when socket?.SocketErrorCode == SocketError.ConnectionRefused => ProbeFailureReasons.ConnectionRefused,
            _ => ProbeFailureReasons.Connection,
        };
    }

    private static T? InnerMost<T>(Exception? e) where T : Exception
    {
        T? found = null;
        for (; e is not null; e = e.InnerException)
            if (e is T t)
                found = t;
        return found;
    }

    /// <summary>The messages of the exception chain, e.g. "The SSL connection could not be established: Cannot determine the frame size".</summary>
    private static string Describe(Exception e)
    {
        var messages = new List<string>();
        for (Exception? inner = e; inner is not null; inner = inner.InnerException)
        {
            var message = inner.Message.Replace(", see inner exception.", "", StringComparison.Ordinal).TrimEnd('.');
            if (message.Length > 0 && !messages.Any(m => m.Contains(message, StringComparison.Ordinal)))
                messages.Add(message);
        }
        return string.Join(": ", messages);
    }
}
