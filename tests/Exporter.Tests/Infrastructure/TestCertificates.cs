using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Exporter.Tests.Infrastructure;

/// <summary>
/// A throwaway CA, a server certificate for 127.0.0.1/localhost and a client certificate, all made in the test
/// (never a key in the repository), written as PEM files to a temporary folder.
/// </summary>
public sealed class TestCertificates : IDisposable
{
    public TestCertificates()
    {
        Directory = System.IO.Directory.CreateTempSubdirectory("exporter-tls-").FullName;
        using var caKey = RSA.Create(2048);
        var caRequest = new CertificateRequest("CN=exporter test CA", caKey, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        caRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        caRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        Ca = caRequest.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));
        File.WriteAllText(CaFile, Ca.ExportCertificatePem());

        var server = Issue("CN=127.0.0.1", "1.3.6.1.5.5.7.3.1", forServer: true);
        File.WriteAllText(CertFile, server.ExportCertificatePem());
        File.WriteAllText(KeyFile, server.GetRSAPrivateKey()!.ExportPkcs8PrivateKeyPem());
        Client = Issue("CN=prometheus", "1.3.6.1.5.5.7.3.2", forServer: false);
        using var strangerKey = RSA.Create(2048);
        Stranger = new CertificateRequest("CN=stranger", strangerKey, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1)
            .CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));
        Stranger = X509CertificateLoader.LoadPkcs12(Stranger.Export(X509ContentType.Pkcs12), null);
    }

    public string Directory { get; }

    public X509Certificate2 Ca { get; }

    /// <summary>A client certificate signed by <see cref="Ca"/>.</summary>
    public X509Certificate2 Client { get; }

    /// <summary>A self-signed client certificate no configured CA vouches for.</summary>
    public X509Certificate2 Stranger { get; }

    public string CaFile => Path.Combine(Directory, "ca.crt");

    public string CertFile => Path.Combine(Directory, "tls.crt");

    public string KeyFile => Path.Combine(Directory, "tls.key");

    /// <summary>An HTTP client that trusts only <see cref="Ca"/>, optionally presenting a client certificate.</summary>
    public HttpClient HttpsClient(string baseAddress, X509Certificate2? clientCertificate = null)
    {
        var handler = new SocketsHttpHandler
        {
            SslOptions =
            {
                CertificateChainPolicy = new X509ChainPolicy
                {
                    TrustMode = X509ChainTrustMode.CustomRootTrust,
                    CustomTrustStore = { Ca },
                    RevocationMode = X509RevocationMode.NoCheck,
                },
                ClientCertificates = clientCertificate is null ? null : new X509CertificateCollection { clientCertificate },
                LocalCertificateSelectionCallback = clientCertificate is null ? null : (_, _, _, _, _) => clientCertificate,
            },
        };
        return new HttpClient(handler) { BaseAddress = new Uri(baseAddress) };
    }

    public void Dispose() => System.IO.Directory.Delete(Directory, recursive: true);

    /// <param name="usageOid">Extended key usage: server (…3.1) or client (…3.2) authentication.</param>
    private X509Certificate2 Issue(string subject, string usageOid, bool forServer)
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, false));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid(usageOid)], false));
        if (forServer)
        {
            var names = new SubjectAlternativeNameBuilder();
            names.AddIpAddress(System.Net.IPAddress.Loopback);
            names.AddDnsName("localhost");
            request.CertificateExtensions.Add(names.Build());
        }
        using var signed = request.Create(Ca, DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(29), RandomNumberGenerator.GetBytes(8));
        using var withKey = signed.CopyWithPrivateKey(key);
        return X509CertificateLoader.LoadPkcs12(withKey.Export(X509ContentType.Pkcs12), null);
    }
}
