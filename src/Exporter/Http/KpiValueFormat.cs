using System.Globalization;
using Exporter.Kpis;

namespace Exporter.Http;

/// <summary>
/// A KPI value as a person reads it, from the Prometheus naming conventions the packs follow: <c>*_ratio</c> as a
/// percentage, <c>*_seconds</c> as a duration, a series with a <c>currency</c> label as an amount in that currency.
/// </summary>
public static class KpiValueFormat
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    /// <summary>The series' labels (without <c>source</c>, and without <c>currency</c> when it is shown with the amount).</summary>
    public static string Labels(KpiSeries series) => string.Join(", ", series.LabelNames.Zip(series.LabelValues)
        .Where(l => l.First != "source" && !(l.First == "currency" && !IsRatioOrSeconds(series.Metric)))
        .Select(l => $"{l.First}={l.Second}"));

    public static string Value(KpiSeries series)
    {
        var value = series.Value;
        if (double.IsInfinity(value))
            return value > 0 ? "+Inf" : "-Inf";
        if (series.Metric.EndsWith("_ratio", StringComparison.Ordinal))
            return (value * 100).ToString("#,0.#", Invariant) + " %";
        if (series.Metric.EndsWith("_seconds", StringComparison.Ordinal))
            return DurationText(value);
        var currency = series.LabelNames.Zip(series.LabelValues).FirstOrDefault(l => l.First == "currency").Second;
        if (currency is not null)
            return $"{value.ToString("#,0.00", Invariant)} {currency}";
        return value.ToString("#,0.##", Invariant);
    }

    /// <summary>350 ms, 12.5 s, 4m 12s, 3h 05m, 2d 04h: two units at most, enough to compare at a glance.</summary>
    public static string DurationText(double seconds)
    {
        var sign = seconds < 0 ? "-" : "";
        var s = Math.Abs(seconds);
        return sign + s switch
        {
            < 1 => $"{(s * 1000).ToString("0", Invariant)} ms",
            < 60 => $"{s.ToString("0.#", Invariant)} s",
            < 3600 => $"{(int)(s / 60)}m {(int)(s % 60):00}s",
            < 86400 => $"{(int)(s / 3600)}h {(int)(s % 3600 / 60):00}m",
            _ => $"{(long)(s / 86400)}d {(int)(s % 86400 / 3600):00}h",
        };
    }

    private static bool IsRatioOrSeconds(string metric) =>
        metric.EndsWith("_ratio", StringComparison.Ordinal) || metric.EndsWith("_seconds", StringComparison.Ordinal);
}
