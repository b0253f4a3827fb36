using System.Globalization;
using System.Text.RegularExpressions;

namespace Exporter.Model;

/// <summary>Parses Prometheus/Go-style durations: <c>500ms</c>, <c>30s</c>, <c>5m</c>, <c>1h30m</c>, <c>7d</c>.</summary>
public static partial class Duration
{
    [GeneratedRegex(@"^(?:(\d+)(ms|s|m|h|d|w))+$")]
    private static partial Regex Pattern();

    public static bool TryParse(string text, out TimeSpan duration)
    {
        try
        {
            return TryParseUnchecked(text, out duration) && duration <= MaxDuration;
        }
        catch (Exception e) when (e is OverflowException or ArgumentOutOfRangeException)
        {
            duration = TimeSpan.Zero;
            return false;
        }
    }

    /// <summary>The longest duration accepted anywhere (a year): longer is a typo, and overflows timers.</summary>
    public static TimeSpan MaxDuration { get; } = TimeSpan.FromDays(366);

    private static bool TryParseUnchecked(string text, out TimeSpan duration)
    {
        duration = TimeSpan.Zero;
        var match = Pattern().Match(text.Trim());
        if (!match.Success)
            return false;
        for (var i = 0; i < match.Groups[1].Captures.Count; i++)
        {
            var amount = long.Parse(match.Groups[1].Captures[i].Value, CultureInfo.InvariantCulture);
            duration += match.Groups[2].Captures[i].Value switch
            {
                "ms" => TimeSpan.FromMilliseconds(amount),
                "s" => TimeSpan.FromSeconds(amount),
                "m" => TimeSpan.FromMinutes(amount),
                "h" => TimeSpan.FromHours(amount),
                "d" => TimeSpan.FromDays(amount),
                _ => TimeSpan.FromDays(7 * amount),
            };
        }
        return true;
    }

    /// <summary>The shortest readable form, e.g. 90s -> "1m30s".</summary>
    public static string Format(TimeSpan duration)
    {
        if (duration == TimeSpan.Zero)
            return "0s";
        var parts = new List<string>();
        if (duration.Days > 0) parts.Add($"{duration.Days}d");
        if (duration.Hours > 0) parts.Add($"{duration.Hours}h");
        if (duration.Minutes > 0) parts.Add($"{duration.Minutes}m");
        if (duration.Seconds > 0) parts.Add($"{duration.Seconds}s");
        if (duration.Milliseconds > 0) parts.Add($"{duration.Milliseconds}ms");
        return string.Concat(parts);
    }
}
