using System.Text.RegularExpressions;

namespace Exporter.Configuration;

/// <summary>
/// Replaces <c>${NAME}</c> with the environment variable NAME. An unset variable is an error, never an
/// empty string. <c>$${NAME}</c> stands for a literal <c>${NAME}</c>.
/// </summary>
public sealed partial class EnvironmentExpander(Func<string, string?> lookup)
{
    [GeneratedRegex(@"\$?\$\{([A-Za-z_][A-Za-z0-9_]*)\}")]
    private static partial Regex Reference();

    /// <summary>Every value substituted so far, so that log lines and status pages can redact them.</summary>
    public HashSet<string> SubstitutedValues { get; } = new(StringComparer.Ordinal);

    public string Expand(string text, Action<string> reportUnset) =>
        Reference().Replace(text, match =>
        {
            if (match.Value.StartsWith("$$", StringComparison.Ordinal))
                return match.Value[1..];
            var name = match.Groups[1].Value;
            var value = lookup(name);
            if (value is null)
            {
                reportUnset($"environment variable {name} is not set (referenced as ${{{name}}})");
                return match.Value;
            }
            if (value.Length > 0)
                SubstitutedValues.Add(value);
            return value;
        });
}
