using NpgsqlTypes;

namespace Exporter.Demo;

/// <summary>
/// The top of the funnel: marketing spend and web visitors per channel and day, and the sales-led leads
/// (demos, signed contracts, lost deals). Signed leads become enterprise and SMB customers.
/// </summary>
public sealed class SalesData
{
    // Per day at scale 1, today (the past is smaller: the business grows).
    private const double LeadsPerDay = 0.9;

    private static readonly Weighted<string> LostAfterDemo = new(
        ("price", 30), ("competitor", 25), ("no_budget", 15), ("missing_feature", 15), ("no_decision", 15));

    private static readonly Weighted<string> LostWithoutDemo = new(
        ("no_response", 55), ("not_a_fit", 25), ("timing", 20));

    private static readonly (string Channel, string Currency, double EuroPerDay)[] Spend =
    [
        ("sea", "EUR", 90), ("sea", "USD", 40), ("affiliate", "EUR", 25), ("webinar", "EUR", 6),
        ("referral", "EUR", 20), ("organic", "EUR", 30),
    ];

    private static readonly (string Channel, double VisitorsPerDay)[] Traffic =
    [
        ("organic", 140), ("sea", 90), ("referral", 20), ("affiliate", 30), ("webinar", 12),
    ];

    private SalesData(List<Lead> leads, List<SpendDay> spend, List<TrafficDay> traffic)
    {
        Leads = leads;
        MarketingSpend = spend;
        WebTraffic = traffic;
    }

    public IReadOnlyList<Lead> Leads { get; }

    public IReadOnlyList<SpendDay> MarketingSpend { get; }

    public IReadOnlyList<TrafficDay> WebTraffic { get; }

    public IEnumerable<Lead> SignedLeads => Leads.Where(l => l.SignedAt is not null);

    public static SalesData Generate(DemoContext context)
    {
        var story = context.Story;
        return new SalesData(
            GenerateLeads(context, context.Random(DemoStream.Leads)),
            GenerateSpend(story, context.Random(DemoStream.Marketing)),
            GenerateTraffic(story, context.Random(DemoStream.Traffic)));
    }

    public IEnumerable<DemoTable> Tables() =>
    [
        new DemoTable<Lead>("leads", Leads, new()
        {
            { "id", (w, l) => w.WriteId(l.Id) },
            { "channel", (w, l) => w.WriteText(l.Channel) },
            { "segment", (w, l) => w.WriteText(l.Segment) },
            { "created_at", (w, l) => w.WriteTime(l.CreatedAt) },
            { "demo_at", (w, l) => w.WriteTime(l.DemoAt) },
            { "signed_at", (w, l) => w.WriteTime(l.SignedAt) },
            { "lost_at", (w, l) => w.WriteTime(l.LostAt) },
            { "lost_reason", (w, l) => w.WriteText(l.LostReason) },
        }),
        new DemoTable<SpendDay>("marketing_spend", MarketingSpend, new()
        {
            { "day", (w, s) => w.WriteDate(s.Day) },
            { "channel", (w, s) => w.WriteText(s.Channel) },
            { "currency", (w, s) => w.WriteText(s.Currency) },
            { "amount_cents", (w, s) => w.WriteBigint(s.AmountCents) },
        }),
        new DemoTable<TrafficDay>("web_traffic", WebTraffic, new()
        {
            { "day", (w, t) => w.WriteDate(t.Day) },
            { "channel", (w, t) => w.WriteText(t.Channel) },
            { "visitors", (w, t) => w.WriteBigint(t.Visitors) },
        }),
    ];

    private static List<Lead> GenerateLeads(DemoContext context, DemoRandom random)
    {
        var story = context.Story;
        var leads = new List<Lead>();
        foreach (var day in story.AccountDays())
        {
            var expected = LeadsPerDay * context.Scale * story.Growth(day) * DemoStory.Weekday(day, business: true) * DemoStory.Season(day);
            for (var n = random.Poisson(expected); n > 0; n--)
            {
                var created = story.TimeOfDay(random, day, office: true);
                if (created < story.Founded || created >= story.Now)
                    continue;
                var segment = random.Chance(0.4) ? "enterprise" : "smb";
                DateTime? demo = null, signed = null, lost = null;
                string? reason = null;
                if (random.Chance(0.5))
                {
                    demo = DemoStory.Second(created + TimeSpan.FromDays(random.LogNormal(6, 0.6)));
                    if (random.Chance(segment == "enterprise" ? 0.32 : 0.42))
                        signed = DemoStory.Second(demo.Value + TimeSpan.FromDays(random.LogNormal(20, 0.5)));
                    else if (random.Chance(0.85))
                        (lost, reason) = (DemoStory.Second(demo.Value + TimeSpan.FromDays(random.LogNormal(18, 0.6))), LostAfterDemo.Pick(random));
                }
                else if (random.Chance(0.75))
                {
                    (lost, reason) = (DemoStory.Second(created + TimeSpan.FromDays(random.LogNormal(21, 0.5))), LostWithoutDemo.Pick(random));
                }
                lost = story.Happened(lost);
                leads.Add(new Lead(
                    DemoVocabulary.LeadChannels.Pick(random), segment, DemoStory.Second(created),
                    story.Happened(demo), story.Happened(signed), lost, lost is null ? null : reason));
            }
        }
        leads.Sort((a, b) => a.CreatedAt.CompareTo(b.CreatedAt));
        var id = context.FirstId("leads");
        foreach (var lead in leads)
            lead.Id = id++;
        return leads;
    }

    private static List<SpendDay> GenerateSpend(DemoStory story, DemoRandom random)
    {
        var rows = new List<SpendDay>();
        foreach (var day in story.HistoryDays())
        {
            // Webinars run on Tuesdays and Thursdays: the channel's spend comes in spikes.
            var webinarDay = day.DayOfWeek is DayOfWeek.Tuesday or DayOfWeek.Thursday;
            foreach (var (channel, currency, euroPerDay) in Spend)
            {
                var amount = euroPerDay * 100 * story.Scale * Math.Pow(story.Growth(day), 0.8)
                    * Math.Sqrt(DemoStory.Weekday(day, business: true)) * random.LogNormal(1, 0.15)
                    * (channel == "webinar" && webinarDay ? 40 : 1);
                rows.Add(new SpendDay(DateOnly.FromDateTime(day), channel, currency,
                    DemoVocabulary.Price((long)Math.Round(amount), currency)));
            }
        }
        return rows;
    }

    private static List<TrafficDay> GenerateTraffic(DemoStory story, DemoRandom random)
    {
        var rows = new List<TrafficDay>();
        foreach (var day in story.HistoryDays())
        {
            var webinarDay = day.DayOfWeek is DayOfWeek.Tuesday or DayOfWeek.Thursday;
            foreach (var (channel, visitorsPerDay) in Traffic)
            {
                var visitors = visitorsPerDay * story.Scale * story.Growth(day) * DemoStory.Season(day)
                    * Math.Pow(DemoStory.Weekday(day, business: true), 0.7) * random.LogNormal(1, 0.1)
                    * (channel == "webinar" && webinarDay ? 3 : 1);
                rows.Add(new TrafficDay(DateOnly.FromDateTime(day), channel, (long)Math.Round(visitors)));
            }
        }
        return rows;
    }

    /// <summary>A sales lead; <see cref="SignedAt"/> set = a contract, which becomes a customer.</summary>
    public sealed record Lead(
        string Channel, string Segment, DateTime CreatedAt, DateTime? DemoAt, DateTime? SignedAt, DateTime? LostAt, string? LostReason)
    {
        public long Id { get; set; }
    }

    public sealed record SpendDay(DateOnly Day, string Channel, string Currency, long AmountCents);

    public sealed record TrafficDay(DateOnly Day, string Channel, long Visitors);
}
