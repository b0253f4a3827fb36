namespace Exporter.Demo;

/// <summary>
/// Customers and their money: self-serve sign-ups with a 14-day trial that converts or not, sales-led
/// contracts from signed leads, monthly and annual subscriptions with upgrades, downgrades, churn and
/// reactivation, and the invoices they produce (card payments, payment terms, late and unpaid invoices).
/// </summary>
public sealed class RevenueData
{
    // Self-serve trial sign-ups per day at scale 1, today.
    private const double TrialsPerDay = 1.7;

    private static readonly Weighted<string> SelfServeSegments = new(("individual", 45), ("smb", 45), ("partner", 10));

    private static readonly Weighted<PayerKind> Payers = new((PayerKind.Prompt, 65), (PayerKind.Late, 28), (PayerKind.Bad, 7));

    private readonly DemoStory _story;
    private readonly DemoRandom _random;

    private RevenueData(DemoContext context)
    {
        _story = context.Story;
        _random = context.Random(DemoStream.Customers);
    }

    public List<Customer> Customers { get; } = [];

    public List<Trial> Trials { get; } = [];

    public List<Subscription> Subscriptions { get; } = [];

    public List<Invoice> Invoices { get; } = [];

    public static RevenueData Generate(DemoContext context, SalesData sales)
    {
        var data = new RevenueData(context);
        data.SelfServe(context.Scale);
        foreach (var lead in sales.SignedLeads)
            data.SalesLed(lead);

        data.Customers.Sort((a, b) => a.CreatedAt.CompareTo(b.CreatedAt));
        Number(data.Customers, context.FirstId("customers"), (c, id) => c.Id = id);
        foreach (var customer in data.Customers)
        {
            data.Subscriptions.AddRange(customer.Subscriptions);
            if (customer.Trial is { } trial)
                data.Trials.Add(trial);
            customer.ActiveUntil = data.ActiveUntil(customer);
        }
        data.Subscriptions.Sort((a, b) => a.StartedAt.CompareTo(b.StartedAt));
        Number(data.Subscriptions, context.FirstId("subscriptions"), (s, id) => s.Id = id);
        data.Trials.Sort((a, b) => a.StartedAt.CompareTo(b.StartedAt));
        Number(data.Trials, context.FirstId("trials"), (t, id) => t.Id = id);

        data.Bill(context.Random(DemoStream.Invoices));
        data.Invoices.Sort((a, b) => a.IssuedAt.CompareTo(b.IssuedAt));
        Number(data.Invoices, context.FirstId("invoices"), (i, id) => i.Id = id);
        return data;
    }

    public IEnumerable<DemoTable> Tables() =>
    [
        new DemoTable<Customer>("customers", Customers, new()
        {
            { "id", (w, c) => w.WriteId(c.Id) },
            { "name", (w, c) => w.WriteText(c.Name) },
            { "segment", (w, c) => w.WriteText(c.Segment) },
            { "sector", (w, c) => w.WriteText(c.Sector) },
            { "country", (w, c) => w.WriteText(c.Country) },
            { "acquisition_channel", (w, c) => w.WriteText(c.Channel) },
            { "created_at", (w, c) => w.WriteTime(c.CreatedAt) },
        }),
        new DemoTable<Subscription>("subscriptions", Subscriptions, new()
        {
            { "id", (w, s) => w.WriteId(s.Id) },
            { "customer_id", (w, s) => w.WriteId(s.Customer.Id) },
            { "plan", (w, s) => w.WriteText(s.Plan) },
            { "currency", (w, s) => w.WriteText(s.Customer.Currency) },
            { "mrr_cents", (w, s) => w.WriteId(s.MrrCents) },
            { "started_at", (w, s) => w.WriteTime(s.StartedAt) },
            { "ended_at", (w, s) => w.WriteTime(s.EndedAt) },
            { "term_end_at", (w, s) => w.WriteTime(s.TermEndAt) },
        }),
        new DemoTable<Trial>("trials", Trials, new()
        {
            { "id", (w, t) => w.WriteId(t.Id) },
            { "customer_id", (w, t) => w.WriteId(t.Customer.Id) },
            { "started_at", (w, t) => w.WriteTime(t.StartedAt) },
            { "ends_at", (w, t) => w.WriteTime(t.EndsAt) },
            { "converted_at", (w, t) => w.WriteTime(t.ConvertedAt) },
        }),
        new DemoTable<Invoice>("invoices", Invoices, new()
        {
            { "id", (w, i) => w.WriteId(i.Id) },
            { "customer_id", (w, i) => w.WriteId(i.Customer.Id) },
            { "currency", (w, i) => w.WriteText(i.Customer.Currency) },
            { "amount_cents", (w, i) => w.WriteId(i.AmountCents) },
            { "issued_at", (w, i) => w.WriteTime(i.IssuedAt) },
            { "due_at", (w, i) => w.WriteTime(i.DueAt) },
            { "paid_at", (w, i) => w.WriteTime(i.PaidAt) },
        }),
    ];

    private static void Number<T>(List<T> items, long firstId, Action<T, long> setId)
    {
        var id = firstId;
        foreach (var item in items)
            setId(item, id++);
    }

    /// <summary>Self-serve sign-ups: a 14-day trial, then a paid plan, the free plan (individuals) or nothing.</summary>
    private void SelfServe(int scale)
    {
        var random = _random;
        foreach (var day in _story.AccountDays())
        {
            var expected = TrialsPerDay * scale * _story.Growth(day) * DemoStory.Season(day)
                * ((DemoStory.Weekday(day, business: true) + DemoStory.Weekday(day, business: false)) / 2);
            for (var n = random.Poisson(expected); n > 0; n--)
            {
                var segment = SelfServeSegments.Pick(random);
                var created = _story.TimeOfDay(random, day, office: segment != "individual");
                if (created < _story.Founded || created >= _story.Now)
                    continue;
                var customer = NewCustomer(segment, DemoVocabulary.SelfServeChannels.Pick(random), created,
                    paysByCard: segment == "individual" || (segment == "smb" && random.Chance(0.7)), discount: 0);

                // Conversion depends on the channel and the segment, and improves as the product matures.
                var progress = (created - _story.Founded).TotalDays / (_story.Now - _story.Founded).TotalDays;
                var conversion = customer.Channel switch
                {
                    "referral" => 0.42,
                    "webinar" => 0.38,
                    "organic" => 0.30,
                    "affiliate" => 0.27,
                    _ => 0.22,
                } * segment switch { "individual" => 0.9, "partner" => 1.2, _ => 1.1 } * (0.85 + (0.3 * progress));
                var ends = created.AddDays(14);
                DateTime? converted = null;
                if (random.Chance(conversion))
                    converted = _story.Happened(DemoStory.Second(created + TimeSpan.FromDays(Math.Min(random.LogNormal(9, 0.45), 16))));
                customer.Trial = new Trial { Customer = customer, StartedAt = created, EndsAt = ends, ConvertedAt = converted };

                if (converted is { } start)
                {
                    var (ladder, plan) = segment switch
                    {
                        "individual" => (Individual, 1),
                        "partner" => (Partner, random.Chance(0.8) ? 0 : 1),
                        _ => (Smb, random.Chance(0.5) ? 0 : random.Chance(0.76) ? 1 : 2),
                    };
                    var annual = random.Chance(segment switch { "partner" => 0.45, "smb" => 0.35, _ => 0.25 });
                    Simulate(customer, start, ladder, plan, annual);
                }
                else if (segment == "individual" && random.Chance(0.45) && ends < _story.Now)
                {
                    Simulate(customer, ends, Individual, 0, annual: false);
                }
                customer.Seats = segment switch
                {
                    "individual" => 1,
                    _ when customer.Subscriptions.Count == 0 => random.Next(1, 4),
                    "partner" => random.Next(3, 13),
                    _ => customer.Subscriptions[0].Plan switch { "starter" => random.Next(1, 5), "pro" => random.Next(3, 11), _ => random.Next(6, 26) },
                };
                Customers.Add(customer);
            }
        }
    }

    /// <summary>A contract signed by sales: starts within two weeks, mostly annual, enterprise seats.</summary>
    private void SalesLed(SalesData.Lead lead)
    {
        var random = _random;
        var signed = lead.SignedAt!.Value;
        var enterprise = lead.Segment == "enterprise";
        var customer = NewCustomer(lead.Segment, lead.Channel, signed, paysByCard: false, discount: enterprise ? random.Uniform(0, 0.25) : 0);
        var start = DemoStory.Second(signed + random.Days(0, 14));
        var seats = enterprise ? Math.Clamp((int)random.LogNormal(90, 0.7), 25, 1500) : 0;
        if (start < _story.Now)
        {
            if (enterprise)
                Simulate(customer, start, Enterprise, 0, annual: random.Chance(0.85), seats);
            else
                Simulate(customer, start, Smb, random.Chance(0.4) ? 1 : 2, annual: random.Chance(0.55));
        }
        customer.Seats = enterprise ? Math.Max(5, (int)(seats * random.Uniform(0.15, 0.35))) : random.Next(4, 26);
        Customers.Add(customer);
    }

    private Customer NewCustomer(string segment, string channel, DateTime created, bool paysByCard, double discount)
    {
        var random = _random;
        var country = DemoVocabulary.Countries.Pick(random);
        return new Customer
        {
            Name = segment == "individual" ? DemoVocabulary.PersonName(random) : DemoVocabulary.CompanyName(random),
            Segment = segment,
            Sector = segment == "individual" ? null : DemoVocabulary.Sectors.Pick(random),
            Country = country,
            Currency = DemoVocabulary.CurrencyOf(country),
            Channel = channel,
            CreatedAt = DemoStory.Second(created),
            PaysByCard = paysByCard,
            Payer = paysByCard ? PayerKind.Prompt : Payers.Pick(random),
            Discount = discount,
            TrainsUsers = random.Chance(segment switch { "enterprise" => 0.7, "partner" => 0.6, "smb" => 0.35, _ => 1.0 }),
        };
    }

    /// <summary>
    /// Walks a customer's subscription month by month from <paramref name="start"/> to now: churn, upgrades,
    /// downgrades and billing switches on monthly anniversaries, renewals at annual term ends, and sometimes
    /// a reactivation months after a churn. Each change ends the current row and starts a new one.
    /// </summary>
    private void Simulate(Customer customer, DateTime start, Plan[] ladder, int plan, bool annual, int seats = 0)
    {
        var random = _random;
        var firstPaid = start;
        var row = Open(customer, ladder, plan, annual, seats, start, annual ? start.AddYears(1) : null);
        var tick = start.AddMonths(1);
        while (tick < _story.Now)
        {
            var paid = row.MrrCents > 0;
            if (row.TermEndAt is { } termEnd)
            {
                if (tick < termEnd)
                {
                    // Mid-term growth: more seats or the next plan, co-termed with the running contract.
                    if (random.Chance(0.012) && (ladder == Enterprise || plan < ladder.Length - 1))
                    {
                        if (ladder == Enterprise)
                            seats = (int)(seats * random.Uniform(1.1, 1.3));
                        else
                            plan++;
                        row = Change(row, ladder, plan, annual: true, seats, tick, termEnd);
                    }
                    tick = tick.AddMonths(1);
                    continue;
                }
                if (!random.Chance(Renewal(customer.Segment) * (_story.InBadWeek(termEnd) ? 0.8 : 1)))
                {
                    row.EndedAt = termEnd;
                    if (!Reactivate(customer, ref row, ref plan, ref seats, ladder, termEnd, out tick))
                        return;
                    continue;
                }
                var u = random.NextDouble();
                if (ladder == Enterprise)
                    seats = u < 0.35 ? (int)(seats * random.Uniform(1.1, 1.4)) : u < 0.5 ? (int)(seats * random.Uniform(0.75, 0.95)) : seats;
                else if (u < 0.15 && plan < ladder.Length - 1)
                    plan++;
                else if (u < 0.23 && plan > 0 && ladder[plan - 1].EuroCents > 0)
                    plan--;
                annual = !random.Chance(0.06) || ladder == Enterprise;
                row = Change(row, ladder, plan, annual, seats, termEnd, annual ? termEnd.AddYears(1) : null);
                tick = termEnd.AddMonths(1);
                continue;
            }

            // Month-to-month: churn is higher in the first months and right after the API's bad week.
            var early = (tick - firstPaid).TotalDays < 90 ? 1.6 : 1.0;
            var churn = Churn(customer.Segment, paid) * early * (_story.InBadWeek(tick) ? 1.8 : 1);
            var up = plan < ladder.Length - 1 ? 0.03 : 0;
            var down = plan > 0 && (ladder[plan - 1].EuroCents > 0 || customer.Segment == "individual") ? 0.02 : 0;
            var toAnnual = paid ? 0.02 : 0;
            var draw = random.NextDouble();
            if (draw < churn)
            {
                if (paid && customer.Segment == "individual" && random.Chance(0.25))
                {
                    plan = 0; // keeps the free plan: revenue churn, still a user
                    row = Change(row, ladder, plan, annual: false, seats, tick, null);
                }
                else
                {
                    row.EndedAt = tick;
                    if (!Reactivate(customer, ref row, ref plan, ref seats, ladder, tick, out tick))
                        return;
                    continue;
                }
            }
            else if (draw < churn + up)
            {
                plan++;
                row = Change(row, ladder, plan, annual: false, seats, tick, null);
            }
            else if (draw < churn + up + down)
            {
                plan--;
                row = Change(row, ladder, plan, annual: false, seats, tick, null);
            }
            else if (draw < churn + up + down + toAnnual)
            {
                row = Change(row, ladder, plan, annual: true, seats, tick, tick.AddYears(1));
            }
            tick = tick.AddMonths(1);
        }
    }

    /// <summary>Some churned customers come back a few months later, usually on a smaller plan.</summary>
    private bool Reactivate(Customer customer, ref Subscription row, ref int plan, ref int seats, Plan[] ladder, DateTime churnedAt, out DateTime tick)
    {
        var random = _random;
        tick = churnedAt;
        if (!random.Chance(row.MrrCents > 0 ? 0.3 : 0.05))
            return false;
        var back = DemoStory.Second(churnedAt + TimeSpan.FromDays(10 + random.Exponential(45)));
        if (back >= _story.Now)
            return false;
        plan = Math.Max(ladder[0].EuroCents > 0 ? 0 : 1, plan - (random.Chance(0.5) ? 1 : 0));
        seats = (int)(seats * random.Uniform(0.6, 1.0));
        var annual = random.Chance(0.15) || ladder == Enterprise;
        row = Open(customer, ladder, plan, annual, seats, back, annual ? back.AddYears(1) : null);
        tick = back.AddMonths(1);
        return true;
    }

    private static Subscription Change(Subscription row, Plan[] ladder, int plan, bool annual, int seats, DateTime at, DateTime? termEnd)
    {
        row.EndedAt = at;
        return Open(row.Customer, ladder, plan, annual, seats, at, termEnd);
    }

    private static Subscription Open(Customer customer, Plan[] ladder, int plan, bool annual, int seats, DateTime start, DateTime? termEnd)
    {
        var list = DemoVocabulary.Price(ladder[plan].EuroCents, customer.Currency);
        // Annual plans: two months free, normalised to one month. Enterprise: per seat, negotiated discount.
        var monthly = ladder == Enterprise ? list * Math.Max(seats, 1) * (1 - customer.Discount) : list * (annual ? 10.0 / 12.0 : 1.0);
        var subscription = new Subscription
        {
            Customer = customer,
            Plan = ladder[plan].Name,
            MrrCents = (long)Math.Round(monthly),
            StartedAt = start,
            TermEndAt = annual ? termEnd : null,
        };
        customer.Subscriptions.Add(subscription);
        return subscription;
    }

    private static double Churn(string segment, bool paid) => (segment, paid) switch
    {
        (_, false) => 0.05,
        ("individual", _) => 0.05,
        ("smb", _) => 0.022,
        ("partner", _) => 0.02,
        _ => 0.01,
    };

    private static double Renewal(string segment) => segment switch
    {
        "enterprise" => 0.9,
        "partner" => 0.85,
        "smb" => 0.8,
        _ => 0.7,
    };

    private DateTime? ActiveUntil(Customer customer)
    {
        if (customer.Subscriptions.Count > 0)
            return customer.Subscriptions.Exists(s => s.EndedAt is null) ? null : customer.Subscriptions.Max(s => s.EndedAt);
        if (customer.Trial is { } trial)
            return _story.Happened(trial.EndsAt.AddDays(3));
        return null; // a signed contract that has not started yet
    }

    /// <summary>Invoices: monthly plans each month, annual terms up front; card payments, terms, late and unpaid.</summary>
    private void Bill(DemoRandom random)
    {
        foreach (var subscription in Subscriptions)
        {
            if (subscription.MrrCents == 0)
                continue;
            var customer = subscription.Customer;
            if (subscription.TermEndAt is { } termEnd)
            {
                var months = Math.Max(1, (int)Math.Round((termEnd - subscription.StartedAt).TotalDays / 30.44));
                Invoices.Add(Issue(random, customer, subscription.MrrCents * months, subscription.StartedAt));
                continue;
            }
            var end = subscription.EndedAt ?? _story.Now;
            for (var issued = subscription.StartedAt; issued < end; issued = issued.AddMonths(1))
                Invoices.Add(Issue(random, customer, subscription.MrrCents, issued));
        }
    }

    private Invoice Issue(DemoRandom random, Customer customer, long amount, DateTime issued)
    {
        var due = customer.PaysByCard ? issued.AddDays(7) : issued.AddDays(customer.Segment == "enterprise" ? 45 : 30);
        DateTime? paid;
        if (customer.PaysByCard)
        {
            var draw = random.NextDouble();
            paid = draw < 0.955 ? issued.AddSeconds(random.Next(5, 1800))
                : draw < 0.99 ? issued + random.Days(2, 12) // card declined, paid after a retry
                : null;
        }
        else
        {
            paid = customer.Payer switch
            {
                PayerKind.Prompt => issued + TimeSpan.FromDays(Math.Min(random.LogNormal(12, 0.5), 40)),
                PayerKind.Late => due + TimeSpan.FromDays(random.LogNormal(12, 0.7)),
                _ => random.Chance(0.35) ? null : due + TimeSpan.FromDays(random.LogNormal(35, 0.6)),
            };
        }
        return new Invoice(customer, amount, issued, due, _story.Happened(paid is { } p ? DemoStory.Second(p) : null));
    }

    private sealed record Plan(string Name, long EuroCents);

    private static readonly Plan[] Individual = [new("free", 0), new("personal", 1500)];

    private static readonly Plan[] Smb = [new("starter", 4900), new("pro", 14900), new("business", 39900)];

    private static readonly Plan[] Partner = [new("partner", 19900), new("partner_plus", 49900)];

    // Per seat and month.
    private static readonly Plan[] Enterprise = [new("enterprise", 2900)];
}
