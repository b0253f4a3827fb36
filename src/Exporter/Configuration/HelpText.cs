using System.Text.RegularExpressions;

namespace Exporter.Configuration;

/// <summary>A metric's HELP is one line in the exposition: a YAML block's newlines and tabs become single spaces.</summary>
public static partial class HelpText
{
    [GeneratedRegex(@"[\s\p{Cc}]+")]
    private static partial Regex WhitespaceRun();

    public static string Normalize(string help) => WhitespaceRun().Replace(help, " ").Trim();
}
