namespace Exporter.Runs;

/// <summary>What every status on a <see cref="StatusBoard{TStatus}"/> has: when it last ran, and how to say when it runs next.</summary>
public interface IRunStatus<TSelf> where TSelf : IRunStatus<TSelf>
{
    /// <summary>Null until the first run has been attempted.</summary>
    DateTimeOffset? LastRunAt { get; }

    TSelf WithNextRunAt(DateTimeOffset? nextRunAt);
}
