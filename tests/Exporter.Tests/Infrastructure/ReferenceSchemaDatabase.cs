using Exporter.Demo;

namespace Exporter.Tests.Infrastructure;

/// <summary>A fresh database with the reference schema applied (empty tables): for pack tests.</summary>
public class ReferenceSchemaDatabase : TestDatabase
{
    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await DemoSchema.ApplyAsync(ConnectionString, CancellationToken.None);
    }
}
