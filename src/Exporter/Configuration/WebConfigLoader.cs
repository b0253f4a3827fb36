using System.Security.Authentication;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Exporter.Configuration;

/// <summary>
/// Reads the web configuration file (exporter-toolkit's keys and meaning): <c>tls_server_config</c> and
/// <c>basic_auth_users</c>. Problems go to the shared error list as <c>file:line: message</c>; the certificate
/// and key are loaded here, so a bad one stops start-up (or a reload) before anything listens.
/// File names inside it are relative to the web config file's folder, as in exporter-toolkit.
/// </summary>
internal static partial class WebConfigLoader
{
    // Keys exporter-toolkit knows that the .NET TLS stack (or this exporter) does not offer: a clear error, not "unknown".
    private static readonly string[] UnsupportedTlsKeys = ["cert", "key", "client_ca", "cipher_suites", "curve_preferences", "prefer_server_cipher_suites", "client_allowed_sans"];
    private static readonly string[] UnsupportedRootKeys = ["http_server_config", "rate_limit"];

    [GeneratedRegex(@"^\$2[abxy]?\$\d\d\$[./A-Za-z0-9]{53}$")]
    private static partial Regex BcryptHash();

    public static WebConfigDefinition? Load(string path, List<ConfigError> errors, EnvironmentExpander expander)
    {
        var context = new ConfigReadContext(path, errors, expander);
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            context.Error(0, $"cannot read the web config file: {e.Message}");
            return null;
        }
        YamlMappingNode root;
        try
        {
            var stream = new YamlStream();
            stream.Load(new StringReader(text));
            if (stream.Documents.Count == 0)
                return new WebConfigDefinition(path, null, new Dictionary<string, string>(StringComparer.Ordinal));
            if (stream.Documents[0].RootNode is not YamlMappingNode mapping)
            {
                context.Error(stream.Documents[0].RootNode, "the web config must be a mapping (tls_server_config:, basic_auth_users:)");
                return null;
            }
            root = mapping;
        }
        catch (YamlException e)
        {
            context.Error((int)e.Start.Line, $"invalid YAML: {Regex.Replace(e.Message, @"^\(Line: .*?\): ", "")}");
            return null;
        }

        var map = new YamlMap(root, context, "the web config", ["tls_server_config", "basic_auth_users", .. UnsupportedRootKeys]);
        foreach (var key in UnsupportedRootKeys.Where(map.Has))
            map.Error(key, $"'{key}' is not supported by this exporter");
        var directory = Path.GetDirectoryName(Path.GetFullPath(path))!;
        var tls = map.Mapping("tls_server_config") is { } tlsNode ? ReadTls(new YamlMap(tlsNode, context, "tls_server_config",
            ["cert_file", "key_file", "client_auth_type", "client_ca_file", "min_version", "max_version", .. UnsupportedTlsKeys]), directory,
            map.KeyLineOf("tls_server_config")) : null;
        var users = ReadUsers(map, context);
        return new WebConfigDefinition(path, tls, users);
    }

    private static Dictionary<string, string> ReadUsers(YamlMap map, ConfigReadContext context)
    {
        var users = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (user, hash, line) in map.ScalarPairs("basic_auth_users"))
        {
            // Never echo the value: someone may have put a clear password there by mistake.
            if (!BcryptHash().IsMatch(hash))
                context.Error(line, $"basic_auth_users.{user}: the value must be a bcrypt hash ($2y$10$... , e.g. from htpasswd -nBC 10 \"\" | tr -d ':'), never a clear password");
            else if (!users.TryAdd(user, hash))
                context.Error(line, $"basic_auth_users: user '{user}' is listed twice");
        }
        return users;
    }

    private static TlsServerDefinition? ReadTls(YamlMap map, string directory, int line)
    {
        foreach (var key in UnsupportedTlsKeys.Where(map.Has))
            map.Error(key, $"tls_server_config.{key} is not supported by this exporter (supported: cert_file, key_file, client_auth_type, client_ca_file, min_version, max_version)");
        var certFile = map.String("cert_file", required: true);
        var keyFile = map.String("key_file", required: true);
        var clientAuth = ReadClientAuth(map);
        var caFile = map.String("client_ca_file");
        var min = ReadVersion(map, "min_version") ?? SslProtocols.Tls12;
        var max = ReadVersion(map, "max_version") ?? SslProtocols.Tls13;
        if (min > max)
            map.Error("min_version", "tls_server_config.min_version is above max_version");
        if (caFile is not null && clientAuth == ClientAuthType.NoClientCert)
            map.Error("client_ca_file", "tls_server_config.client_ca_file is set without a client_auth_type that checks client certificates (e.g. RequireAndVerifyClientCert)");
        if (caFile is null && clientAuth is ClientAuthType.VerifyClientCertIfGiven or ClientAuthType.RequireAndVerifyClientCert)
            map.Error("client_auth_type", $"tls_server_config.client_auth_type {clientAuth} needs client_ca_file (the CAs a client certificate must chain to)");
        if (certFile is null || keyFile is null)
            return null;

        var certificate = LoadCertificate(map, Path.Combine(directory, certFile), Path.Combine(directory, keyFile));
        var cas = new X509Certificate2Collection();
        if (caFile is not null)
        {
            try
            {
                cas.ImportFromPemFile(Path.Combine(directory, caFile));
                if (cas.Count == 0)
                    map.Error("client_ca_file", $"tls_server_config.client_ca_file {caFile} holds no PEM certificate");
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or CryptographicException)
            {
                map.Error("client_ca_file", $"tls_server_config.client_ca_file: cannot read {caFile}: {e.Message}");
            }
        }
        var protocols = min == max ? min : min | max;
        return certificate is null ? null : new TlsServerDefinition(certificate, clientAuth, cas, protocols, line);
    }

    private static X509Certificate2? LoadCertificate(YamlMap map, string certFile, string keyFile)
    {
        try
        {
            using var pem = X509Certificate2.CreateFromPemFile(certFile, keyFile);
            // An ephemeral PEM key cannot serve TLS on every platform; a PKCS#12 round trip gives a usable one.
            return X509CertificateLoader.LoadPkcs12(pem.Export(X509ContentType.Pkcs12), null);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or CryptographicException or ArgumentException)
        {
            map.Error("cert_file", $"tls_server_config: cannot load the certificate {certFile} with the key {keyFile}: {e.Message.ReplaceLineEndings(" ")}");
            return null;
        }
    }

    private static ClientAuthType ReadClientAuth(YamlMap map)
    {
        var text = map.String("client_auth_type");
        if (text is null or "")
            return ClientAuthType.NoClientCert;
        if (text == "RequireClientCert") // exporter-toolkit keeps this old name for RequireAnyClientCert
            return ClientAuthType.RequireAnyClientCert;
        if (Enum.TryParse<ClientAuthType>(text, ignoreCase: false, out var value) && Enum.IsDefined(value) && !char.IsDigit(text[0]))
            return value;
        map.Error("client_auth_type", $"tls_server_config.client_auth_type '{text}' is not one of: {string.Join(", ", Enum.GetNames<ClientAuthType>())}");
        return ClientAuthType.NoClientCert;
    }

    private static SslProtocols? ReadVersion(YamlMap map, string key)
    {
        switch (map.String(key))
        {
            case null:
                return null;
            case "TLS12":
                return SslProtocols.Tls12;
            case "TLS13":
                return SslProtocols.Tls13;
            case "TLS10" or "TLS11":
                map.Error(key, $"tls_server_config.{key}: TLS 1.0 and 1.1 are not offered (obsolete); use TLS12 or TLS13");
                return null;
            case var other:
                map.Error(key, $"tls_server_config.{key} '{other}' is not one of: TLS12, TLS13");
                return null;
        }
    }
}
