namespace Exporter.Tests.Demo;

/// <summary>Every table and column of the reference schema, copied from shared/spec/kpi-catalog.md.</summary>
public static class ReferenceSchemaSpec
{
    public static readonly IReadOnlyDictionary<string, string[]> Columns = new Dictionary<string, string[]>(StringComparer.Ordinal)
    {
        ["customers"] = ["id", "name", "segment", "sector", "country", "acquisition_channel", "created_at"],
        ["subscriptions"] = ["id", "customer_id", "plan", "currency", "mrr_cents", "started_at", "ended_at", "term_end_at"],
        ["trials"] = ["id", "customer_id", "started_at", "ends_at", "converted_at"],
        ["invoices"] = ["id", "customer_id", "currency", "amount_cents", "issued_at", "due_at", "paid_at"],
        ["marketing_spend"] = ["day", "channel", "currency", "amount_cents"],
        ["web_traffic"] = ["day", "channel", "visitors"],
        ["leads"] = ["id", "channel", "segment", "created_at", "demo_at", "signed_at", "lost_at", "lost_reason"],
        ["users"] = ["id", "customer_id", "created_at", "activated_at", "country", "age_band"],
        ["user_sessions"] = ["id", "user_id", "started_at", "device", "country"],
        ["activity_events"] = ["id", "user_id", "occurred_at", "feature"],
        ["courses"] = ["id", "title", "category", "published_at", "updated_at"],
        ["course_modules"] = ["id", "course_id", "title", "published_at", "updated_at"],
        ["enrollments"] = ["id", "user_id", "course_id", "enrolled_at", "started_at", "completed_at", "certificate_issued_at"],
        ["quiz_attempts"] = ["id", "user_id", "course_id", "score_ratio", "attempted_at"],
        ["content_feedback"] = ["id", "user_id", "course_id", "kind", "rating", "created_at"],
        ["nps_responses"] = ["id", "respondent", "user_id", "customer_id", "score", "responded_at"],
        ["csat_responses"] = ["id", "touchpoint", "user_id", "customer_id", "score", "responded_at"],
        ["support_tickets"] = ["id", "customer_id", "created_at", "first_response_at", "resolved_at", "priority"],
        ["marketplace_listings"] = ["id", "side", "user_id", "category", "created_at", "first_reply_at", "matched_at", "closed_at"],
        ["marketplace_transactions"] = ["id", "listing_id", "buyer_user_id", "seller_user_id", "currency", "amount_cents", "occurred_at"],
        ["request_log"] = ["service", "occurred_at", "duration_ms", "status_code"],
    };
}
