using Exporter.Demo;
using Exporter.Tests.Infrastructure;

namespace Exporter.Tests.Demo;

/// <summary>A fresh database seeded like <c>demo seed</c> does by default (scale 1, history ending now).</summary>
public sealed class SeededDemoDatabase : ReferenceSchemaDatabase
{
    public DemoSeedResult Result { get; private set; } = null!;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        Result = await new DemoSeeder(ConnectionString, TimeProvider.System).SeedAsync(
            new DemoSeedOptions(), SilentSeedProgress.Instance, CancellationToken.None);
    }
}
