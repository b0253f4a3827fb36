using System.Collections.Concurrent;
using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Exporter.Configuration;

namespace Exporter.Http;

/// <summary>
/// The endpoints' current TLS settings and basic-auth users (the web config file), replaced on each reload.
/// Successful bcrypt checks are cached (bcrypt is slow by design, a scrape every few seconds must stay cheap),
/// keyed by a SHA-256 of user, hash and password, so no password is kept in memory.
/// </summary>
public sealed class WebSecurity(ExporterDefinition definition, ILogger<WebSecurity> logger) : IReloadable
{
    public const string HealthPath = "/healthz";
    private const int MaxCachedChecks = 1000;

    // Whether it has TLS never changes: the listener's mode is decided at start-up, and ConfigReloader refuses a
    // reload that turns TLS on or off. A reload can change the certificate and the TLS settings.
    private volatile WebConfigDefinition? _web = definition.Server.WebConfig;
    private readonly ConcurrentDictionary<string, bool> _verified = new(StringComparer.Ordinal);
    // Unknown users are checked against this, so their answer takes as long as a wrong password's.
    private readonly Lazy<string> _decoy = new(() => BCrypt.Net.BCrypt.HashPassword(Guid.NewGuid().ToString(), 10));

    public void LogState() => HttpLog.Security(logger,
        _web?.Tls is { } tls ? $"on (client certificates: {tls.ClientAuth})" : "off",
        _web is { BasicAuth: true } web ? $"on ({web.BasicAuthUsers.Count} user(s))" : "off");

    public Task ApplyAsync(ExporterDefinition next, CancellationToken cancellationToken)
    {
        Apply(next.Server.WebConfig);
        return Task.CompletedTask;
    }

    /// <summary>Takes the reloaded web config: new users and, with TLS, the new certificate and TLS settings.</summary>
    public void Apply(WebConfigDefinition? web)
    {
        _web = web;
        _verified.Clear();
        LogState();
    }

    /// <summary>Whether the request may proceed: /healthz always; otherwise valid basic-auth credentials when users are configured.</summary>
    public bool Allows(HttpRequest request)
    {
        if (_web is not { BasicAuth: true } web || request.Path.Equals(HealthPath, StringComparison.Ordinal))
            return true;
        return Credentials(request.Headers.Authorization.ToString()) is var (user, password) && Verify(web, user, password);
    }

    /// <summary>The TLS options for one new connection: the current certificate, versions and client-certificate rule.</summary>
    public SslServerAuthenticationOptions ServerOptions()
    {
        var tls = _web!.Tls!;
        return new SslServerAuthenticationOptions
        {
            ServerCertificate = tls.Certificate,
            EnabledSslProtocols = tls.Protocols,
            ClientCertificateRequired = tls.ClientAuth != ClientAuthType.NoClientCert,
            RemoteCertificateValidationCallback = (_, certificate, _, _) => ClientCertificateAccepted(tls, certificate),
            ApplicationProtocols = [SslApplicationProtocol.Http11],
        };
    }

    private static bool ClientCertificateAccepted(TlsServerDefinition tls, X509Certificate? certificate)
    {
        if (certificate is null)
            return tls.ClientAuth is ClientAuthType.NoClientCert or ClientAuthType.RequestClientCert or ClientAuthType.VerifyClientCertIfGiven;
        if (tls.ClientAuth is not (ClientAuthType.VerifyClientCertIfGiven or ClientAuthType.RequireAndVerifyClientCert))
            return true;
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(tls.ClientCas);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        using var client = certificate as X509Certificate2 ?? X509CertificateLoader.LoadCertificate(certificate.GetRawCertData());
        return chain.Build(client);
    }

    private static (string User, string Password)? Credentials(string header)
    {
        const string scheme = "Basic ";
        if (!header.StartsWith(scheme, StringComparison.OrdinalIgnoreCase))
            return null;
        try
        {
            var text = Encoding.UTF8.GetString(Convert.FromBase64String(header[scheme.Length..].Trim()));
            var colon = text.IndexOf(':', StringComparison.Ordinal);
            return colon < 0 ? null : (text[..colon], text[(colon + 1)..]);
        }
        catch (FormatException)
        {
            return null;
        }
    }

    private bool Verify(WebConfigDefinition web, string user, string password)
    {
        if (!web.BasicAuthUsers.TryGetValue(user, out var hash))
        {
            _ = BCrypt.Net.BCrypt.Verify(password, _decoy.Value);
            return false;
        }
        var key = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes($"{user}\0{hash}\0{password}")));
        if (_verified.ContainsKey(key))
            return true;
        bool valid;
        try
        {
            valid = BCrypt.Net.BCrypt.Verify(password, hash);
        }
        catch (BCrypt.Net.SaltParseException)
        {
            valid = false;
        }
        if (valid)
        {
            if (_verified.Count >= MaxCachedChecks)
                _verified.Clear();
            _verified[key] = true;
        }
        return valid;
    }
}
