namespace Exporter.Demo;

/// <summary>
/// The users: the seats of customer accounts (created as the account grows, gone when it churns) and
/// individual learners signing up every day. Each gets a country, an age band, an activation delay, a
/// usage intensity, a favourite device and the features they use.
/// </summary>
public sealed class UserData
{
    // Individual learners (no customer account) signing up per day at scale 1, today.
    private const double LearnersPerDay = 3.0;

    private static readonly Weighted<string> OfficeDevices = new(("desktop", 76), ("mobile", 17), ("tablet", 7));

    private static readonly Weighted<string> LearnerDevices = new(("desktop", 44), ("mobile", 44), ("tablet", 12));

    private UserData(List<User> users) => Users = users;

    /// <summary>Every user, by creation time (ids increase with it).</summary>
    public IReadOnlyList<User> Users { get; }

    public static UserData Generate(DemoContext context, RevenueData revenue)
    {
        var story = context.Story;
        var random = context.Random(DemoStream.Users);
        var users = new List<User>();
        foreach (var customer in revenue.Customers)
        {
            var end = customer.ActiveUntil ?? story.Now;
            var grows = customer.FirstPaidStart ?? customer.CreatedAt;
            var seatFill = customer.Segment == "enterprise" ? 40.0 : 25.0;
            for (var seat = 0; seat < customer.Seats; seat++)
            {
                // The admin signs up with the account; the other seats join as the team adopts the product.
                var created = seat == 0
                    ? customer.CreatedAt.AddSeconds(random.Next(30, 1200))
                    : DemoStory.Second(grows + TimeSpan.FromDays(random.Exponential(seatFill)));
                if (created >= end)
                    continue;
                var user = NewUser(story, random, customer, created, customer.Segment == "individual" ? LearnerDevices : OfficeDevices);
                users.Add(user);
            }
        }
        foreach (var day in story.HistoryDays())
        {
            var expected = LearnersPerDay * context.Scale * story.Growth(day) * DemoStory.Season(day) * DemoStory.Weekday(day, business: false);
            for (var n = random.Poisson(expected); n > 0; n--)
            {
                var created = story.TimeOfDay(random, day, office: false);
                if (created >= story.Start && created < story.Now)
                    users.Add(NewUser(story, random, null, created, LearnerDevices));
            }
        }
        users.Sort((a, b) => a.CreatedAt.CompareTo(b.CreatedAt));
        var id = context.FirstId("users");
        foreach (var user in users)
        {
            user.Id = id++;
            user.Customer?.Users.Add(user);
        }
        return new UserData(users);
    }

    public IEnumerable<DemoTable> Tables() =>
    [
        new DemoTable<User>("users", Users, new()
        {
            { "id", (w, u) => w.WriteId(u.Id) },
            { "customer_id", (w, u) => w.WriteId(u.Customer?.Id) },
            { "created_at", (w, u) => w.WriteTime(u.CreatedAt) },
            { "activated_at", (w, u) => w.WriteTime(u.ActivatedAt) },
            { "country", (w, u) => w.WriteText(u.Country) },
            { "age_band", (w, u) => w.WriteText(u.AgeBand) },
        }),
    ];

    private static User NewUser(DemoStory story, DemoRandom random, Customer? customer, DateTime created, Weighted<string> devices)
    {
        created = DemoStory.Second(created);
        var seat = customer is { Segment: not "individual" };
        var activated = random.Chance(seat ? 0.88 : 0.8)
            ? story.Happened(DemoStory.Second(created + TimeSpan.FromDays(Math.Min(random.LogNormal(1.5, 1.3), 60))))
            : null;

        // Activity ends with the account (plus a few days), when the user moves on, or soon when never activated.
        DateTime? until = activated is null
            ? created + TimeSpan.FromDays(random.Exponential(10))
            : created + TimeSpan.FromDays(seat ? random.Exponential(500) : 3 + random.Exponential(110));
        if (customer?.ActiveUntil is { } accountEnd)
        {
            var afterAccount = accountEnd + random.Days(0, 10);
            until = until < afterAccount ? until : afterAccount;
        }

        var features = 0;
        for (var i = 0; i < ActivityData.Features.Count; i++)
        {
            if (random.Chance(seat ? ActivityData.Features[i].OfficeAdoption : ActivityData.Features[i].LearnerAdoption))
                features |= 1 << i;
        }
        features |= 1 << (seat ? ActivityData.Dashboard : ActivityData.CoursePlayer);
        DateTime? assistant = null;
        if ((features & (1 << ActivityData.Assistant)) != 0)
        {
            assistant = (created > story.AssistantLaunch ? created : story.AssistantLaunch) + TimeSpan.FromDays(random.Exponential(20));
            if (assistant >= story.Now || assistant >= until)
                assistant = null;
        }

        return new User
        {
            Customer = customer,
            CreatedAt = created,
            ActivatedAt = activated,
            Country = customer is not null && random.Chance(0.85) ? customer.Country : DemoVocabulary.Countries.Pick(random),
            AgeBand = DemoVocabulary.AgeBands.Pick(random),
            ActiveUntil = story.Happened(until),
            SessionsPerWeek = activated is null ? 0.7 : random.LogNormal(seat ? 2.6 : 1.8, 0.7),
            Device = devices.Pick(random),
            Features = features,
            AssistantSince = assistant,
            Marketplace = customer is not null ? MarketplaceRole.None
                : random.Chance(0.15) ? MarketplaceRole.Supply
                : random.Chance(0.4) ? MarketplaceRole.Demand
                : MarketplaceRole.None,
        };
    }
}
