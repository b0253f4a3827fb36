using Exporter.Configuration;
using Exporter.Kpis;
using Exporter.Tests.Infrastructure;

namespace Exporter.Tests.Kpis.Packs;

/// <summary>
/// Pack <c>support</c> on hand-built data, on each engine (<see cref="SupportPackTests.OnPostgres"/>,
/// <see cref="SupportPackTests.OnMySql"/>): the same rows, the same expected values. now = 2026-06-15 12:00 UTC,
/// so the 30-day window is [2026-05-16 12:00, 2026-06-15 12:00).
/// </summary>
public abstract class SupportPackTests<TDatabase>(TDatabase database) where TDatabase : IPackDatabase
{
    /// <summary>Empties the tables, inserts <paramref name="rows"/> and returns a harness with the pack enabled.</summary>
    private Task<KpiHarness> ArrangeAsync(string rows) => database.ArrangeAsync("support", """
        TRUNCATE support_tickets, enrollments, courses, users, subscriptions, customers RESTART IDENTITY CASCADE;
        INSERT INTO customers (id, name, created_at) VALUES
            (1, 'c1', '2025-01-01+00'), (2, 'c2', '2025-01-01+00'), (3, 'c3', '2025-01-01+00'),
            (4, 'c4', '2025-01-01+00'), (5, 'c5', '2025-01-01+00'), (6, 'c6', '2025-01-01+00'),
            (7, 'c7', '2025-01-01+00'), (8, 'c8', '2025-01-01+00'), (9, 'c9', '2025-01-01+00');
        """ + rows);

    [Fact]
    public async Task Pack_Enabled_UsesDocumentedSchedules()
    {
        await using var harness = database.Harness("support");

        var schedules = harness.Definition.Targets.ToDictionary(t => t.Kpi.Name, t => t.Kpi.Schedule.Text);

        Assert.Equal(new Dictionary<string, string>
        {
            ["kpi_support_tickets_created"] = "5m",
            ["kpi_support_open_tickets"] = "1m",
            ["kpi_support_first_response_seconds"] = "5m",
            ["kpi_support_tickets_per_customer"] = "5m",
        }, schedules);
    }

    [Fact]
    public async Task TicketsCreated_Window_CountsPerPriorityWithZeroForKnownPriorities()
    {
        await using var harness = await ArrangeAsync("""
            INSERT INTO support_tickets (customer_id, priority, created_at) VALUES
                (1, 'high', '2026-05-16 12:00:00+00'),  -- window start: in
                (1, 'high', '2026-06-15 11:59:59+00'),  -- last second: in
                (1, 'high', '2026-05-16 11:59:59+00'),  -- before the window: out
                (1, 'high', '2026-06-15 12:00:00+00'),  -- at now: out
                (2, 'low', '2026-06-01 00:00:00+00'),
                (2, 'urgent', '2026-01-01 00:00:00+00'),  -- urgent: known, none in the window -> 0
                (2, 'critical', '2026-06-20 00:00:00+00'),  -- future only: not a known priority
                (3, NULL, '2026-06-02 00:00:00+00'),  -- NULL -> unknown
                (3, '', '2026-06-03 00:00:00+00');  -- empty -> unknown
            """);

        var series = await harness.SeriesAsync("kpi_support_tickets_created");

        Assert.Equal(new Dictionary<string, double>
        {
            ["kpi_support_tickets_created{priority=high,window=30d}"] = 2,
            ["kpi_support_tickets_created{priority=low,window=30d}"] = 1,
            ["kpi_support_tickets_created{priority=unknown,window=30d}"] = 2,
            ["kpi_support_tickets_created{priority=urgent,window=30d}"] = 0,
        }, series);
    }

    [Fact]
    public async Task TicketsCreated_EmptyTable_PublishesNothing()
    {
        await using var harness = await ArrangeAsync("");

        var series = await harness.SeriesAsync("kpi_support_tickets_created");

        // No priority has ever been seen: the label set is unknown.
        Assert.Empty(series);
    }

    [Fact]
    public async Task OpenTickets_Now_CountsUnresolvedPerPriority()
    {
        await using var harness = await ArrangeAsync("""
            INSERT INTO support_tickets (customer_id, priority, created_at, first_response_at, resolved_at) VALUES
                (1, 'high', '2026-01-01 00:00:00+00', '2026-01-01 01:00:00+00', NULL),  -- open for months
                (1, 'high', '2026-06-10 00:00:00+00', '2026-06-10 01:00:00+00', '2026-06-20 00:00:00+00'),  -- resolved after now: open
                (1, 'high', '2026-06-10 00:00:00+00', '2026-06-10 01:00:00+00', '2026-06-15 12:00:00+00'),  -- resolved at now: closed
                (1, 'high', '2026-06-15 12:00:00+00', NULL, NULL),  -- created at now: not before now
                (2, 'low', '2026-06-14 00:00:00+00', '2026-06-14 00:10:00+00', '2026-06-14 13:00:00+00'),  -- resolved: low -> 0
                (2, 'urgent', '2026-06-01 00:00:00+00', NULL, NULL),  -- never answered: open
                (2, 'critical', '2026-06-20 00:00:00+00', NULL, NULL),  -- future: ignored, not a known priority
                (3, NULL, '2026-05-01 00:00:00+00', NULL, NULL);  -- NULL priority -> unknown
            """);

        var series = await harness.SeriesAsync("kpi_support_open_tickets");

        Assert.Equal(new Dictionary<string, double>
        {
            ["kpi_support_open_tickets{priority=high}"] = 2,
            ["kpi_support_open_tickets{priority=low}"] = 0,
            ["kpi_support_open_tickets{priority=unknown}"] = 1,
            ["kpi_support_open_tickets{priority=urgent}"] = 1,
        }, series);
    }

    [Fact]
    public async Task FirstResponseSeconds_AnsweredTicketsInWindow_MeanAndMedian()
    {
        await using var harness = await ArrangeAsync("""
            INSERT INTO support_tickets (customer_id, priority, created_at, first_response_at) VALUES
                (1, 'high', '2026-05-16 12:00:00+00', '2026-05-16 12:10:00+00'),  -- window start: 600 s
                (1, 'high', '2026-06-02 00:00:00+00', '2026-06-02 00:20:00+00'),  -- 1200 s
                (1, 'low', '2026-06-03 00:00:00+00', '2026-06-03 01:00:00+00'),  -- 3600 s
                (1, 'low', '2026-06-15 08:59:59+00', '2026-06-15 11:59:59+00'),  -- last second: 10800 s
                (2, 'high', '2026-06-05 00:00:00+00', NULL),  -- never answered: out
                (2, 'high', '2026-06-14 00:00:00+00', '2026-06-16 00:00:00+00'),  -- answered after now: out
                (2, 'high', '2026-05-16 11:59:59+00', '2026-05-16 12:00:59+00'),  -- created before the window: out
                (2, 'high', '2026-06-15 12:00:00+00', '2026-06-15 12:00:00+00');  -- created at now: out
            """);

        var series = await harness.SeriesAsync("kpi_support_first_response_seconds");

        Assert.Equal(new Dictionary<string, double>
        {
            // (600 + 1200 + 3600 + 10800) / 4
            ["kpi_support_first_response_seconds{stat=mean,window=30d}"] = 4050,
            // percentile_cont(0.5) of 600, 1200, 3600, 10800 = (1200 + 3600) / 2
            ["kpi_support_first_response_seconds{stat=median,window=30d}"] = 2400,
        }, series);
    }

    [Fact]
    public async Task FirstResponseSeconds_NoAnsweredTicket_PublishesNothing()
    {
        await using var harness = await ArrangeAsync("""
            INSERT INTO support_tickets (customer_id, priority, created_at, first_response_at) VALUES
                (1, 'high', '2026-06-05 00:00:00+00', NULL),
                (1, 'high', '2026-04-01 00:00:00+00', '2026-04-01 00:10:00+00');  -- answered, but before the window
            """);

        var series = await harness.SeriesAsync("kpi_support_first_response_seconds");

        Assert.Empty(series);
    }

    [Fact]
    public async Task TicketsPerCustomer_PayingCustomers_TicketsPerCustomerByTrained()
    {
        await using var harness = await ArrangeAsync("""
            INSERT INTO subscriptions (customer_id, plan, currency, mrr_cents, started_at, ended_at) VALUES
                (1, 'pro', 'EUR', 1000, '2025-01-01+00', NULL),
                (2, 'pro', 'EUR', 1000, '2025-01-01+00', NULL),
                (3, 'pro', 'EUR', 1000, '2025-01-01+00', '2026-07-01+00'),  -- ends after now: active
                (4, 'pro', 'EUR', 1000, '2025-01-01+00', '2026-06-15 12:00:00+00'),  -- ended at now: not paying
                (5, 'free', 'EUR', 0, '2025-01-01+00', NULL),  -- 0 MRR: not paying
                (6, 'pro', 'EUR', 1000, '2026-06-16+00', NULL),  -- starts after now: not paying
                (7, 'free', 'EUR', 0, '2025-01-01+00', NULL),
                (7, 'addon', 'EUR', 500, '2026-01-01+00', NULL);  -- 0 + 500 > 0: paying
            INSERT INTO users (id, customer_id, created_at) VALUES
                (11, 1, '2025-01-01+00'),
                (21, 2, '2025-01-01+00'),
                (22, 2, '2025-01-01+00'),
                (31, 3, '2025-01-01+00'),
                (41, 4, '2025-01-01+00');
            INSERT INTO courses (id, title) VALUES (1, 'Basics');
            INSERT INTO enrollments (user_id, course_id, enrolled_at, completed_at) VALUES
                (11, 1, '2025-06-01+00', '2026-01-01+00'),  -- customer 1 trained
                (21, 1, '2025-06-01+00', NULL),  -- not completed ...
                (22, 1, '2025-06-01+00', '2026-03-01+00'),  -- ... but another user of customer 2 completed: trained
                (31, 1, '2025-06-01+00', '2026-06-20+00'),  -- completes after now: customer 3 not trained
                (41, 1, '2025-06-01+00', '2026-01-01+00');
            INSERT INTO support_tickets (customer_id, created_at) VALUES
                (1, '2026-05-16 12:00:00+00'),  -- window start: in
                (1, '2026-06-01+00'),
                (1, '2026-06-15 11:59:59+00'),
                (2, '2026-06-01+00'),
                (2, '2026-05-16 11:59:59+00'),  -- before the window: out
                (3, '2026-06-01+00'),
                (3, '2026-06-02+00'),
                (3, '2026-06-03+00'),
                (3, '2026-06-15 12:00:00+00'),  -- at now: out
                (3, '2026-06-20+00'),  -- future: out
                (4, '2026-06-01+00'),  -- customers 4 and 5 are not paying: out
                (4, '2026-06-02+00'),
                (5, '2026-06-01+00'),
                (NULL, '2026-06-01+00');  -- no customer: out
            """);

        var series = await harness.SeriesAsync("kpi_support_tickets_per_customer");

        Assert.Equal(new Dictionary<string, double>
        {
            // paying and trained: customers 1 (3 tickets) and 2 (1 ticket) -> 4 / 2
            ["kpi_support_tickets_per_customer{trained=true,window=30d}"] = 2,
            // paying, not trained: customers 3 (3 tickets) and 7 (0 tickets) -> 3 / 2
            ["kpi_support_tickets_per_customer{trained=false,window=30d}"] = 1.5,
        }, series);
    }

    [Fact]
    public async Task TicketsPerCustomer_NoTrainedPayingCustomer_PublishesUntrainedOnly()
    {
        await using var harness = await ArrangeAsync("""
            INSERT INTO subscriptions (customer_id, plan, currency, mrr_cents, started_at) VALUES
                (1, 'pro', 'EUR', 1000, '2025-01-01+00'),
                (2, 'pro', 'EUR', 1000, '2025-01-01+00');
            """);

        var series = await harness.SeriesAsync("kpi_support_tickets_per_customer");

        Assert.Equal(new Dictionary<string, double>
        {
            // 2 paying customers, no ticket: 0 / 2; no trained paying customer: empty denominator, no series
            ["kpi_support_tickets_per_customer{trained=false,window=30d}"] = 0,
        }, series);
    }
}

/// <summary>The facts of <see cref="SupportPackTests{TDatabase}"/> on each engine.</summary>
public static class SupportPackTests
{
    public sealed class OnPostgres(ReferenceSchemaDatabase database)
        : SupportPackTests<ReferenceSchemaDatabase>(database), IClassFixture<ReferenceSchemaDatabase>;

    public sealed class OnMySql(MySqlReferenceSchemaDatabase database)
        : SupportPackTests<MySqlReferenceSchemaDatabase>(database), IClassFixture<MySqlReferenceSchemaDatabase>;
}
