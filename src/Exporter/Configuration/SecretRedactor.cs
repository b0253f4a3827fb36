namespace Exporter.Configuration;

/// <summary>
/// Blanks out secrets (datasource passwords, connection strings, probe header values, values that came
/// from <c>${ENV}</c>) in any text before it reaches a log line, the status page or a metric.
/// </summary>
public sealed class SecretRedactor
{
    private volatile string[] _secrets;

    public SecretRedactor(IEnumerable<string> secrets) => _secrets = Order(secrets);

    /// <summary>Also redacts the secrets of a reloaded config (the old ones stay redacted: they may still be in flight).</summary>
    public void Include(SecretRedactor other) => _secrets = Order(_secrets.Concat(other._secrets));

    // Longest first, so a connection string is blanked whole before its password is looked for.
    private static string[] Order(IEnumerable<string> secrets) =>
        secrets.Where(s => s.Length >= 3).Distinct(StringComparer.Ordinal).OrderByDescending(s => s.Length).ToArray();

    public string Redact(string text)
    {
        foreach (var secret in _secrets)
            text = text.Replace(secret, "***", StringComparison.Ordinal);
        return text;
    }
}
