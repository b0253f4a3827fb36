using System.Text.RegularExpressions;

namespace Exporter.Model;

/// <summary>Prometheus's rules for metric and label names, checked by the config loader and the row mapper.</summary>
public static partial class PrometheusNames
{
    [GeneratedRegex("^[a-zA-Z_:][a-zA-Z0-9_:]*$")]
    private static partial Regex MetricName();

    [GeneratedRegex("^[a-zA-Z_][a-zA-Z0-9_]*$")]
    private static partial Regex LabelName();

    public static bool IsMetricName(string name) => MetricName().IsMatch(name);

    /// <summary>Names starting with <c>__</c> are reserved for Prometheus itself.</summary>
    public static bool IsLabelName(string name) => LabelName().IsMatch(name) && !name.StartsWith("__", StringComparison.Ordinal);

    /// <summary><c>le</c> and <c>quantile</c> belong to histograms and summaries: on a gauge they break the exposition.</summary>
    public static bool IsReservedLabel(string name) => name is "le" or "quantile";

    /// <summary>HELP text as the text format wants it: backslashes and newlines escaped.</summary>
    public static string EscapeHelp(string help) =>
        help.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal);
}
