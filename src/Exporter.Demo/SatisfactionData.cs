using NpgsqlTypes;

namespace Exporter.Demo;

/// <summary>
/// NPS and CSAT surveys. Learners are asked every quarter, paying accounts too; CSAT follows onboarding,
/// resolved tickets (slow answers score lower), the AI assistant's launch and payments. Scores improve
/// slowly over the year and dip while customers feel the API's bad week.
/// </summary>
public sealed class SatisfactionData
{
    private SatisfactionData(List<NpsResponse> nps, List<CsatResponse> csat)
    {
        Nps = nps;
        Csat = csat;
    }

    public IReadOnlyList<NpsResponse> Nps { get; }

    public IReadOnlyList<CsatResponse> Csat { get; }

    public static SatisfactionData Generate(DemoContext context, RevenueData revenue, UserData users, SupportData support, LearningData learning)
    {
        var story = context.Story;
        var nps = Promoters(story, context.Random(DemoStream.Nps), revenue, users, learning);
        var csat = Satisfaction(story, context.Random(DemoStream.Csat), revenue, users, support);
        nps.Sort((a, b) => a.RespondedAt.CompareTo(b.RespondedAt));
        csat.Sort((a, b) => a.RespondedAt.CompareTo(b.RespondedAt));
        var id = context.FirstId("nps_responses");
        foreach (var response in nps)
            response.Id = id++;
        id = context.FirstId("csat_responses");
        foreach (var response in csat)
            response.Id = id++;
        return new SatisfactionData(nps, csat);
    }

    public IEnumerable<DemoTable> Tables() =>
    [
        new DemoTable<NpsResponse>("nps_responses", Nps, new()
        {
            { "id", (w, r) => w.WriteId(r.Id) },
            { "respondent", (w, r) => w.WriteText(r.Respondent) },
            { "user_id", (w, r) => w.WriteId(r.User?.Id) },
            { "customer_id", (w, r) => w.WriteId(r.Customer?.Id) },
            { "score", (w, r) => w.WriteSmallint(r.Score) },
            { "responded_at", (w, r) => w.WriteTime(r.RespondedAt) },
        }),
        new DemoTable<CsatResponse>("csat_responses", Csat, new()
        {
            { "id", (w, r) => w.WriteId(r.Id) },
            { "touchpoint", (w, r) => w.WriteText(r.Touchpoint) },
            { "user_id", (w, r) => w.WriteId(r.User?.Id) },
            { "customer_id", (w, r) => w.WriteId(r.Customer?.Id) },
            { "score", (w, r) => w.WriteSmallint(r.Score) },
            { "responded_at", (w, r) => w.WriteTime(r.RespondedAt) },
        }),
    ];

    /// <summary>Score drift: +0.5 over the history (the product improves), lower during the bad week.</summary>
    private static double Mood(DemoStory story, DateTime t, double badWeek) =>
        (0.5 * ((t - story.Start).TotalDays / story.Options.Days)) - 0.25 + (story.InBadWeek(t) ? badWeek : 0);

    private static List<NpsResponse> Promoters(DemoStory story, DemoRandom random, RevenueData revenue, UserData users, LearningData learning)
    {
        var responses = new List<NpsResponse>();
        var completed = learning.Enrollments.Where(e => e.CompletedAt is not null).Select(e => e.User).ToHashSet();
        foreach (var user in users.Users)
        {
            var end = user.ActiveUntil ?? story.Now;
            var mean = 8.0 + (completed.Contains(user) ? 0.5 : 0) + (user.Customer?.Segment switch
            {
                "enterprise" => 0.3,
                "individual" => -0.2,
                _ => 0,
            });
            for (var invited = user.CreatedAt.AddDays(30); invited < end; invited = invited.AddDays(90))
            {
                if (!random.Chance(user.Office ? 0.08 : 0.12))
                    continue;
                var at = DemoStory.Second(invited + random.Days(0, 5));
                if (at < end)
                    responses.Add(new NpsResponse("learner", user, user.Customer, (short)random.Score(mean + Mood(story, at, -1.6), 2.2, 0, 10), at));
            }
        }
        foreach (var customer in revenue.Customers)
        {
            if (customer.FirstPaidStart is not { } first)
                continue;
            var mean = customer.Segment switch { "enterprise" => 8.6, "partner" => 8.4, "smb" => 8.1, _ => 7.9 }
                - (customer.Payer == PayerKind.Bad ? 0.8 : 0);
            for (var invited = first.AddDays(45); invited < story.Now; invited = invited.AddDays(90))
            {
                var at = DemoStory.Second(invited + random.Days(0, 7));
                if (!customer.IsPayingAt(invited) || !random.Chance(0.35) || at >= story.Now)
                    continue;
                var admin = customer.Users.Count > 0 && random.Chance(0.5) ? customer.Users[0] : null;
                responses.Add(new NpsResponse("customer", admin, customer, (short)random.Score(mean + Mood(story, at, -1.6), 1.9, 0, 10), at));
            }
        }
        return responses;
    }

    private static List<CsatResponse> Satisfaction(DemoStory story, DemoRandom random, RevenueData revenue, UserData users, SupportData support)
    {
        var responses = new List<CsatResponse>();
        void Add(string touchpoint, User? user, Customer? customer, double mean, DateTime at)
        {
            at = DemoStory.Second(at);
            if (at < story.Now)
                responses.Add(new CsatResponse(touchpoint, user, customer, (short)random.Score(mean + (2 * Mood(story, at, -0.5)), 0.9, 1, 5), at));
        }

        foreach (var user in users.Users)
        {
            if (user.ActivatedAt is { } activated && random.Chance(0.25))
                Add("onboarding", user, user.Customer, 4.2, activated + random.Days(0.05, 3));
            if (user.AssistantSince is { } assistant && random.Chance(0.2))
                Add("feature_launch", user, user.Customer, 3.9, assistant + random.Days(1, 7));
        }
        foreach (var ticket in support.Tickets)
        {
            if (ticket is not { ResolvedAt: { } resolved, FirstResponseAt: { } responded } || !random.Chance(0.45))
                continue;
            var hours = (responded - ticket.CreatedAt).TotalHours;
            var mean = hours < 1 ? 4.5 : hours < 8 ? 4.1 : 3.5;
            var admin = ticket.Customer is { Users.Count: > 0 } c ? c.Users[random.Next(0, c.Users.Count)] : null;
            Add("support", admin, ticket.Customer, mean, resolved + random.Days(0.01, 2));
        }
        foreach (var invoice in revenue.Invoices)
        {
            if (invoice.PaidAt is { } paid && random.Chance(0.03))
                Add("billing", null, invoice.Customer, paid > invoice.DueAt ? 3.2 : 3.9, paid + random.Days(0, 2));
        }
        return responses;
    }

    public sealed record NpsResponse(string Respondent, User? User, Customer? Customer, short Score, DateTime RespondedAt)
    {
        public long Id { get; set; }
    }

    public sealed record CsatResponse(string Touchpoint, User? User, Customer? Customer, short Score, DateTime RespondedAt)
    {
        public long Id { get; set; }
    }
}
