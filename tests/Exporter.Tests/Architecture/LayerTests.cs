using System.Reflection;
using Exporter.Demo;
using NetArchTest.Rules;

namespace Exporter.Tests.Architecture;

/// <summary>
/// The direction of references (docs/architecture.md): each folder of src/Exporter is a layer and references
/// only the layers before it; layers on the same step do not reference each other. The demo generator lives in
/// its own assembly.
/// </summary>
public sealed class LayerTests
{
    /// <summary>The layers, first to last; the names on one line are peers.</summary>
    private static readonly string[][] Layers =
    [
        ["Model"],
        ["Configuration", "Logging"],
        ["Datasources"],
        ["Kpis", "Probes"],
        ["Metrics"],
        ["Cluster"],
        ["Runs"],
        ["Scheduling", "Http"],
        ["Cli"],
    ];

    private static readonly Assembly Service = typeof(ExporterHost).Assembly;

    public static TheoryData<string> LayerNames => [.. Layers.SelectMany(step => step)];

    [Theory]
    [MemberData(nameof(LayerNames))]
    public void Layer_ReferencesToLaterOrPeerLayers_None(string layer)
    {
        var step = Array.FindIndex(Layers, s => s.Contains(layer));
        var forbidden = Layers.Skip(step).SelectMany(s => s).Where(other => other != layer).Select(other => $"Exporter.{other}")
            .Append("Exporter.Demo").Where(_ => layer != "Cli").ToArray();
        Assert.NotEmpty(Types.InAssembly(Service).That().ResideInNamespace($"Exporter.{layer}").GetTypes());
        if (forbidden.Length == 0)
            return;

        var result = Types.InAssembly(Service).That().ResideInNamespace($"Exporter.{layer}")
            .ShouldNot().HaveDependencyOnAny(forbidden).GetResult();

        Assert.True(result.IsSuccessful,
            $"Exporter.{layer} references a later layer ({string.Join(", ", forbidden)}): {string.Join(", ", result.FailingTypeNames ?? [])}");
    }

    [Fact]
    public void Layers_EveryServiceNamespace_IsALayerOrTheCompositionRoot()
    {
        var known = Layers.SelectMany(s => s).Select(l => $"Exporter.{l}").Append("Exporter").ToHashSet(StringComparer.Ordinal);

        var unknown = Service.GetTypes().Select(t => t.Namespace).OfType<string>()
            .Where(ns => ns.StartsWith("Exporter", StringComparison.Ordinal) && !known.Contains(ns))
            .Distinct().Order(StringComparer.Ordinal).ToArray();

        Assert.Empty(unknown);
    }

    [Fact]
    public void Model_Dependencies_OnlyTheBaseLibrary()
    {
        var result = Types.InAssembly(Service).That().ResideInNamespace("Exporter.Model")
            .ShouldNot().HaveDependencyOnAny("Quartz", "Npgsql", "Dapper", "Prometheus", "YamlDotNet", "Microsoft.AspNetCore", "Microsoft.Extensions")
            .GetResult();

        Assert.True(result.IsSuccessful, string.Join(", ", result.FailingTypeNames ?? []));
    }

    [Fact]
    public void ExporterAssembly_DemoTypes_None()
    {
        var demoTypes = Types.InAssembly(Service).That().ResideInNamespace("Exporter.Demo").GetTypes();

        Assert.Empty(demoTypes.Select(t => t.FullName));
        Assert.Equal("Exporter.Demo", typeof(DemoSeeder).Assembly.GetName().Name);
    }

    [Fact]
    public void DemoAssembly_ReferencesToTheService_None()
    {
        var references = typeof(DemoSeeder).Assembly.GetReferencedAssemblies().Select(a => a.Name);

        Assert.DoesNotContain(Service.GetName().Name, references);
        Assert.DoesNotContain("Spectre.Console", Service.GetReferencedAssemblies().Select(a => a.Name));
    }
}
