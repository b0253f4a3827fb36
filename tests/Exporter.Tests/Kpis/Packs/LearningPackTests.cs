using Exporter.Configuration;
using Exporter.Kpis;
using Exporter.Tests.Infrastructure;

namespace Exporter.Tests.Kpis.Packs;

/// <summary>
/// The <c>learning</c> pack against hand-built data, now frozen at 2026-06-15 12:00:00+00. Each test replaces
/// the data with its own rows. Useful instants: now-1d = 06-14 12:00, now-30d = 05-16 12:00,
/// now-90d = 03-17 12:00, now-180d = 2025-12-17 12:00.
/// The same facts run on PostgreSQL (<see cref="LearningPackOnPostgresTests"/>) and on MySQL / MariaDB
/// (<see cref="LearningPackOnMySqlTests"/>), with the same rows and the same expected values.
/// </summary>
public abstract class LearningPackTests<TDatabase>(TDatabase database) where TDatabase : IPackDatabase
{
    private static readonly DateTimeOffset Now = TestClock.Now;

    /// <summary>
    /// Five unpublished courses: 1 data, 2 dev, 3 NULL and 4 '' (both category unknown), 5 ops (never used);
    /// users 1..9.
    /// </summary>
    private const string Catalog = """
        insert into courses (id, title, category) values
          (1, 'SQL basics', 'data'), (2, 'C# in depth', 'dev'), (3, 'Figma', null), (4, 'UX writing', ''), (5, 'Kubernetes', 'ops');
        insert into users (id, created_at) values
          (1, '2026-01-01 00:00:00+00'),
          (2, '2026-01-01 00:00:00+00'),
          (3, '2026-01-01 00:00:00+00'),
          (4, '2026-01-01 00:00:00+00'),
          (5, '2026-01-01 00:00:00+00'),
          (6, '2026-01-01 00:00:00+00'),
          (7, '2026-01-01 00:00:00+00'),
          (8, '2026-01-01 00:00:00+00'),
          (9, '2026-01-01 00:00:00+00');

        """;

    // Every table the tests fill is named: on MySQL the TRUNCATE becomes one per table, without PostgreSQL's CASCADE.
    private Task<KpiHarness> GivenAsync(string rows) =>
        database.ArrangeAsync("learning", "truncate enrollments, quiz_attempts, content_feedback, course_modules, courses, users restart identity cascade;\n" + rows);

    [Fact]
    public async Task Enrollments_EnrollmentsAroundBoundaries_CountsPerCategoryWithZeroForUnusedCategories()
    {
        await using var harness = await GivenAsync(Catalog + """
            insert into enrollments (user_id, course_id, enrolled_at) values
              (1, 1, '2026-06-14 12:00:00+00'),   -- data
              (2, 1, '2026-05-16 12:00:00+00'),   -- data, exactly now-30d: included
              (3, 1, '2026-05-16 11:59:59+00'),   -- before now-30d: excluded
              (4, 2, '2026-06-13 12:00:00+00'),   -- dev
              (5, 3, '2026-06-12 12:00:00+00'),   -- NULL category: unknown
              (6, 4, '2026-06-11 12:00:00+00'),   -- '' category: unknown
              (7, 2, '2026-06-15 12:00:00+00'),   -- exactly now: excluded
              (8, 2, '2026-06-20 12:00:00+00');   -- future: excluded
            """);

        var series = await harness.SeriesAsync("kpi_enrollments");

        Assert.Equal(new Dictionary<string, double>
        {
            ["kpi_enrollments{category=data,window=30d}"] = 2,
            ["kpi_enrollments{category=dev,window=30d}"] = 1,
            ["kpi_enrollments{category=ops,window=30d}"] = 0,      // a course category without enrollments
            ["kpi_enrollments{category=unknown,window=30d}"] = 2,  // courses 3 and 4
        }, series);
    }

    [Fact]
    public async Task Enrollments_NoEnrollmentInWindow_PublishesZeroForEveryCategory()
    {
        await using var harness = await GivenAsync(Catalog);

        var series = await harness.SeriesAsync("kpi_enrollments");

        Assert.Equal(new Dictionary<string, double>
        {
            ["kpi_enrollments{category=data,window=30d}"] = 0,
            ["kpi_enrollments{category=dev,window=30d}"] = 0,
            ["kpi_enrollments{category=ops,window=30d}"] = 0,
            ["kpi_enrollments{category=unknown,window=30d}"] = 0,
        }, series);
    }

    [Fact]
    public async Task CourseEngagementRatio_EnrollmentsAroundBoundaries_SharesStartedPerCategory()
    {
        // Cohort: enrolled in [now-90d, now) = [03-17 12:00, 06-15 12:00).
        await using var harness = await GivenAsync(Catalog + """
            insert into enrollments (user_id, course_id, enrolled_at, started_at) values
              (1, 1, '2026-06-05 12:00:00+00', '2026-06-06 12:00:00+00'),  -- data: started
              (2, 1, '2026-03-17 12:00:00+00', null),                      -- data, exactly now-90d: never started
              (3, 1, '2026-05-26 12:00:00+00', '2026-06-16 12:00:00+00'),  -- data: starts in the future, not yet started
              (4, 1, '2026-03-17 11:59:59+00', '2026-03-18 12:00:00+00'),  -- before now-90d: excluded
              (5, 2, '2026-06-10 12:00:00+00', '2026-06-11 12:00:00+00'),  -- dev: started
              (6, 3, '2026-06-15 12:00:00+00', '2026-06-15 12:00:00+00');  -- exactly now: excluded, so no unknown series
            """);

        var series = await harness.SeriesAsync("kpi_course_engagement_ratio");

        Assert.Equal(new Dictionary<string, double>
        {
            ["kpi_course_engagement_ratio{category=data,window=90d}"] = 1.0 / 3,  // enrollment 1 of 1, 2, 3
            ["kpi_course_engagement_ratio{category=dev,window=90d}"] = 1,        // 1 of 1
        }, series);
    }

    [Fact]
    public async Task CourseEngagementRatio_NoEnrollmentInWindow_PublishesNoSeries()
    {
        await using var harness = await GivenAsync(Catalog + """
            insert into enrollments (user_id, course_id, enrolled_at, started_at) values (1, 1, '2026-03-01 00:00:00+00', '2026-03-02 00:00:00+00');
            """);

        Assert.Empty(await harness.SeriesAsync("kpi_course_engagement_ratio"));
    }

    [Fact]
    public async Task CourseCompletionRatio_StartedAndUnstartedEnrollments_PublishesBothBases()
    {
        // Cohort: enrolled in [now-90d, now) = [03-17 12:00, 06-15 12:00).
        await using var harness = await GivenAsync(Catalog + """
            insert into enrollments (user_id, course_id, enrolled_at, started_at, completed_at) values
              (1, 1, '2026-06-05 12:00:00+00', '2026-06-06 12:00:00+00', '2026-06-14 12:00:00+00'),  -- data: started, completed
              (2, 1, '2026-05-26 12:00:00+00', '2026-05-27 12:00:00+00', null),                      -- data: started, never completed
              (3, 1, '2026-05-16 12:00:00+00', null, null),                                          -- data: never started
              (4, 1, '2026-05-06 12:00:00+00', null, '2026-06-13 12:00:00+00'),                      -- data: completed, no start recorded
              (5, 1, '2026-03-17 12:00:00+00', '2026-03-18 12:00:00+00', '2026-04-20 12:00:00+00'),  -- data, exactly now-90d: started, completed
              (6, 1, '2026-03-17 11:59:59+00', '2026-03-18 12:00:00+00', '2026-04-20 12:00:00+00'),  -- before now-90d: excluded
              (7, 2, '2026-06-09 12:00:00+00', '2026-06-10 12:00:00+00', '2026-06-16 12:00:00+00'),  -- dev: started, completes in the future
              (8, 2, '2026-06-15 12:00:00+00', '2026-06-15 12:00:00+00', '2026-06-15 12:00:00+00'),  -- exactly now: excluded
              (9, 3, '2026-06-08 12:00:00+00', null, null);                                          -- unknown: never started
            """);

        var series = await harness.SeriesAsync("kpi_course_completion_ratio");

        Assert.Equal(new Dictionary<string, double>
        {
            // data: enrolled 1-5 (5), started 1, 2, 5 (3), completed 1, 4, 5 (3), completed among started 1, 5 (2)
            ["kpi_course_completion_ratio{basis=enrolled,category=data,window=90d}"] = 0.6,      // 3 / 5
            ["kpi_course_completion_ratio{basis=started,category=data,window=90d}"] = 2.0 / 3,  // 2 / 3
            // dev: enrolled 7, started 7, completed none (its completion is in the future)
            ["kpi_course_completion_ratio{basis=enrolled,category=dev,window=90d}"] = 0,        // 0 / 1
            ["kpi_course_completion_ratio{basis=started,category=dev,window=90d}"] = 0,         // 0 / 1
            // unknown: enrolled 9, none started: no basis=started series (empty denominator)
            ["kpi_course_completion_ratio{basis=enrolled,category=unknown,window=90d}"] = 0,    // 0 / 1
        }, series);
    }

    [Fact]
    public async Task CourseCompletionRatio_NoEnrollmentInWindow_PublishesNoSeries()
    {
        await using var harness = await GivenAsync(Catalog);

        Assert.Empty(await harness.SeriesAsync("kpi_course_completion_ratio"));
    }

    [Fact]
    public async Task CertificatesIssued_CertificatesAroundBoundaries_CountsThoseInWindow()
    {
        await using var harness = await GivenAsync(Catalog + """
            insert into enrollments (user_id, course_id, enrolled_at, certificate_issued_at) values
              (1, 1, '2026-04-01 00:00:00+00', '2026-06-14 12:00:00+00'),   -- counted
              (2, 2, '2026-04-01 00:00:00+00', '2026-05-16 12:00:00+00'),   -- exactly now-30d: counted
              (3, 1, '2026-04-01 00:00:00+00', '2026-05-16 11:59:59+00'),   -- before now-30d
              (4, 1, '2026-04-01 00:00:00+00', '2026-06-15 12:00:00+00'),   -- exactly now
              (5, 1, '2026-04-01 00:00:00+00', null);                       -- no certificate
            """);

        var series = await harness.SeriesAsync("kpi_certificates_issued");

        Assert.Equal(new Dictionary<string, double> { ["kpi_certificates_issued{window=30d}"] = 2 }, series);
    }

    [Fact]
    public async Task CertificatesIssued_NoCertificate_PublishesZero()
    {
        await using var harness = await GivenAsync(Catalog);

        var series = await harness.SeriesAsync("kpi_certificates_issued");

        Assert.Equal(new Dictionary<string, double> { ["kpi_certificates_issued{window=30d}"] = 0 }, series);
    }

    [Fact]
    public async Task QuizScoreMeanRatio_AttemptsAroundBoundaries_AveragesPerCourseCategory()
    {
        await using var harness = await GivenAsync(Catalog + """
            insert into quiz_attempts (user_id, course_id, score_ratio, attempted_at) values
              (1, 1, 0.5,  '2026-06-14 12:00:00+00'),   -- data
              (2, 1, 1.0,  '2026-05-16 12:00:00+00'),   -- data, exactly now-30d: included
              (3, 1, 0.0,  '2026-05-15 12:00:00+00'),   -- before now-30d: excluded
              (1, 2, 0.25, '2026-06-13 12:00:00+00'),   -- dev
              (2, 2, 0.5,  '2026-06-12 12:00:00+00'),   -- dev
              (3, 2, 0.9,  '2026-06-15 12:00:00+00'),   -- exactly now: excluded
              (4, 2, 0.1,  '2026-06-16 12:00:00+00'),   -- future: excluded
              (5, 3, 0.25, '2026-06-01 12:00:00+00'),   -- NULL category: unknown
              (6, 4, 1.0,  '2026-06-02 12:00:00+00');   -- '' category: unknown
            """);

        var series = await harness.SeriesAsync("kpi_quiz_score_mean_ratio");

        Assert.Equal(new Dictionary<string, double>
        {
            ["kpi_quiz_score_mean_ratio{category=data,window=30d}"] = 0.75,     // (0.5 + 1.0) / 2
            ["kpi_quiz_score_mean_ratio{category=dev,window=30d}"] = 0.375,     // (0.25 + 0.5) / 2
            ["kpi_quiz_score_mean_ratio{category=unknown,window=30d}"] = 0.625, // (0.25 + 1.0) / 2; ops has no attempts: no series
        }, series);
    }

    [Fact]
    public async Task QuizScoreMeanRatio_NoAttemptInWindow_PublishesNoSeries()
    {
        await using var harness = await GivenAsync(Catalog + """
            insert into quiz_attempts (user_id, course_id, score_ratio, attempted_at) values (1, 1, 0.5, '2026-05-01 00:00:00+00');
            """);

        Assert.Empty(await harness.SeriesAsync("kpi_quiz_score_mean_ratio"));
    }

    [Fact]
    public async Task ContentPublished_CoursesAndModulesAroundBoundaries_CountsEachKind()
    {
        // Courses 1..5 of the catalog are drafts (published_at NULL).
        await using var harness = await GivenAsync(Catalog + """
            insert into courses (id, title, category, published_at) values
              (6, 'A', 'data', '2026-06-14 12:00:00+00'),    -- counted
              (7, 'B', 'data', '2026-05-16 12:00:00+00'),    -- exactly now-30d: counted
              (8, 'C', 'data', '2026-05-16 11:59:59+00'),    -- before now-30d
              (9, 'D', 'data', '2026-06-15 12:00:00+00'),    -- exactly now
              (10, 'E', 'data', '2026-06-20 12:00:00+00');   -- scheduled in the future
            insert into course_modules (course_id, title, published_at) values
              (1, 'm1', '2026-06-13 12:00:00+00'),           -- counted
              (1, 'm2', '2026-06-05 12:00:00+00'),           -- counted
              (2, 'm3', '2026-06-05 12:00:00+00'),           -- counted
              (2, 'm4', '2026-05-16 12:00:00+00'),           -- exactly now-30d: counted
              (2, 'm5', '2026-06-15 12:00:00+00'),           -- exactly now
              (3, 'm6', null);                               -- draft
            """);

        var series = await harness.SeriesAsync("kpi_content_published");

        Assert.Equal(new Dictionary<string, double>
        {
            ["kpi_content_published{kind=course,window=30d}"] = 2,  // courses 6, 7
            ["kpi_content_published{kind=module,window=30d}"] = 4,  // m1-m4
        }, series);
    }

    [Fact]
    public async Task ContentPublished_NothingPublished_PublishesZeroForBothKinds()
    {
        await using var harness = await GivenAsync(Catalog);

        var series = await harness.SeriesAsync("kpi_content_published");

        Assert.Equal(new Dictionary<string, double>
        {
            ["kpi_content_published{kind=course,window=30d}"] = 0,
            ["kpi_content_published{kind=module,window=30d}"] = 0,
        }, series);
    }

    [Fact]
    public async Task ContentFreshnessRatio_ModulesAroundBoundaries_SharesUpdatedInWindowAmongPublished()
    {
        // Freshness window [now-180d, now) = [2025-12-17 12:00, 2026-06-15 12:00).
        await using var harness = await GivenAsync(Catalog + """
            insert into course_modules (course_id, title, published_at, updated_at) values
              (1, 'm1', '2025-08-19 12:00:00+00', '2026-06-05 12:00:00+00'),   -- fresh
              (1, 'm2', '2025-08-19 12:00:00+00', '2025-12-17 12:00:00+00'),   -- updated exactly now-180d: fresh
              (1, 'm3', '2025-08-19 12:00:00+00', '2025-12-17 11:59:59+00'),   -- stale
              (1, 'm4', '2025-08-19 12:00:00+00', null),                       -- never updated: stale
              (2, 'm5', '2026-06-05 12:00:00+00', null),                       -- published recently, never updated: stale
              (2, 'm6', null, '2026-06-14 12:00:00+00'),                       -- draft: not a published module
              (2, 'm7', '2026-06-20 12:00:00+00', '2026-06-14 12:00:00+00'),   -- published in the future: not yet published
              (3, 'm8', '2026-03-07 12:00:00+00', '2026-06-16 12:00:00+00'),   -- update dated in the future: stale
              (3, 'm9', '2026-06-15 12:00:00+00', '2026-06-15 12:00:00+00');   -- published exactly now: not yet published
            """);

        var series = await harness.SeriesAsync("kpi_content_freshness_ratio");

        // fresh m1, m2 / published m1, m2, m3, m4, m5, m8 = 2 / 6
        Assert.Equal(new Dictionary<string, double> { ["kpi_content_freshness_ratio{window=180d}"] = 2.0 / 6 }, series);
    }

    [Fact]
    public async Task ContentFreshnessRatio_NoPublishedModule_PublishesNoSeries()
    {
        await using var harness = await GivenAsync(Catalog + """
            insert into course_modules (course_id, title, published_at, updated_at) values (1, 'draft', null, '2026-06-14 12:00:00+00');
            """);

        Assert.Empty(await harness.SeriesAsync("kpi_content_freshness_ratio"));
    }

    [Fact]
    public async Task ContentRatingMean_RatingsAroundBoundaries_AveragesRatingsOnly()
    {
        // Window [now-90d, now) = [03-17 12:00, 06-15 12:00).
        await using var harness = await GivenAsync(Catalog + """
            insert into content_feedback (user_id, course_id, kind, rating, created_at) values
              (1, 1, 'rating', 5, '2026-06-14 12:00:00+00'),
              (2, 1, 'rating', 4, '2026-03-17 12:00:00+00'),    -- exactly now-90d: included
              (3, 2, 'rating', 4, '2026-05-01 12:00:00+00'),
              (4, 3, 'rating', 2, '2026-06-01 12:00:00+00'),
              (5, 1, 'rating', 1, '2026-03-17 11:59:59+00'),    -- before now-90d
              (6, 1, 'rating', 2, '2026-06-15 12:00:00+00'),    -- exactly now
              (7, 1, 'rating', 5, '2026-06-16 12:00:00+00'),    -- future
              (8, 1, 'share', null, '2026-06-10 12:00:00+00'),  -- not a rating
              (9, 1, 'comment', null, '2026-06-10 12:00:00+00');
            """);

        var series = await harness.SeriesAsync("kpi_content_rating_mean");

        // (5 + 4 + 4 + 2) / 4 = 15 / 4
        Assert.Equal(new Dictionary<string, double> { ["kpi_content_rating_mean{window=90d}"] = 3.75 }, series);
    }

    [Fact]
    public async Task ContentRatingMean_NoRatingInWindow_PublishesNoSeries()
    {
        await using var harness = await GivenAsync(Catalog + """
            insert into content_feedback (user_id, course_id, kind, rating, created_at) values
              (1, 1, 'share', null, '2026-06-10 12:00:00+00'),
              (2, 1, 'rating', 5, '2026-03-01 12:00:00+00');
            """);

        Assert.Empty(await harness.SeriesAsync("kpi_content_rating_mean"));
    }

    [Fact]
    public async Task ContentSocialActions_FeedbackAroundBoundaries_CountsPerKindWithZeros()
    {
        await using var harness = await GivenAsync(Catalog + """
            insert into content_feedback (user_id, course_id, kind, rating, created_at) values
              (1, 1, 'rating', 5, '2026-06-14 12:00:00+00'),
              (2, 1, 'share', null, '2026-06-13 12:00:00+00'),
              (3, 2, 'share', null, '2026-05-16 12:00:00+00'),    -- exactly now-30d: included
              (4, 2, 'share', null, '2026-05-16 11:59:59+00'),    -- before now-30d
              (5, 1, 'comment', null, '2026-06-15 12:00:00+00'),  -- exactly now
              (6, 1, 'comment', null, '2026-06-20 12:00:00+00');  -- future
            """);

        var series = await harness.SeriesAsync("kpi_content_social_actions");

        Assert.Equal(new Dictionary<string, double>
        {
            ["kpi_content_social_actions{kind=comment,window=30d}"] = 0,
            ["kpi_content_social_actions{kind=rating,window=30d}"] = 1,
            ["kpi_content_social_actions{kind=share,window=30d}"] = 2,
        }, series);
    }

    [Fact]
    public async Task ContentSocialActions_NoFeedback_PublishesZeroForEveryKind()
    {
        await using var harness = await GivenAsync(Catalog);

        var series = await harness.SeriesAsync("kpi_content_social_actions");

        Assert.Equal(new Dictionary<string, double>
        {
            ["kpi_content_social_actions{kind=comment,window=30d}"] = 0,
            ["kpi_content_social_actions{kind=rating,window=30d}"] = 0,
            ["kpi_content_social_actions{kind=share,window=30d}"] = 0,
        }, series);
    }
}

public sealed class LearningPackOnPostgresTests(ReferenceSchemaDatabase database)
    : LearningPackTests<ReferenceSchemaDatabase>(database), IClassFixture<ReferenceSchemaDatabase>;

public sealed class LearningPackOnMySqlTests(MySqlReferenceSchemaDatabase database)
    : LearningPackTests<MySqlReferenceSchemaDatabase>(database), IClassFixture<MySqlReferenceSchemaDatabase>;
