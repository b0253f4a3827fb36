using Exporter.Configuration;
using Exporter.Tests.Infrastructure;

namespace Exporter.Tests.Configuration;

/// <summary>The web config file through the real loader: every problem at once, as file:line, never a secret echoed.</summary>
public sealed class WebConfigLoaderTests
{
    [Fact]
    public void Load_BadWebConfig_ReportsEveryProblemWithFileAndLine()
    {
        using var certificates = new TestCertificates();
        var web = Path.Combine(certificates.Directory, "web.yml");
        File.WriteAllText(web, """
            tls_server_config:
              cert_file: tls.crt
              key_file: missing.key
              client_auth_type: RequireAndVerifyClientCert
              max_version: TLS11
              cipher_suites: [TLS_AES_128_GCM_SHA256]
              colour: blue
            basic_auth_users:
              alice: clear-text-password
            """);
        using var config = new TestConfig("datasources:\n  - name: app\n    connection_string: Host=x\nserver:\n  web_config_file: web.yml\n  enable_lifecycle: maybe\n");
        File.Move(config.Path, Path.Combine(certificates.Directory, "exporter.yml"));
        var path = Path.Combine(certificates.Directory, "exporter.yml");

        var errors = Assert.Throws<ConfigException>(() => ConfigLoader.Load(path)).Errors.Select(e => e.ToString()).ToArray();

        Assert.Equal([
            $"{path}:6: 'enable_lifecycle' must be true or false, not 'maybe'",
            $"{web}:2: tls_server_config: cannot load the certificate {certificates.CertFile} with the key {Path.Combine(certificates.Directory, "missing.key")}: Could not find file '{Path.Combine(certificates.Directory, "missing.key")}'.",
            $"{web}:4: tls_server_config.client_auth_type RequireAndVerifyClientCert needs client_ca_file (the CAs a client certificate must chain to)",
            $"{web}:5: tls_server_config.max_version: TLS 1.0 and 1.1 are not offered (obsolete); use TLS12 or TLS13",
            $"{web}:6: tls_server_config.cipher_suites is not supported by this exporter (supported: cert_file, key_file, client_auth_type, client_ca_file, min_version, max_version)",
            $"{web}:7: unknown key 'colour' in tls_server_config (expected one of: cert_file, key_file, client_auth_type, client_ca_file, min_version, max_version, cert, key, client_ca, cipher_suites, curve_preferences, prefer_server_cipher_suites, client_allowed_sans)",
            $"{web}:9: basic_auth_users.alice: the value must be a bcrypt hash ($2y$10$... , e.g. from htpasswd -nBC 10 \"\" | tr -d ':'), never a clear password",
        ], errors.Order(StringComparer.Ordinal).ToArray());
    }

    [Fact]
    public void Load_GoodWebConfig_CertificateAndUsersLoaded()
    {
        using var certificates = new TestCertificates();
        var hash = BCrypt.Net.BCrypt.HashPassword("pw", 4);
        var web = Path.Combine(certificates.Directory, "web.yml");
        File.WriteAllText(web, $"tls_server_config:\n  cert_file: tls.crt\n  key_file: tls.key\n  client_auth_type: VerifyClientCertIfGiven\n  client_ca_file: ca.crt\nbasic_auth_users:\n  prometheus: {hash}\n");
        using var config = new TestConfig("datasources:\n  - name: app\n    connection_string: Host=x\nserver:\n  enable_lifecycle: true\n");

        var server = ConfigLoader.Load(config.Path, webConfigFile: web).Server;

        Assert.True(server.EnableLifecycle);
        Assert.Equal("CN=127.0.0.1", server.WebConfig!.Tls!.Certificate.Subject);
        Assert.True(server.WebConfig.Tls.Certificate.HasPrivateKey);
        Assert.Equal(ClientAuthType.VerifyClientCertIfGiven, server.WebConfig.Tls.ClientAuth);
        Assert.Equal("CN=exporter test CA", Assert.Single(server.WebConfig.Tls.ClientCas).Subject);
        Assert.Equal(System.Security.Authentication.SslProtocols.Tls12 | System.Security.Authentication.SslProtocols.Tls13, server.WebConfig.Tls.Protocols);
        Assert.Equal(hash, server.WebConfig.BasicAuthUsers["prometheus"]);
    }
}
