namespace Exporter.Demo;

/// <summary>
/// The time line every generator shares: the history window ending at the anchor "now", the business's
/// growth, weekly and yearly seasonality, hours of the day, and the dated events of the story (the API
/// incident and its bad week, the launch of a feature). Timestamps are UTC <see cref="DateTime"/>s.
/// </summary>
public sealed class DemoStory
{
    /// <summary>Yearly growth of the business (new customers, users, traffic): x2.2 a year.</summary>
    private static readonly double GrowthPerDay = Math.Log(2.2) / 365.0;

    // Relative activity per hour of the day (UTC): office hours in Europe and the Americas,
    // learners also in the evening.
    private static readonly double[] OfficeHours =
        [1, 0.6, 0.4, 0.4, 0.5, 1, 2, 4, 7, 9, 10, 10, 9, 10, 10, 9, 8, 6, 5, 4, 3, 2.5, 2, 1.5];

    private static readonly double[] LearnerHours =
        [2, 1.2, 0.8, 0.6, 0.6, 1, 2, 3.5, 5, 6, 6, 6, 7, 7, 6, 6, 6.5, 7.5, 9, 10, 10, 8, 5.5, 3.5];

    private readonly double[] _officeCumulative = Cumulative(OfficeHours);
    private readonly double[] _learnerCumulative = Cumulative(LearnerHours);

    public DemoStory(DemoSeedOptions options, DateTimeOffset now)
    {
        Options = options;
        Now = now.UtcDateTime;
        Start = Now.AddDays(-options.Days);
        Scale = options.Scale;

        // The API's bad week ends three days ago; its worst hours (an outage with 5xx and slow
        // responses) are five days ago in the European afternoon. A smaller blip happened 19 days ago.
        BadWeekEnd = Now.Date.AddDays(-3);
        BadWeekStart = BadWeekEnd.AddDays(-7);
        IncidentStart = Now.Date.AddDays(-5).AddHours(13).AddMinutes(10);
        IncidentEnd = IncidentStart.AddHours(2).AddMinutes(40);
        MinorIncidentStart = Now.Date.AddDays(-19).AddHours(9).AddMinutes(35);
        MinorIncidentEnd = MinorIncidentStart.AddMinutes(35);
        AssistantLaunch = Now.Date.AddDays(-75).AddHours(8);
    }

    public DemoSeedOptions Options { get; }

    public int Scale { get; }

    public int Seed => Options.Seed;

    /// <summary>The anchor: the history ends here; nothing is dated at or after it.</summary>
    public DateTime Now { get; }

    public DateTime Start { get; }

    public DateTime BadWeekStart { get; }

    public DateTime BadWeekEnd { get; }

    public DateTime IncidentStart { get; }

    public DateTime IncidentEnd { get; }

    public DateTime MinorIncidentStart { get; }

    public DateTime MinorIncidentEnd { get; }

    /// <summary>When the <c>ai_assistant</c> feature was launched.</summary>
    public DateTime AssistantLaunch { get; }

    /// <summary>
    /// The account base is older than the activity history: customers and leads are acquired from two
    /// years before <see cref="Start"/>, so retention cohorts and renewals of annual terms exist.
    /// </summary>
    public DateTime Founded => Start.AddDays(-730);

    /// <summary>The UTC days from <see cref="Founded"/> to now, for acquiring customers and leads.</summary>
    public IEnumerable<DateTime> AccountDays()
    {
        for (var day = Founded.Date; day < Now; day = day.AddDays(1))
            yield return day;
    }

    /// <summary>The UTC days of the history, the first and last ones partial.</summary>
    public IEnumerable<DateTime> HistoryDays()
    {
        for (var day = Start.Date; day < Now; day = day.AddDays(1))
            yield return day;
    }

    /// <summary>Size of the business at <paramref name="t"/> relative to now (1 at now, ~0.45 a year ago).</summary>
    public double Growth(DateTime t) => Math.Exp(GrowthPerDay * (t - Now).TotalDays);

    /// <summary>Weekly seasonality: businesses work on weekdays, learners also on Sundays.</summary>
    public static double Weekday(DateTime t, bool business) => (t.DayOfWeek, business) switch
    {
        (DayOfWeek.Saturday, true) => 0.3,
        (DayOfWeek.Sunday, true) => 0.25,
        (DayOfWeek.Friday, true) => 0.9,
        (_, true) => 1.15,
        (DayOfWeek.Saturday, false) => 0.8,
        (DayOfWeek.Sunday, false) => 1.1,
        (DayOfWeek.Friday, false) => 0.85,
        _ => 1.0,
    };

    /// <summary>Yearly seasonality: a January peak (new-year resolutions), a summer trough.</summary>
    public static double Season(DateTime t) => 1.0 + (0.12 * Math.Cos(2 * Math.PI * (t.DayOfYear - 15) / 365.0));

    /// <summary>A time on <paramref name="day"/> following the office or the learner daily curve.</summary>
    public DateTime TimeOfDay(DemoRandom random, DateTime day, bool office)
    {
        var cumulative = office ? _officeCumulative : _learnerCumulative;
        var index = Array.BinarySearch(cumulative, random.NextDouble());
        var hour = Math.Min(index < 0 ? ~index : index + 1, 23);
        return day.AddHours(hour).AddSeconds(Math.Floor(random.NextDouble() * 3600));
    }

    /// <summary>NULL for what has not happened yet: timestamps at or after now are never stored.</summary>
    public DateTime? Happened(DateTime t) => t < Now ? t : null;

    public DateTime? Happened(DateTime? t) => t < Now ? t : null;

    /// <summary>True while customers feel the API's bad week (and a few days after it): satisfaction dips.</summary>
    public bool InBadWeek(DateTime t) => t >= BadWeekStart && t < BadWeekEnd.AddDays(2);

    /// <summary>Whole seconds: stored timestamps stay readable and exact.</summary>
    public static DateTime Second(DateTime t) => new(t.Ticks - (t.Ticks % TimeSpan.TicksPerSecond), DateTimeKind.Utc);

    private static double[] Cumulative(double[] weights)
    {
        var total = weights.Sum();
        var cumulative = new double[weights.Length];
        var sum = 0.0;
        for (var i = 0; i < weights.Length; i++)
        {
            sum += weights[i];
            cumulative[i] = sum / total;
        }
        return cumulative;
    }
}
