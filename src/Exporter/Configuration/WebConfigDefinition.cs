namespace Exporter.Configuration;

/// <summary>
/// The web configuration file (the Prometheus exporter-toolkit format): TLS for the listener and basic-auth users.
/// </summary>
/// <param name="BasicAuthUsers">User name -> bcrypt hash; empty means no authentication.</param>
public sealed record WebConfigDefinition(string File, TlsServerDefinition? Tls, IReadOnlyDictionary<string, string> BasicAuthUsers)
{
    public bool BasicAuth => BasicAuthUsers.Count > 0;

    // Records print every property by default; the hashes are nobody's business.
    public override string ToString() => $"web config {File}";
}
