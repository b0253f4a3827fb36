namespace Exporter.Demo;

/// <summary>The random streams of the generators; each part of the data draws from its own.</summary>
public enum DemoStream
{
    Leads = 1,
    Marketing = 2,
    Customers = 3,
    Invoices = 4,
    Users = 5,
    Sessions = 6,
    Events = 7,
    Courses = 8,
    Enrollments = 9,
    Support = 10,
    Nps = 11,
    Csat = 12,
    Marketplace = 13,
    Requests = 14,
    Traffic = 15,
}
