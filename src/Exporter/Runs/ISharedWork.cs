using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace Exporter.Runs;

/// <summary>A kind of scheduled work whose statuses replicas of a cluster share through the state database.</summary>
public interface ISharedWork
{
    /// <summary>The kind of work, as stored with each status (<c>kpi</c>, <c>probe</c>).</summary>
    string Kind { get; }

    /// <summary>The revision of the item's status shown now (0: none from the state database).</summary>
    long ShownRevision(string key);

    /// <summary>Shows a status another replica recorded, unless this replica knows another version of the item or a newer status.</summary>
    void ApplyShared(string key, string version, long revision, string state);
}

/// <summary>How a status is stored: JSON, with the infinities a KPI may publish.</summary>
public static class SharedStatus
{
    public static string Write<TStatus>(TStatus status) => JsonSerializer.Serialize(status, TypeInfo<TStatus>());

    public static TStatus Read<TStatus>(string json) => JsonSerializer.Deserialize(json, TypeInfo<TStatus>())!;

    private static JsonTypeInfo<TStatus> TypeInfo<TStatus>() =>
        SharedStatusJson.Default.GetTypeInfo(typeof(TStatus)) as JsonTypeInfo<TStatus>
        ?? throw new NotSupportedException($"{typeof(TStatus).Name} is not a shared status type.");
}

/// <summary>The shared statuses' serializer, generated at build time (no reflection: works in a NativeAOT build).</summary>
[JsonSourceGenerationOptions(NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals)]
[JsonSerializable(typeof(KpiStatus))]
[JsonSerializable(typeof(ProbeStatus))]
internal sealed partial class SharedStatusJson : JsonSerializerContext;
