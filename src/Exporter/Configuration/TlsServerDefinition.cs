using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;

namespace Exporter.Configuration;

/// <summary>The <c>tls_server_config</c> of the web config file, with its certificates already loaded.</summary>
/// <param name="ClientCas">The CAs a client certificate must chain to (client_ca_file); empty when not given.</param>
/// <param name="Protocols">The TLS versions from min_version to max_version.</param>
/// <param name="Line">The line of <c>tls_server_config</c> in the web config file.</param>
public sealed record TlsServerDefinition(
    X509Certificate2 Certificate, ClientAuthType ClientAuth, X509Certificate2Collection ClientCas, SslProtocols Protocols, int Line);
