using System.Buffers;
using System.Globalization;
using System.Text;

namespace Exporter.Metrics;

/// <summary>
/// The Prometheus text format (0.0.4) for gauge, counter and histogram families, written exactly as prometheus-net writes them
/// (same escaping, same number format), so pre-rendered KPI families read the same as the registry's.
/// Written straight to UTF-8: a run renders its series once, without a UTF-16 copy of the whole text.
/// </summary>
internal static class TextFormat
{
    public const string ContentType = "text/plain; version=0.0.4; charset=utf-8";

    /// <summary><c># HELP</c> and <c># TYPE</c> lines; <paramref name="escapedHelp"/> is already escaped.</summary>
    public static byte[] GaugeHeader(string metric, string escapedHelp) => Header(metric, escapedHelp, "gauge");

    /// <summary><c># HELP</c> and <c># TYPE</c> lines of a family of <paramref name="type"/> (gauge, counter, histogram).</summary>
    public static byte[] Header(string metric, string escapedHelp, string type) =>
        Encoding.UTF8.GetBytes($"# HELP {metric} {escapedHelp}\n# TYPE {metric} {type}\n");

    /// <summary>One sample line as bytes: the rendered form of a gauge or counter of one series.</summary>
    public static byte[] Sample(string metric, IReadOnlyList<string> labelNames, IReadOnlyList<string> labelValues, double value)
    {
        var text = new ArrayBufferWriter<byte>();
        WriteSample(text, metric, labelNames, labelValues, value);
        return text.WrittenSpan.ToArray();
    }

    /// <summary>One counter line per reason, in reason order; the reason is the last label (<paramref name="labelNames"/> names it).</summary>
    public static byte[] CountsByReason(string metric, IReadOnlyList<string> labelNames, IReadOnlyList<string> labelValues, IReadOnlyDictionary<string, long> counts)
    {
        var text = new ArrayBufferWriter<byte>();
        foreach (var (reason, count) in counts.OrderBy(c => c.Key, StringComparer.Ordinal))
            WriteSample(text, metric, labelNames, [.. labelValues, reason], count);
        return text.WrittenSpan.ToArray();
    }

    /// <summary>A histogram's lines for one series, as bytes (<see cref="WriteHistogram"/>).</summary>
    public static byte[] Histogram(string metric, IReadOnlyList<string> labelNames, IReadOnlyList<string> labelValues, HistogramCounts counts)
    {
        var text = new ArrayBufferWriter<byte>();
        WriteHistogram(text, metric, labelNames, labelValues, counts);
        return text.WrittenSpan.ToArray();
    }

    /// <summary>
    /// A histogram's lines for one series, in prometheus-net's order: <c>_sum</c>, <c>_count</c>, then the cumulative
    /// <c>_bucket</c> lines with an <c>le</c> label last.
    /// </summary>
    public static void WriteHistogram(ArrayBufferWriter<byte> output, string metric, IReadOnlyList<string> labelNames, IReadOnlyList<string> labelValues, HistogramCounts counts)
    {
        WriteSample(output, metric + "_sum", labelNames, labelValues, counts.Sum);
        WriteSample(output, metric + "_count", labelNames, labelValues, counts.Count);
        string[] names = [.. labelNames, "le"];
        var values = new string[names.Length];
        for (var i = 0; i < labelValues.Count; i++)
            values[i] = labelValues[i];
        long cumulative = 0;
        for (var i = 0; i < counts.Buckets.Length; i++)
        {
            cumulative += counts.Buckets[i];
            values[^1] = i < counts.Bounds.Length ? counts.Bounds[i].ToString("g", CultureInfo.InvariantCulture) : "+Inf";
            WriteSample(output, metric + "_bucket", names, values, cumulative);
        }
    }

    /// <summary>One sample line: <c>metric{name="value",...} value</c> and a newline.</summary>
    public static void WriteSample(ArrayBufferWriter<byte> output, string metric, IReadOnlyList<string> labelNames, IReadOnlyList<string> labelValues, double value)
    {
        Write(output, metric);
        if (labelNames.Count > 0)
        {
            Write(output, "{");
            for (var i = 0; i < labelNames.Count; i++)
            {
                if (i > 0)
                    Write(output, ",");
                Write(output, labelNames[i]);
                Write(output, "=\"");
                Write(output, EscapeLabelValue(labelValues[i]));
                Write(output, "\"");
            }
            Write(output, "}");
        }
        Write(output, " ");
        // "g" like prometheus-net: shortest round-trip form, Infinity/-Infinity (Prometheus reads both spellings).
        value.TryFormat(output.GetSpan(32), out var written, "g", CultureInfo.InvariantCulture);
        output.Advance(written);
        Write(output, "\n");
    }

    /// <summary>A label value's backslashes, double quotes and newlines are escaped; everything else is UTF-8 as is.</summary>
    private static string EscapeLabelValue(string value) =>
        value.AsSpan().IndexOfAny("\\\"\n") < 0
            ? value
            : value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal);

    private static void Write(ArrayBufferWriter<byte> output, string text)
    {
        var written = Encoding.UTF8.GetBytes(text, output.GetSpan(Encoding.UTF8.GetMaxByteCount(text.Length)));
        output.Advance(written);
    }
}
