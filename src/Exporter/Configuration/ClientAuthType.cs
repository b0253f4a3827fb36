namespace Exporter.Configuration;

/// <summary>exporter-toolkit's <c>client_auth_type</c> values (Go's tls.ClientAuthType), same names.</summary>
public enum ClientAuthType
{
    /// <summary>No client certificate is asked for.</summary>
    NoClientCert,

    /// <summary>A client certificate is asked for, not required, not verified.</summary>
    RequestClientCert,

    /// <summary>A client certificate is required, not verified.</summary>
    RequireAnyClientCert,

    /// <summary>A client certificate is optional; when given it must chain to client_ca_file.</summary>
    VerifyClientCertIfGiven,

    /// <summary>A client certificate is required and must chain to client_ca_file.</summary>
    RequireAndVerifyClientCert,
}
