namespace Exporter.Demo;

/// <summary>
/// The tutoring marketplace, two-sided: tutors list offers (supply), learners post requests (demand).
/// Most listings get a reply within hours, about half are matched within days, the rest expire after a
/// month; most matches end in a transaction on the platform, some are finished off-platform (leakage).
/// </summary>
public sealed class MarketplaceData
{
    private static readonly (string Side, double PerDay)[] Sides = [("supply", 0.9), ("demand", 1.1)];

    private static readonly (string Category, double Weight, double MedianEuros)[] Categories =
    [
        ("tutoring", 40, 45), ("mentoring", 20, 80), ("code_review", 15, 60), ("translation", 15, 35), ("design", 10, 120),
    ];

    private static readonly Weighted<int> CategoryIndex = new([.. Categories.Select((c, i) => (i, c.Weight))]);

    private MarketplaceData(List<Listing> listings, List<Transaction> transactions)
    {
        Listings = listings;
        Transactions = transactions;
    }

    public IReadOnlyList<Listing> Listings { get; }

    public IReadOnlyList<Transaction> Transactions { get; }

    public static MarketplaceData Generate(DemoContext context, UserData users)
    {
        var story = context.Story;
        var random = context.Random(DemoStream.Marketplace);
        var supply = users.Users.Where(u => u.Marketplace == MarketplaceRole.Supply).ToList();
        var demand = users.Users.Where(u => u.Marketplace == MarketplaceRole.Demand).ToList();
        var listings = new List<Listing>();
        var transactions = new List<Transaction>();
        foreach (var day in story.HistoryDays())
        {
            foreach (var (side, perDay) in Sides)
            {
                var expected = perDay * context.Scale * story.Growth(day) * DemoStory.Weekday(day, business: false);
                for (var n = random.Poisson(expected); n > 0; n--)
                {
                    var created = DemoStory.Second(story.TimeOfDay(random, day, office: false));
                    var owner = Among(random, side == "supply" ? supply : demand, created);
                    if (owner is null || created < story.Start || created >= story.Now)
                        continue;
                    var category = Categories[CategoryIndex.Pick(random)];
                    var listing = List(story, random, side, owner, category.Category, created);
                    listings.Add(listing);
                    if (listing.MatchedAt is not { } matched || !random.Chance(0.72))
                        continue;
                    var counterpart = Among(random, side == "supply" ? demand : supply, matched);
                    var (buyer, seller) = side == "supply" ? (counterpart, owner) : (owner, counterpart);
                    var currency = DemoVocabulary.CurrencyOf(buyer?.Country ?? owner.Country);
                    var at = matched + TimeSpan.FromHours(random.LogNormal(6, 1.0));
                    // Some pairs book again a week or two later.
                    for (var booking = 0; booking < (random.Chance(0.25) ? 2 : 1); booking++, at += random.Days(6, 15))
                    {
                        var amount = DemoVocabulary.Price((long)Math.Round(random.LogNormal(category.MedianEuros, 0.4)) * 100, currency);
                        if (at < story.Now)
                            transactions.Add(new Transaction(listing, buyer, seller, currency, amount, DemoStory.Second(at)));
                    }
                }
            }
        }
        listings.Sort((a, b) => a.CreatedAt.CompareTo(b.CreatedAt));
        var id = context.FirstId("marketplace_listings");
        foreach (var listing in listings)
            listing.Id = id++;
        transactions.Sort((a, b) => a.OccurredAt.CompareTo(b.OccurredAt));
        id = context.FirstId("marketplace_transactions");
        foreach (var transaction in transactions)
            transaction.Id = id++;
        return new MarketplaceData(listings, transactions);
    }

    public IEnumerable<DemoTable> Tables() =>
    [
        new DemoTable<Listing>("marketplace_listings", Listings, new()
        {
            { "id", (w, l) => w.WriteId(l.Id) },
            { "side", (w, l) => w.WriteText(l.Side) },
            { "user_id", (w, l) => w.WriteId(l.User.Id) },
            { "category", (w, l) => w.WriteText(l.Category) },
            { "created_at", (w, l) => w.WriteTime(l.CreatedAt) },
            { "first_reply_at", (w, l) => w.WriteTime(l.FirstReplyAt) },
            { "matched_at", (w, l) => w.WriteTime(l.MatchedAt) },
            { "closed_at", (w, l) => w.WriteTime(l.ClosedAt) },
        }),
        new DemoTable<Transaction>("marketplace_transactions", Transactions, new()
        {
            { "id", (w, t) => w.WriteId(t.Id) },
            { "listing_id", (w, t) => w.WriteId(t.Listing.Id) },
            { "buyer_user_id", (w, t) => w.WriteId(t.Buyer?.Id) },
            { "seller_user_id", (w, t) => w.WriteId(t.Seller?.Id) },
            { "currency", (w, t) => w.WriteText(t.Currency) },
            { "amount_cents", (w, t) => w.WriteId(t.AmountCents) },
            { "occurred_at", (w, t) => w.WriteTime(t.OccurredAt) },
        }),
    ];

    private static Listing List(DemoStory story, DemoRandom random, string side, User owner, string category, DateTime created)
    {
        DateTime? replied = null, matched = null, closed;
        if (random.Chance(0.75))
        {
            replied = DemoStory.Second(created + TimeSpan.FromHours(random.LogNormal(side == "supply" ? 7 : 4, 1.1)));
            if (random.Chance(side == "supply" ? 0.6 : 0.7))
                matched = DemoStory.Second(replied.Value + TimeSpan.FromDays(random.LogNormal(2, 0.8)));
        }
        // Matched listings close once the work is done; the others are withdrawn or expire after 30 days.
        closed = matched is { } m && m < created.AddDays(30)
            ? DemoStory.Second(m + TimeSpan.FromDays(random.LogNormal(5, 0.5)))
            : DemoStory.Second(created + TimeSpan.FromDays(random.Chance(0.3) ? random.Uniform(1, 30) : 30));
        if (matched >= closed)
            matched = null;
        return new Listing(side, owner, category, created, story.Happened(replied), story.Happened(matched), story.Happened(closed));
    }

    /// <summary>A random user of the list created before <paramref name="t"/> (the list is sorted by creation).</summary>
    private static User? Among(DemoRandom random, List<User> users, DateTime t)
    {
        var (low, high) = (0, users.Count);
        while (low < high)
        {
            var mid = (low + high) / 2;
            if (users[mid].CreatedAt < t)
                low = mid + 1;
            else
                high = mid;
        }
        return low == 0 ? null : users[random.Next(Math.Max(0, low - 500), low)];
    }

    public sealed record Listing(string Side, User User, string Category, DateTime CreatedAt, DateTime? FirstReplyAt, DateTime? MatchedAt, DateTime? ClosedAt)
    {
        public long Id { get; set; }
    }

    public sealed record Transaction(Listing Listing, User? Buyer, User? Seller, string Currency, long AmountCents, DateTime OccurredAt)
    {
        public long Id { get; set; }
    }
}
