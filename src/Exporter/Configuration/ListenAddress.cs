using System.Globalization;
using System.Text.RegularExpressions;

namespace Exporter.Configuration;

/// <summary>
/// Checks a listen address (<c>server.listen</c>, <c>run --urls</c>) before the web server sees it, so a typo
/// is a config or usage error with a clear message rather than a failure at start-up. Several addresses may be
/// separated by ';' (as Kestrel accepts them).
/// </summary>
public static partial class ListenAddress
{
    public const string Expected = "expected http://HOST:PORT or https://HOST:PORT, e.g. http://0.0.0.0:9187";

    /// <summary>The first problem of <paramref name="urls"/>, or null when every address is valid.</summary>
    public static string? Problem(string urls)
    {
        var addresses = urls.Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        if (addresses.Length == 0)
            return $"the listen address is empty: {Expected}";
        return addresses.Select(ProblemOf).FirstOrDefault(p => p is not null);
    }

    /// <summary>
    /// An https:// address of <paramref name="urls"/> when TLS is off: only the web config's tls_server_config gives
    /// the listener a certificate (Kestrel would fail at start-up), so it is refused with the config.
    /// </summary>
    public static string? HttpsWithoutTls(string urls, bool tlsOn) => tlsOn ? null
        : urls.Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .FirstOrDefault(a => a.StartsWith("https://", StringComparison.OrdinalIgnoreCase)) is { } address
            ? $"'{address}' needs TLS: add tls_server_config to the web config file (server.web_config_file or run --web.config.file), or listen on http://"
            : null;

    private static string? ProblemOf(string address)
    {
        var match = Url().Match(address);
        if (!match.Success)
            return $"'{address}' is not a listen address: {Expected}";
        var scheme = match.Groups["scheme"].Value;
        if (!scheme.Equals("http", StringComparison.OrdinalIgnoreCase) && !scheme.Equals("https", StringComparison.OrdinalIgnoreCase))
            return $"'{address}': the scheme must be http or https, not '{scheme}'";
        if (match.Groups["host"].Value is "" or "[]")
            return $"'{address}' has no host: {Expected}";
        if (match.Groups["port"].Success && !IsPort(match.Groups["port"].Value))
            return $"'{address}': the port must be a number from 1 to 65535, not '{match.Groups["port"].Value}'";
        if (match.Groups["path"].Value is not ("" or "/"))
            return $"'{address}' must not have a path ('{match.Groups["path"].Value}'): {Expected}";
        return null;
    }

    private static bool IsPort(string text) =>
        text.Length is > 0 and <= 5 && text.All(char.IsAsciiDigit)
        && int.Parse(text, CultureInfo.InvariantCulture) is >= 1 and <= 65535;

    [GeneratedRegex(@"^(?<scheme>[A-Za-z][A-Za-z0-9+.-]*)://(?<host>\[[^\]]*\]|[^:/\[\]]*)(?::(?<port>[^/]*))?(?<path>/.*)?$")]
    private static partial Regex Url();
}
