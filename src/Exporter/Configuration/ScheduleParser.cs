using System.Globalization;
using Quartz;

namespace Exporter.Configuration;

/// <summary>
/// Reads a schedule: an interval (<c>30s</c>, <c>5m</c>) or a Quartz cron expression. A five-field Unix cron
/// (<c>*/5 * * * *</c>) is accepted and turned into Quartz's form. Also says how long a schedule's period is.
/// </summary>
public static class ScheduleParser
{
    /// <summary>The period between runs: the interval, or the gap between the next two cron fire times.</summary>
    public static TimeSpan Period(this ScheduleDefinition schedule, DateTimeOffset now)
    {
        if (schedule.Interval is { } interval)
            return interval;
        var cron = CronExpression.Parse(schedule.Cron!).WithTimeZone(TimeZoneInfo.Utc);
        var first = cron.GetNextValidTimeAfter(now);
        var second = first is { } f ? cron.GetNextValidTimeAfter(f) : null;
        return first is { } a && second is { } b ? b - a : TimeSpan.FromDays(365);
    }

    public static bool TryParse(string text, out ScheduleDefinition? schedule, out string? error)
    {
        schedule = null;
        error = null;
        if (Duration.TryParse(text, out var interval))
        {
            if (interval < TimeSpan.FromSeconds(1))
            {
                error = $"schedule '{text}' is shorter than 1s";
                return false;
            }
            schedule = new ScheduleDefinition(text, interval, null);
            return true;
        }
        var cron = ToQuartzCron(text.Trim());
        if (CronExpression.TryParse(cron, out var expression))
        {
            if (expression.GetNextValidTimeAfter(DateTimeOffset.UtcNow) is null)
            {
                error = $"cron expression '{text}' never fires";
                return false;
            }
            schedule = new ScheduleDefinition(text, null, cron);
            return true;
        }
        error = $"schedule '{text}' is neither a duration (30s, 5m, 1h) nor a valid cron expression";
        return false;
    }

    private static string ToQuartzCron(string text)
    {
        var fields = text.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (fields.Length != 5)
            return text;
        // Unix cron has no seconds field and allows '*' in both day fields; Quartz wants '?' in one.
        var (dayOfMonth, dayOfWeek) = (fields[2], UnixDayOfWeekToQuartz(fields[4]));
        if (dayOfWeek == "*")
            dayOfWeek = "?";
        else if (dayOfMonth == "*")
            dayOfMonth = "?";
        return $"0 {fields[0]} {fields[1]} {dayOfMonth} {fields[3]} {dayOfWeek}";
    }

    /// <summary>Unix numbers days 0-7 from Sunday (0 and 7 both Sunday); Quartz 1-7 from Sunday.</summary>
    private static string UnixDayOfWeekToQuartz(string field) =>
        string.Join(',', field.Split(',').Select(part =>
        {
            var slash = part.IndexOf('/', StringComparison.Ordinal);
            var (range, step) = slash < 0 ? (part, "") : (part[..slash], part[slash..]);
            return string.Join('-', range.Split('-').Select(day =>
                int.TryParse(day, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n is >= 0 and <= 7
                    ? ((n % 7) + 1).ToString(CultureInfo.InvariantCulture)
                    : day)) + step;
        }));
}
