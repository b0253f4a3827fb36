namespace Exporter.Demo;

/// <summary>
/// Support tickets: accounts write in while they use the product (enterprise most, trained accounts less),
/// a wave of urgent tickets hits during the API outage, first responses come faster for higher priorities
/// (slower during the bad week), and recent tickets are still open.
/// </summary>
public sealed class SupportData
{
    private static readonly Weighted<string> Priorities = new(("low", 30), ("normal", 45), ("high", 19), ("urgent", 6));

    private SupportData(List<Ticket> tickets) => Tickets = tickets;

    public IReadOnlyList<Ticket> Tickets { get; }

    public static SupportData Generate(DemoContext context, RevenueData revenue, LearningData learning)
    {
        var story = context.Story;
        var random = context.Random(DemoStream.Support);
        var tickets = new List<Ticket>();
        foreach (var customer in revenue.Customers)
        {
            var from = customer.CreatedAt;
            var until = customer.ActiveUntil ?? story.Now;
            var perMonth = customer.Segment switch
            {
                "enterprise" => 2.5,
                "partner" => 1.2,
                "smb" => 0.7,
                _ => 0.12,
            } * (learning.TrainedCustomers.Contains(customer) ? 0.55 : 1.0);
            var count = random.Poisson(perMonth * (until - from).TotalDays / 30.44);
            for (var n = 0; n < count; n++)
            {
                var day = (from + TimeSpan.FromSeconds(random.NextDouble() * (until - from).TotalSeconds)).Date;
                if (!random.Chance(DemoStory.Weekday(day, business: true) / 1.15))
                    continue; // fewer tickets on weekends
                var created = story.TimeOfDay(random, day, office: true);
                if (created >= from && created < until)
                    tickets.Add(Open(story, random, customer, created, Priorities.Pick(random)));
            }
            // The outage: customers using the API at the time write in, urgently.
            if (customer.IsPayingAt(story.IncidentStart) && random.Chance(customer.Segment == "enterprise" ? 0.4 : 0.08))
            {
                var created = story.IncidentStart.AddSeconds(random.Next(120, 3 * 3600));
                tickets.Add(Open(story, random, customer, created, random.Chance(0.5) ? "urgent" : "high"));
            }
        }
        // A few tickets come from the contact form, before anyone knows the account.
        foreach (var day in story.HistoryDays())
        {
            for (var n = random.Poisson(0.15 * context.Scale * story.Growth(day)); n > 0; n--)
            {
                var created = story.TimeOfDay(random, day, office: true);
                if (created >= story.Start && created < story.Now)
                    tickets.Add(Open(story, random, null, created, "low"));
            }
        }
        tickets.Sort((a, b) => a.CreatedAt.CompareTo(b.CreatedAt));
        var id = context.FirstId("support_tickets");
        foreach (var ticket in tickets)
            ticket.Id = id++;
        return new SupportData(tickets);
    }

    public IEnumerable<DemoTable> Tables() =>
    [
        new DemoTable<Ticket>("support_tickets", Tickets, new()
        {
            { "id", (w, t) => w.WriteId(t.Id) },
            { "customer_id", (w, t) => w.WriteId(t.Customer?.Id) },
            { "created_at", (w, t) => w.WriteTime(t.CreatedAt) },
            { "first_response_at", (w, t) => w.WriteTime(t.FirstResponseAt) },
            { "resolved_at", (w, t) => w.WriteTime(t.ResolvedAt) },
            { "priority", (w, t) => w.WriteText(t.Priority) },
        }),
    ];

    private static Ticket Open(DemoStory story, DemoRandom random, Customer? customer, DateTime created, string priority)
    {
        created = DemoStory.Second(created);
        var (respondHours, resolveHours) = priority switch
        {
            "urgent" => (0.2, 2.0),
            "high" => (0.8, 8.0),
            "normal" => (3.0, 26.0),
            _ => (9.0, 60.0),
        };
        if (story.InBadWeek(created))
            respondHours *= 2.5; // the support team is swamped
        if (created.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday && priority is "low" or "normal")
            respondHours += 24;
        DateTime? responded = null, resolved = null;
        if (random.Chance(0.98))
        {
            responded = DemoStory.Second(created + TimeSpan.FromHours(random.LogNormal(respondHours, 0.9)));
            if (random.Chance(0.97))
                resolved = DemoStory.Second(responded.Value + TimeSpan.FromHours(random.LogNormal(resolveHours, 1.0)));
        }
        return new Ticket(customer, created, story.Happened(responded), story.Happened(resolved), priority);
    }

    public sealed record Ticket(Customer? Customer, DateTime CreatedAt, DateTime? FirstResponseAt, DateTime? ResolvedAt, string Priority)
    {
        public long Id { get; set; }
    }
}
