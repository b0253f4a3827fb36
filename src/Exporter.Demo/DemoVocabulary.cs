namespace Exporter.Demo;

/// <summary>The label values the demo data uses: segments, countries, channels, names.</summary>
public static class DemoVocabulary
{
    public static readonly Weighted<string> Countries = new(
        ("FR", 21), ("DE", 15), ("US", 18), ("GB", 11), ("ES", 6), ("IT", 5), ("NL", 5),
        ("BE", 4), ("CA", 4), ("CH", 3), ("BR", 4), ("IN", 4));

    public static readonly Weighted<string> SelfServeChannels = new(
        ("organic", 35), ("sea", 30), ("referral", 12), ("affiliate", 13), ("webinar", 10));

    public static readonly Weighted<string> LeadChannels = new(
        ("webinar", 28), ("referral", 20), ("sea", 20), ("organic", 22), ("affiliate", 10));

    public static readonly Weighted<string> Sectors = new(
        ("education", 20), ("technology", 22), ("healthcare", 10), ("finance", 12), ("retail", 10),
        ("public_sector", 8), ("manufacturing", 10), ("consulting", 8));

    public static readonly Weighted<string> AgeBands = new(
        ("18-24", 18), ("25-34", 32), ("35-44", 24), ("45-54", 15), ("55-64", 8), ("65+", 3));
    /// <summary>The customer's billing currency, from its country (ISO 4217).</summary>
    public static string CurrencyOf(string country) => country switch
    {
        "US" or "CA" or "BR" or "IN" => "USD",
        "GB" => "GBP",
        _ => "EUR",
    };

    /// <summary>A list price in EUR cents converted to a rounded price in <paramref name="currency"/>.</summary>
    public static long Price(long euroCents, string currency) => currency switch
    {
        "USD" => RoundToHundred(euroCents * 1.1),
        "GBP" => RoundToHundred(euroCents * 0.86),
        _ => euroCents,
    };

    private static readonly string[] CompanyFirst =
    [
        "Blue", "Nordic", "Atlas", "Bright", "Cedar", "Delta", "Ember", "Falcon", "Granite", "Harbor", "Iris",
        "Juniper", "Kestrel", "Lumen", "Maple", "Nova", "Orbit", "Pine", "Quartz", "River", "Summit", "Tidal",
        "Union", "Vertex", "Willow", "Zenith", "Alpine", "Beacon", "Coral", "Dune",
    ];

    private static readonly string[] CompanySecond =
    [
        "Labs", "Systems", "Learning", "Health", "Logistics", "Capital", "Foods", "Retail", "Works", "Analytics",
        "Consulting", "Energy", "Media", "Robotics", "Studio", "Partners", "Academy", "Bank", "Mobility", "Software",
    ];

    private static readonly string[] CompanySuffix = ["", "", " GmbH", " SAS", " Ltd", " Inc", " BV", " SA", " Group"];

    private static readonly string[] FirstNames =
    [
        "Alice", "Bruno", "Chloé", "David", "Emma", "Felix", "Giulia", "Hugo", "Inès", "Jonas", "Kara", "Léo",
        "Maya", "Nils", "Olivia", "Paul", "Quentin", "Rosa", "Sami", "Tara", "Ugo", "Vera", "Wei", "Yara", "Zoé",
        "Arjun", "Beatriz", "Carlos", "Priya", "Liam",
    ];

    private static readonly string[] LastNames =
    [
        "Martin", "Schmidt", "Smith", "Garcia", "Rossi", "de Vries", "Dubois", "Müller", "Johnson", "Silva",
        "Patel", "Lefebvre", "Fischer", "Brown", "Lopez", "Bianchi", "Janssens", "Moreau", "Weber", "Taylor",
    ];

    public static string CompanyName(DemoRandom random) =>
        $"{random.Pick(CompanyFirst)} {random.Pick(CompanySecond)}{random.Pick(CompanySuffix)}";

    public static string PersonName(DemoRandom random) => $"{random.Pick(FirstNames)} {random.Pick(LastNames)}";

    private static long RoundToHundred(double cents) => (long)Math.Round(cents / 100.0) * 100;
}
