namespace Exporter.Configuration;

/// <summary>One problem found in a config (or pack) file, reported as <c>file:line: message</c>.</summary>
public sealed record ConfigError(string File, int Line, string Message)
{
    public override string ToString() => $"{File}:{Line}: {Message}";
}
