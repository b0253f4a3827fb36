using Dapper;
using Exporter.Demo;
using Npgsql;

namespace Exporter.Tests.Demo;

/// <summary>
/// The seeded data keeps the spec's invariants (each query counts violations: expected 0) and feeds every
/// built-in KPI (each query counts the rows a KPI needs in its window: expected more than 0).
/// </summary>
public sealed class DemoSeedInvariantTests(SeededDemoDatabase database) : IClassFixture<SeededDemoDatabase>
{
    public static TheoryData<string, string> Invariants => new()
    {
        { "subscriptions end after they start", "SELECT count(*) FROM subscriptions WHERE ended_at < started_at OR term_end_at <= started_at" },
        { "mrr is never negative", "SELECT count(*) FROM subscriptions WHERE mrr_cents < 0" },
        { "a customer's subscriptions share one currency", "SELECT count(*) FROM (SELECT customer_id FROM subscriptions GROUP BY 1 HAVING count(DISTINCT currency) > 1) x" },
        { "a customer's invoices use its subscriptions' currency", "SELECT count(*) FROM invoices i JOIN subscriptions s USING (customer_id) WHERE i.currency <> s.currency" },
        { "a customer's subscriptions never overlap", """
            SELECT count(*) FROM subscriptions a JOIN subscriptions b ON a.customer_id = b.customer_id AND a.id < b.id
            WHERE a.started_at < coalesce(b.ended_at, 'infinity') AND b.started_at < coalesce(a.ended_at, 'infinity')
            """ },
        { "currencies are ISO 4217 codes", "SELECT count(*) FROM subscriptions WHERE currency NOT IN ('EUR', 'USD', 'GBP')" },
        { "NPS scores are 0..10", "SELECT count(*) FROM nps_responses WHERE score NOT BETWEEN 0 AND 10 OR respondent NOT IN ('learner', 'customer')" },
        { "CSAT scores are 1..5", "SELECT count(*) FROM csat_responses WHERE score NOT BETWEEN 1 AND 5" },
        { "ratings are 1..5 and only for kind rating", "SELECT count(*) FROM content_feedback WHERE (kind = 'rating') <> (rating IS NOT NULL) OR rating NOT BETWEEN 1 AND 5" },
        { "quiz scores are 0..1", "SELECT count(*) FROM quiz_attempts WHERE score_ratio NOT BETWEEN 0 AND 1" },
        { "sessions start after the user's creation", "SELECT count(*) FROM user_sessions s JOIN users u ON u.id = s.user_id WHERE s.started_at < u.created_at" },
        { "feature events happen after the user's creation", "SELECT count(*) FROM activity_events e JOIN users u ON u.id = e.user_id WHERE e.occurred_at < u.created_at" },
        { "users activate after their creation", "SELECT count(*) FROM users WHERE activated_at < created_at" },
        { "enrollments start after enrolling and complete after starting", """
            SELECT count(*) FROM enrollments
            WHERE started_at < enrolled_at OR completed_at < started_at OR (completed_at IS NOT NULL AND started_at IS NULL)
            """ },
        { "certificates only for completed enrollments", "SELECT count(*) FROM enrollments WHERE certificate_issued_at IS NOT NULL AND (completed_at IS NULL OR certificate_issued_at < completed_at)" },
        { "enrollments only in published courses", "SELECT count(*) FROM enrollments e JOIN courses c ON c.id = e.course_id WHERE c.published_at IS NULL OR e.enrolled_at < c.published_at" },
        { "modules are updated after publication", "SELECT count(*) FROM course_modules WHERE updated_at < published_at" },
        { "trials end after they start and convert after", "SELECT count(*) FROM trials WHERE ends_at < started_at OR converted_at < started_at" },
        { "invoices are paid after issue and due after issue", "SELECT count(*) FROM invoices WHERE paid_at < issued_at OR due_at < issued_at OR amount_cents <= 0" },
        { "tickets are answered after creation and resolved after the answer", "SELECT count(*) FROM support_tickets WHERE first_response_at < created_at OR resolved_at < first_response_at" },
        { "leads move forward in time", """
            SELECT count(*) FROM leads
            WHERE demo_at < created_at OR signed_at < demo_at OR lost_at < created_at OR (lost_at IS NULL) <> (lost_reason IS NULL)
               OR (signed_at IS NOT NULL AND lost_at IS NOT NULL)
            """ },
        { "listings reply, match and close after creation", """
            SELECT count(*) FROM marketplace_listings
            WHERE first_reply_at < created_at OR matched_at < first_reply_at OR closed_at < created_at OR matched_at > closed_at
            """ },
        { "transactions follow their listing's match", "SELECT count(*) FROM marketplace_transactions t JOIN marketplace_listings l ON l.id = t.listing_id WHERE l.matched_at IS NULL OR t.occurred_at < l.matched_at" },
        { "nothing has happened in the future", """
            SELECT (SELECT count(*) FROM customers WHERE created_at >= now())
                 + (SELECT count(*) FROM subscriptions WHERE started_at >= now() OR ended_at >= now())
                 + (SELECT count(*) FROM trials WHERE started_at >= now() OR converted_at >= now())
                 + (SELECT count(*) FROM invoices WHERE issued_at >= now() OR paid_at >= now())
                 + (SELECT count(*) FROM leads WHERE created_at >= now() OR demo_at >= now() OR signed_at >= now() OR lost_at >= now())
                 + (SELECT count(*) FROM users WHERE created_at >= now() OR activated_at >= now())
                 + (SELECT count(*) FROM user_sessions WHERE started_at >= now())
                 + (SELECT count(*) FROM activity_events WHERE occurred_at >= now())
                 + (SELECT count(*) FROM courses WHERE published_at >= now() OR updated_at >= now())
                 + (SELECT count(*) FROM course_modules WHERE published_at >= now() OR updated_at >= now())
                 + (SELECT count(*) FROM enrollments WHERE enrolled_at >= now() OR started_at >= now() OR completed_at >= now() OR certificate_issued_at >= now())
                 + (SELECT count(*) FROM quiz_attempts WHERE attempted_at >= now())
                 + (SELECT count(*) FROM content_feedback WHERE created_at >= now())
                 + (SELECT count(*) FROM nps_responses WHERE responded_at >= now())
                 + (SELECT count(*) FROM csat_responses WHERE responded_at >= now())
                 + (SELECT count(*) FROM support_tickets WHERE created_at >= now() OR first_response_at >= now() OR resolved_at >= now())
                 + (SELECT count(*) FROM marketplace_listings WHERE created_at >= now() OR first_reply_at >= now() OR matched_at >= now() OR closed_at >= now())
                 + (SELECT count(*) FROM marketplace_transactions WHERE occurred_at >= now())
                 + (SELECT count(*) FROM request_log WHERE occurred_at >= now())
                 + (SELECT count(*) FROM marketing_spend WHERE day > current_date)
                 + (SELECT count(*) FROM web_traffic WHERE day > current_date)
            """ },
    };

    public static TheoryData<string, string> KpiInputs => new()
    {
        { "paying customers now (kpi_mrr)", "SELECT count(DISTINCT customer_id) FROM subscriptions WHERE mrr_cents > 0 AND started_at <= now() AND (ended_at IS NULL OR ended_at > now())" },
        { "paying customers a year ago (retention cohorts)", "SELECT count(DISTINCT customer_id) FROM subscriptions WHERE mrr_cents > 0 AND started_at <= now() - interval '365 days' AND (ended_at IS NULL OR ended_at > now() - interval '365 days')" },
        { "subscriptions ended in the last 30 days (churn)", "SELECT count(*) FROM subscriptions WHERE ended_at >= now() - interval '30 days'" },
        { "subscriptions started in the last 30 days (new, expansion)", "SELECT count(*) FROM subscriptions WHERE started_at >= now() - interval '30 days' AND mrr_cents > 0" },
        { "every segment pays", "SELECT CASE WHEN count(DISTINCT c.segment) = 4 THEN 1 ELSE 0 END FROM customers c JOIN subscriptions s ON s.customer_id = c.id AND s.mrr_cents > 0 AND s.ended_at IS NULL" },
        { "annual and monthly plans are active", "SELECT count(DISTINCT term_end_at IS NULL) - 1 FROM subscriptions WHERE ended_at IS NULL AND mrr_cents > 0" },
        { "terms ended in the last 90 days (renewals)", "SELECT count(*) FROM subscriptions WHERE term_end_at >= now() - interval '90 days' AND term_end_at < now()" },
        { "converted trials ending in the last 30 days", "SELECT count(*) FROM trials WHERE ends_at >= now() - interval '30 days' AND ends_at < now() AND converted_at IS NOT NULL" },
        { "unconverted trials ending in the last 30 days", "SELECT count(*) FROM trials WHERE ends_at >= now() - interval '30 days' AND ends_at < now() AND converted_at IS NULL" },
        { "unpaid invoices due in the last 90 days", "SELECT count(*) FROM invoices WHERE due_at >= now() - interval '90 days' AND due_at < now() AND paid_at IS NULL" },
        { "invoices issued in both of the last two months", "SELECT count(DISTINCT issued_at >= now() - interval '30 days') - 1 FROM invoices WHERE issued_at >= now() - interval '60 days'" },
        { "marketing spend in the last 30 days", "SELECT count(*) FROM marketing_spend WHERE day >= current_date - 30" },
        { "leads created in the last 30 days", "SELECT count(*) FROM leads WHERE created_at >= now() - interval '30 days'" },
        { "demos in the last 90 days that signed", "SELECT count(*) FROM leads WHERE demo_at >= now() - interval '90 days' AND signed_at IS NOT NULL" },
        { "leads lost in the last 90 days", "SELECT count(*) FROM leads WHERE lost_at >= now() - interval '90 days'" },
        { "users created in [now - 37d, now - 7d) (activation)", "SELECT count(*) FROM users WHERE created_at >= now() - interval '37 days' AND created_at < now() - interval '7 days'" },
        { "users activated in the last 30 days", "SELECT count(*) FROM users WHERE activated_at >= now() - interval '30 days'" },
        { "sessions in the last day", "SELECT count(*) FROM user_sessions WHERE started_at >= now() - interval '1 day'" },
        { "three devices in the last 30 days", "SELECT count(DISTINCT device) - 2 FROM user_sessions WHERE started_at >= now() - interval '30 days'" },
        { "five countries in the last 30 days", "SELECT count(DISTINCT country) - 4 FROM user_sessions WHERE started_at >= now() - interval '30 days'" },
        { "eight features used in the last 30 days", "SELECT count(DISTINCT feature) - 7 FROM activity_events WHERE occurred_at >= now() - interval '30 days'" },
        { "users created 90 to 97 days ago still active", """
            SELECT count(*) FROM users u WHERE u.created_at >= now() - interval '97 days' AND u.created_at < now() - interval '90 days'
              AND EXISTS (SELECT 1 FROM user_sessions s WHERE s.user_id = u.id AND s.started_at >= now() - interval '7 days')
            """ },
        { "enrollments in the last 30 days", "SELECT count(*) FROM enrollments WHERE enrolled_at >= now() - interval '30 days'" },
        { "completions of enrollments of the last 90 days", "SELECT count(*) FROM enrollments WHERE enrolled_at >= now() - interval '90 days' AND completed_at IS NOT NULL" },
        { "certificates in the last 30 days", "SELECT count(*) FROM enrollments WHERE certificate_issued_at >= now() - interval '30 days'" },
        { "quiz attempts in the last 30 days", "SELECT count(*) FROM quiz_attempts WHERE attempted_at >= now() - interval '30 days'" },
        { "courses published in the last 30 days", "SELECT count(*) FROM courses WHERE published_at >= now() - interval '30 days'" },
        { "modules updated in the last 180 days", "SELECT count(*) FROM course_modules WHERE updated_at >= now() - interval '180 days' AND published_at IS NOT NULL" },
        { "feedback of all three kinds in the last 30 days", "SELECT count(DISTINCT kind) - 2 FROM content_feedback WHERE created_at >= now() - interval '30 days'" },
        { "NPS of both respondents in the last 90 days", "SELECT count(DISTINCT respondent) - 1 FROM nps_responses WHERE responded_at >= now() - interval '90 days'" },
        { "CSAT of four touchpoints in the last 90 days", "SELECT count(DISTINCT touchpoint) - 3 FROM csat_responses WHERE responded_at >= now() - interval '90 days'" },
        { "tickets of all four priorities in the last 30 days", "SELECT count(DISTINCT priority) - 3 FROM support_tickets WHERE created_at >= now() - interval '30 days'" },
        { "open tickets", "SELECT count(*) FROM support_tickets WHERE resolved_at IS NULL" },
        { "trained and untrained paying customers", """
            SELECT count(DISTINCT EXISTS (SELECT 1 FROM users u JOIN enrollments e ON e.user_id = u.id WHERE u.customer_id = s.customer_id AND e.completed_at IS NOT NULL)) - 1
            FROM subscriptions s WHERE s.mrr_cents > 0 AND s.ended_at IS NULL
            """ },
        { "listings created in the last 30 days, matched", "SELECT count(*) FROM marketplace_listings WHERE created_at >= now() - interval '30 days' AND matched_at IS NOT NULL" },
        { "replies in the last 30 days", "SELECT count(*) FROM marketplace_listings WHERE first_reply_at >= now() - interval '30 days'" },
        { "open listings on both sides", "SELECT count(DISTINCT side) - 1 FROM marketplace_listings WHERE matched_at IS NULL AND (closed_at IS NULL OR closed_at > now())" },
        { "matches in [now - 90d, now - 7d) with a transaction", """
            SELECT count(*) FROM marketplace_listings l WHERE l.matched_at >= now() - interval '90 days' AND l.matched_at < now() - interval '7 days'
              AND EXISTS (SELECT 1 FROM marketplace_transactions t WHERE t.listing_id = l.id)
            """ },
        { "matches in [now - 90d, now - 7d) without a transaction (leakage)", """
            SELECT count(*) FROM marketplace_listings l WHERE l.matched_at >= now() - interval '90 days' AND l.matched_at < now() - interval '7 days'
              AND NOT EXISTS (SELECT 1 FROM marketplace_transactions t WHERE t.listing_id = l.id)
            """ },
        { "transactions in the last 30 days (GMV)", "SELECT count(*) FROM marketplace_transactions WHERE occurred_at >= now() - interval '30 days'" },
        { "requests of three services in the last 5 minutes", "SELECT count(DISTINCT service) - 2 FROM request_log WHERE occurred_at >= now() - interval '5 minutes'" },
        { "5xx responses in the last 30 days", "SELECT count(*) FROM request_log WHERE occurred_at >= now() - interval '30 days' AND status_code >= 500" },
    };

    [Theory]
    [MemberData(nameof(Invariants))]
    public async Task Seed_Scale1_KeepsInvariant(string invariant, string violationsSql)
    {
        var violations = await database.ScalarAsync<long>(violationsSql);

        Assert.True(violations == 0, $"{invariant}: {violations} violation(s)");
    }

    [Theory]
    [MemberData(nameof(KpiInputs))]
    public async Task Seed_Scale1_FeedsKpi(string input, string countSql)
    {
        var count = await database.ScalarAsync<long>(countSql);

        Assert.True(count > 0, $"no {input}");
    }

    [Fact]
    public void Seed_DefaultOptions_WritesEveryTable()
    {
        Assert.Equal(DemoSeeder.Tables.Order(StringComparer.Ordinal), database.Result.Tables.Select(t => t.Table).Order(StringComparer.Ordinal));
        Assert.All(database.Result.Tables, t => Assert.True(t.Rows > 0, $"{t.Table} is empty"));
    }

    [Fact]
    public async Task Seed_TablesHoldRows_RefusesAndWritesNothing()
    {
        var before = await DemoChecksums.CountsAsync(database.ConnectionString);

        var result = await new DemoSeeder(database.ConnectionString, TimeProvider.System).SeedAsync(
            new DemoSeedOptions { Seed = 3 }, SilentSeedProgress.Instance, CancellationToken.None);

        Assert.True(result.Refused);
        Assert.Equal(DemoSeeder.Tables.Order(StringComparer.Ordinal), result.NonEmptyTables.Order(StringComparer.Ordinal));
        Assert.Equal(before, await DemoChecksums.CountsAsync(database.ConnectionString));
    }

    [Fact]
    public async Task Seed_AfterLoad_IdentitiesContinueAfterTheSeededIds()
    {
        await using var connection = new NpgsqlConnection(database.ConnectionString);
        await connection.OpenAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        var max = await connection.ExecuteScalarAsync<long>("SELECT max(id) FROM customers", transaction: transaction);

        var id = await connection.ExecuteScalarAsync<long>(
            "INSERT INTO customers (name, created_at) VALUES ('Test', now()) RETURNING id", transaction: transaction);

        Assert.True(id > max, $"new id {id} <= seeded max {max}");
        await transaction.RollbackAsync();
    }
}
