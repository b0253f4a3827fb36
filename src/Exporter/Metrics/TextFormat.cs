using System.Globalization;
using System.Text;

namespace Exporter.Metrics;

/// <summary>
/// The Prometheus text format (0.0.4) for gauge families, written exactly as prometheus-net writes them
/// (same escaping, same number format), so pre-rendered KPI families read the same as the registry's.
/// </summary>
internal static class TextFormat
{
    public const string ContentType = "text/plain; version=0.0.4; charset=utf-8";

    /// <summary><c># HELP</c> and <c># TYPE</c> lines; <paramref name="escapedHelp"/> is already escaped.</summary>
    public static byte[] GaugeHeader(string metric, string escapedHelp) =>
        Encoding.UTF8.GetBytes($"# HELP {metric} {escapedHelp}\n# TYPE {metric} gauge\n");

    /// <summary>One sample line: <c>metric{name="value",...} value</c> and a newline.</summary>
    public static void AppendSample(StringBuilder line, string metric, IReadOnlyList<string> labelNames, IReadOnlyList<string> labelValues, double value)
    {
        line.Append(metric);
        if (labelNames.Count > 0)
        {
            line.Append('{');
            for (var i = 0; i < labelNames.Count; i++)
            {
                if (i > 0)
                    line.Append(',');
                line.Append(labelNames[i]).Append("=\"");
                AppendEscapedLabelValue(line, labelValues[i]);
                line.Append('"');
            }
            line.Append('}');
        }
        // "g" like prometheus-net: shortest round-trip form, Infinity/-Infinity (Prometheus reads both spellings).
        line.Append(' ').Append(value.ToString("g", CultureInfo.InvariantCulture)).Append('\n');
    }

    /// <summary>A label value's backslashes, double quotes and newlines are escaped; everything else is UTF-8 as is.</summary>
    private static void AppendEscapedLabelValue(StringBuilder line, string value)
    {
        foreach (var c in value)
        {
            switch (c)
            {
                case '\\': line.Append("\\\\"); break;
                case '"': line.Append("\\\""); break;
                case '\n': line.Append("\\n"); break;
                default: line.Append(c); break;
            }
        }
    }
}
