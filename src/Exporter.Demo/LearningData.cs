using NpgsqlTypes;

namespace Exporter.Demo;

/// <summary>
/// The e-learning catalogue and its use: courses (a back catalogue plus steady new releases) with modules
/// added and refreshed over time; enrollments that start (~80%) and complete (~45% of starts) at realistic
/// delays, with certificates; quiz attempts whose scores improve with practice; ratings, shares, comments.
/// </summary>
public sealed class LearningData
{
    private const int CoursesPerScale = 20;

    private static readonly (string Category, string[] Topics, bool Office)[] Topics =
    [
        ("data", ["SQL", "Data Visualisation", "Statistics", "Python for Data", "Machine Learning"], true),
        ("development", ["JavaScript", "Cloud Architecture", "Testing", "APIs", "Security"], true),
        ("design", ["UX Research", "Figma", "Typography", "Accessibility"], false),
        ("management", ["Leading Teams", "Project Management", "Feedback", "Hiring"], true),
        ("marketing", ["SEO", "Content Strategy", "Analytics", "Branding"], false),
        ("languages", ["English", "Spanish", "German", "French"], false),
        ("compliance", ["GDPR", "Information Security", "Anti-Bribery", "Workplace Safety"], true),
        ("soft_skills", ["Public Speaking", "Negotiation", "Time Management", "Writing"], false),
    ];

    private static readonly string[] Levels = ["Foundations", "Essentials", "Intermediate", "Advanced", "Masterclass"];

    private readonly DemoStory _story;

    private LearningData(DemoStory story) => _story = story;

    public List<Course> Courses { get; } = [];

    public List<Module> Modules { get; } = [];

    public List<Enrollment> Enrollments { get; } = [];

    public List<QuizAttempt> QuizAttempts { get; } = [];

    public List<Feedback> ContentFeedback { get; } = [];

    /// <summary>Customers with at least one user who completed a course.</summary>
    public HashSet<Customer> TrainedCustomers { get; } = [];

    public static LearningData Generate(DemoContext context, UserData users)
    {
        var data = new LearningData(context.Story);
        data.Publish(context, context.Random(DemoStream.Courses));
        data.Learn(context, users, context.Random(DemoStream.Enrollments));
        return data;
    }

    public IEnumerable<DemoTable> Tables() =>
    [
        new DemoTable<Course>("courses", Courses, new()
        {
            { "id", (w, c) => w.WriteId(c.Id) },
            { "title", (w, c) => w.WriteText(c.Title) },
            { "category", (w, c) => w.WriteText(c.Category) },
            { "published_at", (w, c) => w.WriteTime(c.PublishedAt) },
            { "updated_at", (w, c) => w.WriteTime(c.UpdatedAt) },
        }),
        new DemoTable<Module>("course_modules", Modules, new()
        {
            { "id", (w, m) => w.WriteId(m.Id) },
            { "course_id", (w, m) => w.WriteId(m.Course.Id) },
            { "title", (w, m) => w.WriteText(m.Title) },
            { "published_at", (w, m) => w.WriteTime(m.PublishedAt) },
            { "updated_at", (w, m) => w.WriteTime(m.UpdatedAt) },
        }),
        new DemoTable<Enrollment>("enrollments", Enrollments, new()
        {
            { "id", (w, e) => w.WriteId(e.Id) },
            { "user_id", (w, e) => w.WriteId(e.User.Id) },
            { "course_id", (w, e) => w.WriteId(e.Course.Id) },
            { "enrolled_at", (w, e) => w.WriteTime(e.EnrolledAt) },
            { "started_at", (w, e) => w.WriteTime(e.StartedAt) },
            { "completed_at", (w, e) => w.WriteTime(e.CompletedAt) },
            { "certificate_issued_at", (w, e) => w.WriteTime(e.CertificateIssuedAt) },
        }),
        new DemoTable<QuizAttempt>("quiz_attempts", QuizAttempts, new()
        {
            { "id", (w, q) => w.WriteId(q.Id) },
            { "user_id", (w, q) => w.WriteId(q.Enrollment.User.Id) },
            { "course_id", (w, q) => w.WriteId(q.Enrollment.Course.Id) },
            { "score_ratio", (w, q) => w.WriteDouble(q.ScoreRatio) },
            { "attempted_at", (w, q) => w.WriteTime(q.AttemptedAt) },
        }),
        new DemoTable<Feedback>("content_feedback", ContentFeedback, new()
        {
            { "id", (w, f) => w.WriteId(f.Id) },
            { "user_id", (w, f) => w.WriteId(f.Enrollment.User.Id) },
            { "course_id", (w, f) => w.WriteId(f.Enrollment.Course.Id) },
            { "kind", (w, f) => w.WriteText(f.Kind) },
            { "rating", (w, f) => w.WriteSmallint(f.Rating) },
            { "created_at", (w, f) => w.WriteTime(f.CreatedAt) },
        }),
    ];

    private void Publish(DemoContext context, DemoRandom random)
    {
        var story = _story;
        var count = CoursesPerScale * context.Scale;
        for (var i = 0; i < count; i++)
        {
            var (category, topics, office) = Topics[random.Next(0, Topics.Length)];
            var title = $"{random.Pick(topics)} {random.Pick(Levels)}";
            // Half the catalogue predates the history, the rest is released steadily (one release per
            // scale unit in the last month, so there is always something new), a few are drafts.
            DateTime? published = i < context.Scale ? story.Now - random.Days(1, 28)
                : random.Chance(0.05) ? null
                : random.Chance(0.5) ? story.Start - random.Days(0, 720)
                : story.Start + random.Days(0, story.Options.Days);
            published = published is { } p ? story.TimeOfDay(random, p.Date, office: true) : null;
            if (published >= story.Now)
                published = null;
            var course = new Course(title, category, office, published)
            {
                Quality = random.Normal(4.0, 0.35),
                Difficulty = random.Uniform(0, 0.18),
                Certificate = random.Chance(0.8),
                Popularity = random.LogNormal(1, 0.9),
            };
            var modules = random.Next(4, 13);
            for (var k = 1; k <= modules; k++)
            {
                // A third of the modules are added after the course's release; modules get refreshed.
                DateTime? modulePublished = published is not { } coursePublished ? null
                    : k <= modules * 2 / 3 ? coursePublished
                    : story.Happened(coursePublished + random.Days(7, 500));
                if (modulePublished is null && published is not null)
                    continue;
                var since = modulePublished ?? story.Now - random.Days(0, 60);
                var updated = random.Chance(0.55) ? story.Happened(DemoStory.Second(since + random.Days(1, 700))) ?? since : since;
                var module = new Module(course, $"Module {k}", modulePublished, updated);
                course.Modules.Add(module);
            }
            course.UpdatedAt = course.Modules.Count > 0 ? course.Modules.Max(m => m.UpdatedAt) : published;
            Courses.Add(course);
        }
        Courses.Sort((a, b) => (a.PublishedAt ?? DateTime.MaxValue).CompareTo(b.PublishedAt ?? DateTime.MaxValue));
        var id = context.FirstId("courses");
        foreach (var course in Courses)
            course.Id = id++;
        id = context.FirstId("course_modules");
        foreach (var module in Courses.SelectMany(c => c.Modules))
        {
            module.Id = id++;
            Modules.Add(module);
        }
    }

    private void Learn(DemoContext context, UserData users, DemoRandom random)
    {
        var story = _story;
        var published = Courses.Where(c => c.PublishedAt is not null).ToList();
        if (published.Count == 0)
            return;
        var office = new Weighted<Course>([.. published.Select(c => (c, c.Popularity * (c.Office ? 3 : 1)))]);
        var learner = new Weighted<Course>([.. published.Select(c => (c, c.Popularity * (c.Office ? 1 : 2)))]);
        foreach (var user in users.Users)
        {
            var trains = user.Customer is null || user.Customer.TrainsUsers;
            var count = random.Poisson(trains ? (user.ActivatedAt is null ? 0.4 : 2.0) : 0.15);
            var end = user.ActiveUntil ?? story.Now;
            var ability = random.Normal(0.72, 0.12);
            var enrolled = user.CreatedAt;
            var taken = new HashSet<Course>();
            for (var n = 0; n < count; n++)
            {
                enrolled = DemoStory.Second(enrolled + TimeSpan.FromDays(random.Exponential(n == 0 ? 12 : 45)));
                if (enrolled >= end)
                    break;
                var course = (user.Office ? office : learner).Pick(random);
                if (course.PublishedAt > enrolled || !taken.Add(course))
                    continue;
                var enrollment = Follow(random, user, course, enrolled, end);
                Enrollments.Add(enrollment);
                Practice(random, enrollment, ability, end);
                Review(random, enrollment, end);
                if (enrollment.CompletedAt is not null && user.Customer is { } customer)
                    TrainedCustomers.Add(customer);
            }
        }
        Enrollments.Sort((a, b) => a.EnrolledAt.CompareTo(b.EnrolledAt));
        Number(Enrollments, context.FirstId("enrollments"), (e, id) => e.Id = id);
        QuizAttempts.Sort((a, b) => a.AttemptedAt.CompareTo(b.AttemptedAt));
        Number(QuizAttempts, context.FirstId("quiz_attempts"), (q, id) => q.Id = id);
        ContentFeedback.Sort((a, b) => a.CreatedAt.CompareTo(b.CreatedAt));
        Number(ContentFeedback, context.FirstId("content_feedback"), (f, id) => f.Id = id);
    }

    /// <summary>Starts (80%) within hours or days, completes (~45% of starts) within weeks, certificate on completion.</summary>
    private Enrollment Follow(DemoRandom random, User user, Course course, DateTime enrolled, DateTime end)
    {
        DateTime? started = null, completed = null, certificate = null;
        if (random.Chance(0.8))
        {
            started = Before(DemoStory.Second(enrolled + TimeSpan.FromHours(Math.Min(random.LogNormal(6, 1.5), 24 * 30))), end);
            var completion = course.Category == "compliance" ? 0.6 : 0.42;
            if (started is { } s && random.Chance(completion))
            {
                completed = Before(DemoStory.Second(s + TimeSpan.FromDays(random.LogNormal(12, 0.8))), end);
                if (completed is { } c && course.Certificate)
                    certificate = Before(c.AddSeconds(random.Next(10, 3 * 3600)), _story.Now);
            }
        }
        return new Enrollment(user, course, enrolled, started, completed, certificate);
    }

    private void Practice(DemoRandom random, Enrollment enrollment, double ability, DateTime end)
    {
        if (enrollment.StartedAt is not { } started)
            return;
        var until = enrollment.CompletedAt ?? end;
        var attempts = random.Poisson(2.2);
        for (var k = 0; k < attempts; k++)
        {
            var at = DemoStory.Second(started + TimeSpan.FromSeconds(random.NextDouble() * (until - started).TotalSeconds));
            // Scores out of 20 questions: the learner's ability, the course's difficulty, practice.
            var score = ability - enrollment.Course.Difficulty + (0.04 * k) + random.Normal(0, 0.1);
            var ratio = Math.Clamp(Math.Round(score * 20), 0, 20) / 20.0;
            if (at < _story.Now)
                QuizAttempts.Add(new QuizAttempt(enrollment, ratio, at));
        }
    }

    private void Review(DemoRandom random, Enrollment enrollment, DateTime end)
    {
        if (enrollment.StartedAt is not { } started)
            return;
        var course = enrollment.Course;
        DateTime At() => DemoStory.Second(enrollment.CompletedAt is { } c ? c + random.Days(0, 2) : started + random.Days(1, 20));
        if (random.Chance(0.35) && Before(At(), end) is { } rated)
        {
            var mean = course.Quality + (enrollment.CompletedAt is null ? -0.5 : 0.2);
            ContentFeedback.Add(new Feedback(enrollment, "rating", (short)random.Score(mean, 0.9, 1, 5), rated));
        }
        if (random.Chance(0.08) && Before(At(), end) is { } shared)
            ContentFeedback.Add(new Feedback(enrollment, "share", null, shared));
        if (random.Chance(0.14) && Before(At(), end) is { } commented)
            ContentFeedback.Add(new Feedback(enrollment, "comment", null, commented));
    }

    private DateTime? Before(DateTime t, DateTime end) => t < end && t < _story.Now ? t : null;

    private static void Number<T>(List<T> items, long firstId, Action<T, long> setId)
    {
        var id = firstId;
        foreach (var item in items)
            setId(item, id++);
    }

    public sealed class Course(string title, string category, bool office, DateTime? publishedAt)
    {
        public long Id { get; set; }

        public string Title { get; } = title;

        public string Category { get; } = category;

        /// <summary>A professional topic: customer seats take it more than learners do.</summary>
        public bool Office { get; } = office;

        public DateTime? PublishedAt { get; } = publishedAt;

        public DateTime? UpdatedAt { get; set; }

        /// <summary>Mean rating learners give it (1..5).</summary>
        public double Quality { get; init; }

        /// <summary>Lowers quiz scores (0..0.18).</summary>
        public double Difficulty { get; init; }

        public bool Certificate { get; init; }

        public double Popularity { get; init; }

        public List<Module> Modules { get; } = [];
    }

    public sealed record Module(Course Course, string Title, DateTime? PublishedAt, DateTime? UpdatedAt)
    {
        public long Id { get; set; }
    }

    public sealed record Enrollment(User User, Course Course, DateTime EnrolledAt, DateTime? StartedAt, DateTime? CompletedAt, DateTime? CertificateIssuedAt)
    {
        public long Id { get; set; }
    }

    public sealed record QuizAttempt(Enrollment Enrollment, double ScoreRatio, DateTime AttemptedAt)
    {
        public long Id { get; set; }
    }

    public sealed record Feedback(Enrollment Enrollment, string Kind, short? Rating, DateTime CreatedAt)
    {
        public long Id { get; set; }
    }
}
