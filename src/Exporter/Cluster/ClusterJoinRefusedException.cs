namespace Exporter.Cluster;

/// <summary>This replica's config differs from the one every live replica runs: it must not take part in their schedule.</summary>
public sealed class ClusterJoinRefusedException(string message) : Exception(message);
